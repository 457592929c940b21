// Benchmark 4: emulator request rate. Point document reads by key (GET
// /_fabric/_system/_api/document/{c}/{key}, keys cycling over a seeded set) at 50 concurrent
// keep-alive connections, driven by autocannon, against (a) the emulator and (b) a bare
// node:http server answering the emulator's own reply body for such a read.
//
// Fairness: each server runs in its own process (the emulator as `c8spot emulator start`,
// the bare server as bench/bare-server.js) and autocannon runs in this process, so on a
// 2-core machine each server has one core to itself and the load generator the other, the
// same for both. The two are measured in alternating slices (emulator, bare, emulator, bare…)
// so slow phases of a shared machine hit both alike.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { ratio, startBare, startChildEmulator, type Bare } from './emulator-child.js';
import type { BenchOptions, BenchRow, Benchmark } from './types.js';

const BENCH = '4. emulator request rate';
const COLLECTION = 'bench_points';
const CONNECTIONS = 50;

/**
 * CPU seconds (user + system) a process has used, from /proc/<pid>/stat (fields 14 and 15,
 * in clock ticks of 1/100 s); undefined off Linux. Requests per CPU-second is a second view of
 * the same comparison that other load on a shared machine disturbs less than requests per second.
 */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Requests per second over one autocannon slice; throws when any request failed. */
async function slice(pid: number, url: string, keys: readonly string[], apiKey: string, seconds: number, offset: number): Promise<{ rps: number; p50: number; requests: number; cpu: number | undefined }> {
  let i = offset;
  const cpu0 = cpuSeconds(pid);
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    headers: { authorization: `apikey ${apiKey}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/_fabric/_system/_api/document/${COLLECTION}/${keys[i++ % keys.length]!}` }),
      },
    ],
  });
  if (r.errors > 0 || r.non2xx > 0 || r.timeouts > 0) throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx replies`);
  const cpu1 = cpuSeconds(pid);
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, requests: r.requests.total, cpu: cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined };
}

export const benchmark: Benchmark = {
  name: 'request-rate',
  title: '4. Emulator request rate',
  howMeasured: `\`c8spot emulator start --in-memory --latency-scale 0\` (three regions) runs as its own process
and holds a global collection of seeded documents. autocannon, in the benchmark process, sends
\`GET /_fabric/_system/_api/document/{collection}/{key}\` with the admin API key over 50
keep-alive connections (no pipelining), cycling through the keys. The ceiling is a bare
\`node:http\` server, also its own process, answering every request with the emulator's reply
body for one of those documents. Servers and load generator are separate processes, so on two
cores each server has a core to itself, as does autocannon. Emulator and bare server are measured
in alternating 5-second slices after a 1-second warm-up each; the figure is the mean request
rate over the slices. An information row divides requests by the CPU time each server process
used (from /proc): other load on a shared machine moves it less than the request rate.`,
  async run(opts: BenchOptions): Promise<BenchRow[]> {
    const slices = opts.quick ? 1 : 4;
    const seconds = opts.quick ? 1 : 5;
    const docCount = opts.quick ? 100 : 10_000;
    // Three regions as a user runs it, no simulated delay (reads of a global collection at the
    // serving region never cross a link anyway).
    const emu = await startChildEmulator({ cliPath: opts.cliPath, dir: join(opts.workDir, 'request-rate'), seed: opts.seed, args: ['--latency-scale', '0'] });
    let bare: Bare | undefined;
    try {
      await emu.call('POST', '/_fabric/_system/_api/collection', { name: COLLECTION });
      const keys = Array.from({ length: docCount }, (_, i) => `k${i}`);
      for (let i = 0; i < docCount; i += 1000) {
        const docs = keys.slice(i, i + 1000).map((k, j) => ({ _key: k, n: i + j, name: `point ${i + j}`, tags: ['bench', 'read'], score: (i + j) % 97 }));
        await emu.call('POST', `/_fabric/_system/_api/document/${COLLECTION}`, docs);
      }
      // The bare server answers with exactly what the emulator sends for one of these reads.
      const sample = await emu.call<unknown>('GET', `/_fabric/_system/_api/document/${COLLECTION}/${keys[0]!}`);
      bare = await startBare(JSON.stringify(sample));
      if (!opts.quick) {
        await slice(emu.pid, emu.url, keys, emu.apiKey, 1, 0); // warm-up: JIT, SQLite page cache, connections
        await slice(bare.pid, bare.url, keys, emu.apiKey, 1, 0);
      }
      const emuRps: number[] = [];
      const bareRps: number[] = [];
      let emuP50 = 0;
      let bareP50 = 0;
      const perCpu = { emuReq: 0, emuCpu: 0, bareReq: 0, bareCpu: 0 };
      for (let s = 0; s < slices; s++) {
        const e = await slice(emu.pid, emu.url, keys, emu.apiKey, seconds, s * 7919);
        const b = await slice(bare.pid, bare.url, keys, emu.apiKey, seconds, s * 7919);
        emuRps.push(e.rps);
        bareRps.push(b.rps);
        perCpu.emuReq += e.requests;
        perCpu.emuCpu += e.cpu ?? NaN;
        perCpu.bareReq += b.requests;
        perCpu.bareCpu += b.cpu ?? NaN;
        emuP50 = Math.max(emuP50, e.p50);
        bareP50 = Math.max(bareP50, b.p50);
        opts.log(`  slice ${s + 1}/${slices}: emulator ${Math.round(e.rps)} req/s, bare ${Math.round(b.rps)} req/s`);
      }
      const emuMean = emuRps.reduce((a, b) => a + b, 0) / emuRps.length;
      const bareMean = bareRps.reduce((a, b) => a + b, 0) / bareRps.length;
      const share = emuMean / bareMean;
      const emuPerCpu = perCpu.emuReq / perCpu.emuCpu;
      const barePerCpu = perCpu.bareReq / perCpu.bareCpu;
      const details = {
        connections: CONNECTIONS,
        slices,
        secondsPerSlice: seconds,
        documents: docCount,
        emulatorRps: Math.round(emuMean),
        bareRps: Math.round(bareMean),
        emulatorP50LatencyMs: emuP50,
        bareP50LatencyMs: bareP50,
        emulatorRequestsPerCpuSecond: Math.round(emuPerCpu),
        bareRequestsPerCpuSecond: Math.round(barePerCpu),
      };
      const rows: BenchRow[] = [
        { bench: BENCH, metric: 'emulator point reads', target: '(measured)', measured: `${Math.round(emuMean).toLocaleString('en-US')} req/s`, details },
        { bench: BENCH, metric: 'bare node:http, fixed body', target: '(ceiling)', measured: `${Math.round(bareMean).toLocaleString('en-US')} req/s`, details },
        { bench: BENCH, metric: 'emulator / bare node:http', target: '≥ 35%', measured: `${Math.round(share * 100)}% (${ratio(share)})`, pass: share >= 0.35, details },
      ];
      // Server CPU per request: the same comparison, less exposed to other load on the machine.
      if (Number.isFinite(emuPerCpu) && Number.isFinite(barePerCpu)) {
        const cpuShare = emuPerCpu / barePerCpu;
        rows.push({ bench: BENCH, metric: 'emulator / bare, requests per server CPU-second', target: '(info)', measured: `${Math.round(cpuShare * 100)}% (${Math.round(emuPerCpu).toLocaleString('en-US')} vs ${Math.round(barePerCpu).toLocaleString('en-US')})`, details });
      }
      return rows;
    } finally {
      await bare?.stop();
      await emu.stop();
    }
  },
};
