// Crash safety (specs/verification.md layer 6; reference §5.4, after Jepsen's set-full):
// the emulator runs as a CHILD PROCESS of the built CLI on a temp data dir; clients in every
// region insert unique keys into a spot and a global collection and run bank transfers on a
// spot document; at a seeded moment the emulator gets SIGKILL; it is restarted on the same
// data dir, healed, and replication drains. Then: acknowledged inserts lost = 0, phantoms = 0,
// every region holds the same keys, bank total unchanged. Several cycles on the same data.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/emulator/clock.js';
import { CLI_BIN } from '../helpers/run-cli.js';
import { checkConvergence } from './lib/bank.js';
import { call, createCollection, createFabric, docOps, emulatorControl, newAgent, waitFor, type Target } from './lib/gdn-ops.js';
import { printReport, runSeed, sized, withSeed } from './lib/report.js';
import type { Cluster } from './lib/workloads.js';

const SEED = runSeed(777);
const CYCLES = sized(3, 10);
const FABRIC = 'crash';
const SPOT = 'spotset';
const GLOBAL = 'globalset';
const BANK = 'bank';
const ACCOUNTS = ['a0', 'a1', 'a2', 'a3'];
const INITIAL = 100;

interface Running {
  readonly child: ChildProcess;
  readonly cluster: Cluster;
  readonly readyMs: number;
  readonly exited: Promise<void>;
}

function start(dataDir: string, configDir: string): Promise<Running> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, 'emulator', 'start', '--data-dir', dataDir, '--port', '0', '--latency-scale', '0.05', '--seed', String(SEED), '-q'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, C8SPOT_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no READY within 30 s: ${stderr}`));
    }, 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited (${code ?? signal}) before READY: ${stderr}`));
    });
    createInterface({ input: child.stdout!.setEncoding('utf8') }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      const ready = JSON.parse(line.slice(6)) as Cluster;
      resolve({ child, cluster: { url: ready.url, regions: ready.regions, apiKey: ready.apiKey }, readyMs: performance.now() - t0, exited });
    });
  });
}

interface CycleFigures {
  invoked: number;
  ok: number;
  info: number;
  fail: number;
  transfers: number;
}

/** Inserts and transfers from every region until `killed()`; returns what was acknowledged. */
async function load(cluster: Cluster, rnd: () => number, cycle: number, killed: () => boolean) {
  const agent = newAgent();
  const acked = new Map<string, string>(); // key → collection
  const maybe = new Map<string, string>();
  const figures: CycleFigures = { invoked: 0, ok: 0, info: 0, fail: 0, transfers: 0 };
  let n = 0;
  const tasks = Object.entries(cluster.regions).flatMap(([region, base]) =>
    [0, 1].map(async (i) => {
      const ops = docOps({ base, apiKey: cluster.apiKey, fabric: FABRIC }, agent, 5000);
      const me = seededRandom(Math.floor(rnd() * 2 ** 31));
      while (!killed()) {
        if (me() < 0.7) {
          const coll = me() < 0.5 ? SPOT : GLOBAL;
          const key = `c${cycle}-${region}-${i}-${n++}`;
          figures.invoked++;
          const r = await ops.insert(coll, { _key: key, v: n });
          figures[r.outcome]++;
          if (r.outcome === 'ok') acked.set(key, coll);
          else if (r.outcome === 'info') maybe.set(key, coll);
          continue;
        }
        const pre = await ops.get(BANK, 'accounts', true);
        if (pre.outcome !== 'ok') continue;
        const from = ACCOUNTS[Math.floor(me() * ACCOUNTS.length)]!;
        const to = ACCOUNTS[(ACCOUNTS.indexOf(from) + 1) % ACCOUNTS.length]!;
        const bal = pre.body as Record<string, number>;
        if (bal[from]! < 3) continue;
        const r = await ops.update(BANK, 'accounts', { [from]: bal[from]! - 3, [to]: bal[to]! + 3 }, pre.body._rev as string);
        if (r.outcome === 'ok') figures.transfers++;
      }
    }),
  );
  await Promise.all(tasks);
  await agent.close();
  return { acked, maybe, figures };
}

async function presentKeys(t: Target, agent: ReturnType<typeof newAgent>, coll: string, keys: Iterable<string>): Promise<Set<string>> {
  const ops = docOps(t, agent, 10_000);
  const present = new Set<string>();
  for (const key of keys) {
    const r = await ops.get(coll, key, false);
    if (r.status === 200) present.add(key);
    else if (r.status !== 404) throw new Error(`GET ${coll}/${key} → ${r.status} ${JSON.stringify(r.body)}`);
  }
  return present;
}

async function count(t: Target, coll: string): Promise<number> {
  const r = await call(t, 'GET', `/_api/collection/${coll}/count`);
  if (r.outcome !== 'ok') throw new Error(`count ${coll} → ${r.status}`);
  return r.body.count as number;
}

describe('crash safety (kill -9)', () => {
  const dirs: string[] = [];
  let current: Running | undefined;
  afterAll(async () => {
    if (current) {
      current.child.kill('SIGTERM');
      await current.exited;
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it(`loses no acknowledged write over ${CYCLES} kill/restart cycles`, { timeout: sized(180_000, 400_000) }, async () => {
    await withSeed('crash', SEED, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'c8s-crash-'));
      const configDir = mkdtempSync(join(tmpdir(), 'c8s-crash-cfg-'));
      dirs.push(dataDir, configDir);
      const rnd = seededRandom(SEED);
      current = await start(dataDir, configDir);
      {
        const c = current.cluster;
        const regions = Object.keys(c.regions);
        await createFabric(c.url, c.apiKey, FABRIC, regions, regions[0]!);
        const t = { base: c.url, apiKey: c.apiKey, fabric: FABRIC };
        await createCollection(t, SPOT, true);
        await createCollection(t, GLOBAL, false);
        await createCollection(t, BANK, true);
        const setupAgent = newAgent();
        const ins = await docOps(t, setupAgent, 5000).insert(BANK, { _key: 'accounts', ...Object.fromEntries(ACCOUNTS.map((a) => [a, INITIAL])) });
        await setupAgent.close();
        expect(ins.outcome, JSON.stringify(ins.body)).toBe('ok');
      }
      const allAcked = new Map<string, string>();
      const allMaybe = new Map<string, string>();
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const victim = current;
        let killed = false;
        // CI: 0.3–1.1 s of load; long runs: 2–5 s, so a loaded machine still acknowledges many writes per cycle.
        const killAt = sized(300, 2000) + Math.floor(rnd() * sized(800, 3000));
        const killer = new Promise<void>((done) =>
          setTimeout(() => {
            killed = true;
            victim.child.kill('SIGKILL');
            done();
          }, killAt),
        );
        const { acked, maybe, figures } = await load(victim.cluster, rnd, cycle, () => killed);
        await killer;
        await victim.exited;
        for (const [k, c] of acked) allAcked.set(k, c);
        for (const [k, c] of maybe) allMaybe.set(k, c);

        current = await start(dataDir, configDir);
        const c = current.cluster;
        await emulatorControl(c.url, c.apiKey, 'POST', '/_emulator/heal');
        const targets = Object.entries(c.regions).map(([region, base]) => ({ region, t: { base, apiKey: c.apiKey, fabric: FABRIC } }));
        // Replication drained: every region counts the same documents, twice in a row.
        let last = '';
        await waitFor(
          'replicas to agree after restart',
          async () => {
            const counts = JSON.stringify(await Promise.all(targets.map(async ({ t }) => [await count(t, SPOT), await count(t, GLOBAL)])));
            const same = new Set(JSON.parse(counts).map((x: number[]) => x.join(','))).size === 1 && counts === last;
            last = counts;
            return same;
          },
          30_000,
          100,
        );

        const agent = newAgent();
        let ackedLost = 0;
        let phantoms = 0;
        let infoRecovered = 0;
        const presentByRegion: string[] = [];
        for (const { region, t } of targets) {
          let present = 0;
          for (const coll of [SPOT, GLOBAL]) {
            const acks = [...allAcked].filter(([, cl]) => cl === coll).map(([k]) => k);
            const maybes = [...allMaybe].filter(([, cl]) => cl === coll).map(([k]) => k);
            const seen = await presentKeys(t, agent, coll, acks);
            const seenMaybe = await presentKeys(t, agent, coll, maybes);
            const lost = acks.filter((k) => !seen.has(k));
            if (lost.length > 0) console.log(`[verify] crash: ${region}/${coll} lost acknowledged keys: ${lost.slice(0, 10).join(', ')}`);
            ackedLost += lost.length;
            infoRecovered += seenMaybe.size;
            // Keys present but never invoked (setup docs excluded: they live in BANK).
            phantoms += Math.max(0, (await count(t, coll)) - seen.size - seenMaybe.size);
            present += seen.size + seenMaybe.size;
          }
          presentByRegion.push(`${region}:${present}`);
        }
        const balances: Record<string, Record<string, number | null>> = {};
        await waitFor(
          'bank replicas to agree',
          async () => {
            for (const { region, t } of targets) {
              const r = await docOps(t, agent, 5000).get(BANK, 'accounts', false);
              balances[region] = Object.fromEntries(ACCOUNTS.map((a) => [a, (r.body?.[a] as number | undefined) ?? null]));
            }
            return new Set(Object.values(balances).map((b) => JSON.stringify(b))).size === 1;
          },
          30_000,
          100,
        );
        await agent.close();
        const conv = checkConvergence(balances, { accounts: ACCOUNTS, total: INITIAL * ACCOUNTS.length });
        printReport({
          workload: 'crash',
          config: `cycle ${cycle + 1}/${CYCLES}`,
          seed: SEED,
          ops: { invoked: figures.invoked, ok: figures.ok, fail: figures.fail, info: figures.info },
          anomalies: { 'acked-lost': ackedLost, phantoms, 'bank-wrong-total': conv.anomalies.length, divergent: conv.divergent.length },
          ackedLost,
          phantoms,
          extra: {
            killAtMs: killAt,
            transfers: figures.transfers,
            infoRecovered,
            timeToReadyMs: Math.round(current.readyMs),
            present: presentByRegion.join(' '),
          },
        });
        expect(figures.ok, 'the load acknowledged some writes before the kill').toBeGreaterThan(0);
        expect(ackedLost).toBe(0);
        expect(phantoms).toBe(0);
        expect(new Set(presentByRegion.map((p) => p.split(':')[1])).size, 'every region holds the same keys').toBe(1);
        expect(conv.valid, JSON.stringify(conv)).toBe(true);
      }
    });
  });
});
