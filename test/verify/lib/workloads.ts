// The Jepsen-style workloads (reference/consistency-and-emulators.md §5.2–5.3), run against
// any emulator reachable over HTTP: logical clients are async tasks pinned to region URLs,
// each with its own seeded PRNG, and an optional nemesis injects partitions and lag through
// /_emulator/faults. Workloads only record; the checkers in this directory judge.
import { seededRandom } from '../../../src/emulator/clock.js';
import type { BankRead } from './bank.js';
import { docOps, createCollection, createFabric, emulatorControl, newAgent, waitFor, type DocOps, type Target } from './gdn-ops.js';
import { History, type RegValue } from './history.js';

export interface Cluster {
  readonly url: string;
  readonly regions: Readonly<Record<string, string>>;
  readonly apiKey: string;
}

export interface WorkloadConfig {
  readonly name: string;
  readonly seed: number;
  /** Spot (strongly consistent) collection, else global. */
  readonly spot: boolean;
  /** Reads carry strongConsistency=true (spot collections only). */
  readonly strongReads: boolean;
  readonly clientsPerRegion: number;
  readonly durationMs: number;
  /** Extra one-way lag in ms on every link for the whole run (stale replicas). */
  readonly lagMs?: number;
  readonly nemesis?: boolean;
  /** Client timeout per request: past it the op is info. */
  readonly timeoutMs?: number;
}

export interface NemesisLog {
  readonly events: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function setUp(cluster: Cluster, cfg: WorkloadConfig, coll: string): Promise<{ fabric: string; regions: string[] }> {
  const regions = Object.keys(cluster.regions);
  const fabric = `${coll}_${cfg.name.replace(/[^A-Za-z0-9]/g, '_')}_${cfg.seed}`;
  await createFabric(cluster.url, cluster.apiKey, fabric, regions, regions[0]!);
  await createCollection({ base: cluster.url, apiKey: cluster.apiKey, fabric }, coll, cfg.spot);
  return { fabric, regions };
}

async function allLinks(cluster: Cluster, ms: number): Promise<void> {
  const regions = Object.keys(cluster.regions);
  const lag = regions.flatMap((a, i) => regions.slice(i + 1).map((b) => ({ from: a, to: b, ms })));
  if (lag.length > 0) await emulatorControl(cluster.url, cluster.apiKey, 'POST', '/_emulator/faults', { lag });
}

/**
 * Seeded nemesis: every ~period, either cuts one non-spot region off (partition) or raises
 * lag on a random link, holds it, then heals (and restores the run's base lag).
 */
function startNemesis(cluster: Cluster, cfg: WorkloadConfig, stop: () => boolean): { log: NemesisLog; done: Promise<void> } {
  const rnd = seededRandom(cfg.seed ^ 0x5eed);
  const regions = Object.keys(cluster.regions);
  const log: NemesisLog = { events: [] };
  const done = (async () => {
    if (!cfg.nemesis || regions.length < 2) return;
    await sleep(100);
    while (!stop()) {
      const victim = regions[1 + Math.floor(rnd() * (regions.length - 1))]!;
      if (rnd() < 0.5) {
        await emulatorControl(cluster.url, cluster.apiKey, 'POST', '/_emulator/faults', { partition: [[victim]] });
        log.events.push(`partition ${victim}`);
      } else {
        const ms = 20 + Math.floor(rnd() * 80);
        await emulatorControl(cluster.url, cluster.apiKey, 'POST', '/_emulator/faults', { lag: { from: regions[0], to: victim, ms } });
        log.events.push(`lag ${regions[0]}<->${victim} ${ms}ms`);
      }
      await sleep(150 + Math.floor(rnd() * 250));
      await emulatorControl(cluster.url, cluster.apiKey, 'POST', '/_emulator/heal');
      if (cfg.lagMs) await allLinks(cluster, cfg.lagMs);
      log.events.push('heal');
      await sleep(100 + Math.floor(rnd() * 200));
    }
  })();
  return { log, done };
}

interface Client {
  readonly id: number;
  readonly region: string;
  readonly ops: DocOps;
  readonly rnd: () => number;
}

function clients(cluster: Cluster, cfg: WorkloadConfig, fabric: string, agent: ReturnType<typeof newAgent>): Client[] {
  const out: Client[] = [];
  for (const [region, base] of Object.entries(cluster.regions)) {
    for (let i = 0; i < cfg.clientsPerRegion; i++) {
      const id = out.length;
      const target: Target = { base, apiKey: cluster.apiKey, fabric };
      out.push({ id, region, ops: docOps(target, agent, cfg.timeoutMs ?? 5000), rnd: seededRandom(cfg.seed * 1000 + id) });
    }
  }
  return out;
}

/** Waits until every region's replica has the document (after setup writes). */
async function visibleEverywhere(cs: readonly Client[], coll: string, key: string): Promise<void> {
  for (const c of cs) await waitFor(`${coll}/${key} in ${c.region}`, async () => (await c.ops.get(coll, key, false)).status === 200);
}

// ---- register ----

export interface RegisterRun {
  readonly history: History;
  readonly nemesis: NemesisLog;
  readonly durationMs: number;
}

/** Per-key read / write / CAS on documents `{value}`; values are unique, initial value 0. */
export async function runRegister(cluster: Cluster, cfg: WorkloadConfig & { readonly keys: number }): Promise<RegisterRun> {
  const coll = 'registers';
  const { fabric } = await setUp(cluster, cfg, coll);
  const agent = newAgent();
  try {
    const cs = clients(cluster, cfg, fabric, agent);
    const keys = Array.from({ length: cfg.keys }, (_, i) => `r${i}`);
    for (const key of keys) {
      const r = await cs[0]!.ops.insert(coll, { _key: key, value: 0 });
      if (r.outcome !== 'ok') throw new Error(`setup insert failed: ${r.error}`);
    }
    for (const key of keys) await visibleEverywhere(cs, coll, key);
    if (cfg.lagMs) await allLinks(cluster, cfg.lagMs);

    const history = new History();
    const start = Date.now();
    const end = start + cfg.durationMs;
    const nemesis = startNemesis(cluster, cfg, () => Date.now() >= end);
    let unique = 1;
    await Promise.all(
      cs.map(async (c) => {
        while (Date.now() < end) {
          const key = keys[Math.floor(c.rnd() * keys.length)]!;
          const dice = c.rnd();
          if (dice < 0.4) {
            const inv = history.invoke(c.id, 'read', key, null, c.region);
            const r = await c.ops.get(coll, key, cfg.strongReads);
            if (r.outcome === 'ok') inv.ok(r.body.value as RegValue);
            else if (r.status === 404 && r.body?.errorNum === 1202) inv.ok(null);
            else if (r.outcome === 'fail') inv.fail(r.error);
            else inv.info(r.error);
          } else if (dice < 0.7) {
            const v = c.id * 1_000_000 + unique++;
            const inv = history.invoke(c.id, 'write', key, v, c.region);
            const r = await c.ops.replace(coll, key, { value: v });
            if (r.outcome === 'ok') inv.ok();
            else if (r.outcome === 'fail') inv.fail(r.error);
            else inv.info(r.error);
          } else {
            // CAS = read the current _rev, then replace with If-Match. Values are unique, so
            // the _rev names the value: the op is cas(value read → new value).
            const pre = await c.ops.get(coll, key, cfg.strongReads);
            if (pre.outcome !== 'ok') continue;
            const v = c.id * 1_000_000 + unique++;
            const inv = history.invoke(c.id, 'cas', key, [pre.body.value as RegValue, v], c.region);
            const r = await c.ops.replace(coll, key, { value: v }, pre.body._rev as string);
            if (r.outcome === 'ok') inv.ok();
            else if (r.outcome === 'fail') inv.fail(r.error);
            else inv.info(r.error);
          }
        }
      }),
    );
    await nemesis.done;
    history.crashAll();
    return { history, nemesis: nemesis.log, durationMs: Date.now() - start };
  } finally {
    await emulatorControl(cluster.url, cluster.apiKey, 'POST', '/_emulator/heal').catch(() => undefined);
    await agent.close();
  }
}

// ---- bank ----

export interface BankRun {
  readonly reads: BankRead[];
  /** Transfers and reads, with their outcomes. */
  readonly history: History;
  readonly nemesis: NemesisLog;
  readonly accounts: string[];
  readonly total: number;
  /** Each region's balances after heal and replication drained (or the timeout). */
  readonly final: Record<string, Record<string, number | null>>;
  readonly converged: boolean;
  readonly durationMs: number;
}

function balancesOf(doc: Record<string, unknown>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  // Sorted, so replicas that merged fields in a different order still compare equal.
  for (const [k, v] of Object.entries(doc).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!k.startsWith('_')) out[k] = typeof v === 'number' ? v : null;
  }
  return out;
}

/**
 * Bank variant B (single document, portable to GDN): every account is a top-level field of
 * one document, a transfer reads it (local replica) and PATCHes the two fields with If-Match: _rev. On a spot
 * collection the precondition is checked at the spot region; on a global one against the
 * local replica, and field-level LWW merges concurrent transfers (lost updates).
 */
export async function runBank(cluster: Cluster, cfg: WorkloadConfig & { readonly accounts: number; readonly initial: number }): Promise<BankRun> {
  const coll = 'bank';
  const key = 'accounts';
  const { fabric } = await setUp(cluster, cfg, coll);
  const agent = newAgent();
  try {
    const cs = clients(cluster, cfg, fabric, agent);
    const accounts = Array.from({ length: cfg.accounts }, (_, i) => `a${i}`);
    const initial = Object.fromEntries(accounts.map((a) => [a, cfg.initial]));
    const ins = await cs[0]!.ops.insert(coll, { _key: key, ...initial });
    if (ins.outcome !== 'ok') throw new Error(`setup insert failed: ${ins.error}`);
    await visibleEverywhere(cs, coll, key);
    if (cfg.lagMs) await allLinks(cluster, cfg.lagMs);

    const history = new History();
    const reads: BankRead[] = [];
    const start = Date.now();
    const end = start + cfg.durationMs;
    const nemesis = startNemesis(cluster, cfg, () => Date.now() >= end);
    await Promise.all(
      cs.map(async (c) => {
        // Half the clients only read, half only transfer: a reader waiting on a slow strong
        // read then never throttles its region's transfers, so every region writes at its
        // own pace and conflicting transfers really overlap.
        const reader = c.id % 2 === 1;
        while (Date.now() < end) {
          if (reader) {
            const inv = history.invoke(c.id, 'read', key, null, c.region);
            const r = await c.ops.get(coll, key, cfg.strongReads);
            if (r.outcome === 'ok') {
              inv.ok(null);
              reads.push({ balances: balancesOf(r.body), process: c.id, region: c.region, time: Date.now() - start });
            } else if (r.outcome === 'fail') inv.fail(r.error);
            else inv.info(r.error);
            continue;
          }
          // The transfer's own read is always the local replica: the If-Match precondition,
          // checked where the write executes, is what must make a stale read harmless (a
          // write executed in the wrong place then shows up as lost updates).
          const pre = await c.ops.get(coll, key, false);
          if (pre.outcome !== 'ok') continue;
          const from = accounts[Math.floor(c.rnd() * accounts.length)]!;
          let to = accounts[Math.floor(c.rnd() * accounts.length)]!;
          if (to === from) to = accounts[(accounts.indexOf(from) + 1) % accounts.length]!;
          const amount = 1 + Math.floor(c.rnd() * 5);
          const bal = balancesOf(pre.body);
          const inv = history.invoke(c.id, 'write', key, `${from}->${to}:${amount}`, c.region);
          if ((bal[from] ?? 0) < amount) {
            inv.fail('insufficient funds');
            continue;
          }
          const r = await c.ops.update(coll, key, { [from]: bal[from]! - amount, [to]: (bal[to] ?? 0) + amount }, pre.body._rev as string);
          if (r.outcome === 'ok') inv.ok();
          else if (r.outcome === 'fail') inv.fail(r.error);
          else inv.info(r.error);
        }
      }),
    );
    await nemesis.done;
    history.crashAll();
    const durationMs = Date.now() - start;

    // Heal, then wait for every replica to agree (replication drained).
    await emulatorControl(cluster.url, cluster.apiKey, 'POST', '/_emulator/heal');
    const perRegion = new Map(cs.map((c) => [c.region, c]));
    const final: Record<string, Record<string, number | null>> = {};
    const snapshot = async (): Promise<boolean> => {
      for (const [region, c] of perRegion) {
        const r = await c.ops.get(coll, key, false);
        final[region] = r.outcome === 'ok' ? balancesOf(r.body) : {};
      }
      const shapes = new Set(Object.values(final).map((b) => JSON.stringify(b)));
      return shapes.size === 1;
    };
    let converged = true;
    try {
      await waitFor('bank replicas to converge', snapshot, 15_000, 50);
    } catch {
      converged = false;
    }
    return { reads, history, nemesis: nemesis.log, accounts, total: cfg.initial * cfg.accounts, final, converged, durationMs };
  } finally {
    await emulatorControl(cluster.url, cluster.apiKey, 'POST', '/_emulator/heal').catch(() => undefined);
    await agent.close();
  }
}
