// Benchmark 5: spot and region latency with the default latency model (three regions,
// --latency-scale 1).
//
// (a) Strong reads (`?strongConsistency=true`) of one document of a spot collection, sent to
//     each region's own URL. A region other than the spot region routes the read to the spot
//     region and back, so its configured round trip is delay(R→spot) + delay(spot→R) plus the
//     seeded jitter of both legs; the spot region's own is 0. The link delays come from the
//     emulator (GET /_emulator/stats). Jitter is uniform in [0, 0.1 × delay] per leg
//     (src/emulator/regions/links.ts), so the sum of two legs has its median at 0.1 × the
//     one-way delay: the p50 round trip the model prescribes is 2.1 × the one-way delay.
//     Overhead at p50 = p50(measured wall time) − that figure.
// (b) `c8spot region-read --collection c --key k` over the three regions against the same
//     run with `--regions <spot region>` only, interleaved. The difference is what reading the
//     other two regions adds; parallel reads add about the slowest region's round trip, reads
//     one after another would add the sum.
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { median, ms, ratio, startBare, startChildEmulator, timeChild, type ChildEmulator } from './emulator-child.js';
import type { BenchOptions, BenchRow, Benchmark } from './types.js';

const BENCH = '5. spot and region latency';
const COLLECTION = 'bench_spot_latency';
const KEY = 'probe';
/** links.ts: jitter per leg uniform in [0, JITTER_RATIO × delay]. */
const JITTER_RATIO = 0.1;
/** Idle gap before each floor request, about a remote strong read's round trip. */
const FLOOR_IDLE_MS = 120;

interface LinkStat {
  readonly from: string;
  readonly to: string;
  readonly delayMs: number;
}

interface Read {
  /** Wall time in this process, request to last byte. */
  readonly wallMs: number;
  /** The emulator's own x-gdn-responsetime: onRequest to onSend, without the HTTP stacks either side. */
  readonly serverMs: number;
}

async function strongReads(emu: ChildEmulator, regionUrl: string, n: number): Promise<Read[]> {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
  const url = `${regionUrl}/_fabric/_system/_api/document/${COLLECTION}/${KEY}?strongConsistency=true`;
  const headers = { authorization: `apikey ${emu.apiKey}` };
  const once = async (): Promise<Read> => {
    const started = performance.now();
    const res = await request(url, { dispatcher: agent, headers });
    const text = await res.body.text();
    const wallMs = performance.now() - started;
    if (res.statusCode !== 200) throw new Error(`strong read at ${regionUrl}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
    return { wallMs, serverMs: Number(res.headers['x-gdn-responsetime']) };
  };
  try {
    await once(); // opens the keep-alive connection; not counted
    const out: Read[] = [];
    for (let i = 0; i < n; i++) out.push(await once());
    return out;
  } finally {
    await agent.close();
  }
}

export const benchmark: Benchmark = {
  name: 'latency',
  title: '5. Spot and region latency',
  howMeasured: `\`c8spot emulator start --in-memory\` with the default latency model (three regions,
\`--latency-scale 1\`, seeded jitter) runs as its own process; \`_system\` has a spot region and a
spot collection holds one document. Strong reads (\`?strongConsistency=true\`) of it go to each
region's own URL, one at a time on one keep-alive connection per region, region after region. A read entering elsewhere than the spot region pays delay(R→spot) +
delay(spot→R), from \`GET /_emulator/stats\`, plus jitter uniform in [0, 0.1 × delay] on each leg,
whose sum has its median at 0.1 × the one-way delay: that p50 round trip is what the model
prescribes, and the overhead is the measured p50 minus it (for the spot region itself, the whole
p50). The overhead counts the HTTP round trip on both sides; the row also gives the part spent
inside the emulator (its \`x-gdn-responsetime\` header, onRequest to onSend), and an information
row gives the machine's floor: the same reply, same client, from a bare \`node:http\` server, back
to back and after 120 ms idle (what a remote read waits; waking idle processes costs time). For \`region-read\`, the real CLI runs \`region-read --collection … --key … -o json\` over all
regions and, right after or before it, the same with \`--regions <spot>\`; the median of the
pairs' differences is what reading the other regions adds, compared with the slowest region's p50 strong read
(parallel reads add about that, sequential ones the sum).`,
  async run(opts: BenchOptions): Promise<BenchRow[]> {
    const reads = opts.quick ? 3 : 61;
    const pairs = opts.quick ? 1 : 13;
    const emu = await startChildEmulator({ cliPath: opts.cliPath, dir: join(opts.workDir, 'latency'), seed: opts.seed });
    try {
      const current = await emu.call<{ result: { options: { spotDc?: string } } }>('GET', '/_fabric/_system/_api/database/current');
      const spot = current.result.options.spotDc;
      if (!spot) throw new Error('_system has no spot region');
      await emu.call('POST', '/_fabric/_system/_api/collection', { name: COLLECTION, isSpot: true });
      await emu.call('POST', `/_fabric/_system/_api/document/${COLLECTION}`, { _key: KEY, balance: 100, owner: 'bench' });
      const stats = await emu.call<{ links: LinkStat[] }>('GET', '/_emulator/stats');
      const delay = (from: string, to: string): number => stats.links.find((l) => l.from === from && l.to === to)?.delayMs ?? 0;

      // (a) one region after the other, one read at a time, so nothing else runs in this process
      // or the emulator while a read is timed (the HTTP floor below is measured the same way).
      const regions = Object.entries(emu.regions);
      const samples: Read[][] = [];
      for (const [, url] of regions) samples.push(await strongReads(emu, url, reads));
      const rows: BenchRow[] = [];
      let slowest = { region: '', p50: 0 };
      regions.forEach(([name], i) => {
        const p50 = median(samples[i]!.map((r) => r.wallMs));
        const serverP50 = median(samples[i]!.map((r) => r.serverMs));
        const oneWay = name === spot ? 0 : (delay(name, spot) + delay(spot, name)) / 2;
        const configured = name === spot ? 0 : delay(name, spot) + delay(spot, name) + 2 * (JITTER_RATIO / 2) * oneWay;
        const overhead = p50 - configured;
        if (p50 > slowest.p50) slowest = { region: name, p50 };
        rows.push({
          bench: BENCH,
          metric: `strong read from ${name}${name === spot ? ' (spot region)' : ''}: p50 overhead beyond the configured round trip`,
          target: '≤ 1 ms',
          measured: `${ms(overhead)} (p50 ${ms(p50)}, configured ${ms(configured)}; inside the emulator ${ms(serverP50 - configured)})`,
          pass: overhead <= 1,
          details: { reads, p50Ms: round2(p50), configuredP50Ms: round2(configured), overheadMs: round2(overhead), serverP50Ms: round2(serverP50) },
        });
        opts.log(`  ${name}: p50 ${ms(p50)} (server ${ms(serverP50)}), configured ${ms(configured)}`);
      });

      // This machine's floor for one keep-alive HTTP round trip, same client, same reply body:
      // the spot region's own read cannot beat it.
      const body = JSON.stringify(await emu.call('GET', `/_fabric/_system/_api/document/${COLLECTION}/${KEY}`));
      const bare = await startBare(body);
      try {
        const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
        // Back to back, like the spot region's own reads; and after an idle gap like a remote
        // read's round trip, because waking two idle processes on a VM costs time of its own.
        const floorOf = async (n: number, idleMs: number): Promise<number> => {
          const out: number[] = [];
          for (let i = 0; i <= n; i++) {
            if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
            const started = performance.now();
            const res = await request(`${bare.url}/`, { dispatcher: agent });
            await res.body.text();
            if (i > 0) out.push(performance.now() - started);
          }
          return median(out);
        };
        const hot = await floorOf(reads, 0);
        const idle = await floorOf(opts.quick ? 3 : 31, FLOOR_IDLE_MS);
        await agent.close();
        rows.push({
          bench: BENCH,
          metric: 'HTTP round trip floor: the same reply from a bare node:http server, p50',
          target: '(info)',
          measured: `${ms(hot)} back to back, ${ms(idle)} after ${FLOOR_IDLE_MS} ms idle`,
          details: { floorP50Ms: round2(hot), floorAfterIdleP50Ms: round2(idle), idleMs: FLOOR_IDLE_MS },
        });
      } finally {
        await bare.stop();
      }

      // (b) region-read through the CLI, the three regions vs the spot region alone.
      const base = [opts.cliPath, 'region-read', '--collection', COLLECTION, '--key', KEY, '-o', 'json'];
      const all: number[] = [];
      const spotOnly: number[] = [];
      const run = (args: string[], into: number[]): void => {
        const r = timeChild(args, emu.cliEnv);
        if (r.status !== 0) throw new Error(`region-read exited ${r.status}: ${r.stderr.slice(0, 300)}`);
        into.push(r.ms);
      };
      if (!opts.quick) run(base, []); // warm the page cache
      for (let p = 0; p < pairs; p++) {
        if (p % 2 === 0) {
          run(base, all);
          run([...base, '--regions', spot], spotOnly);
        } else {
          run([...base, '--regions', spot], spotOnly);
          run(base, all);
        }
      }
      // Each pair ran back to back, so its difference cancels most machine noise of that moment.
      const added = median(all.map((t, i) => t - spotOnly[i]!));
      const fanOutRatio = added / slowest.p50;
      const summed = samples.reduce((s, xs) => s + median(xs.map((r) => r.wallMs)), 0);
      rows.push({
        bench: BENCH,
        metric: `region-read over ${regions.length} regions: time the fan-out adds / slowest region (${slowest.region}) p50`,
        target: '≤ 1.1×',
        measured: `${ratio(fanOutRatio)} (+${ms(added)} vs ${ms(slowest.p50)}; summed would be ${ms(summed)})`,
        pass: fanOutRatio <= 1.1,
        details: { pairs, allRegionsMedianMs: round2(median(all)), spotOnlyMedianMs: round2(median(spotOnly)), slowestRegionP50Ms: round2(slowest.p50), summedP50Ms: round2(summed) },
      });
      rows.push({ bench: BENCH, metric: `region-read over ${regions.length} regions, whole command (start-up included)`, target: '(info)', measured: ms(median(all)), details: { pairs } });
      return rows;
    } finally {
      await emu.stop();
    }
  },
};

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
