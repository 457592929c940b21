// The bank workload behind `c8spot demo bank` (after Jepsen's bank test,
// reference/consistency-and-emulators.md §5): accounts with a known total, clients
// pinned to different regions moving money between random accounts, and readers in
// every region summing all balances. With a spot collection (writes at the spot
// region, strong reads) every read sees the exact total; with a global collection
// concurrent transfers in different regions overwrite each other (last writer wins)
// and local reads see totals that are off: those are the invariant violations.
//
// This module only orchestrates and counts; a BankDriver does the I/O (bank-driver.ts
// over the REST layer), so the schedule is seeded and the figures reproducible.
import { seededRandom } from '../wire/random.js';

export interface BankConfig {
  readonly accounts: number;
  /** Transfer clients, spread round-robin over the regions. */
  readonly clients: number;
  readonly seconds: number;
  readonly seed: number;
  readonly initialBalance: number;
  /** Collections to run side by side (e.g. a spot one and a global one). */
  readonly collections: readonly BankCollection[];
  readonly regions: readonly string[];
}

export interface BankCollection {
  readonly name: string;
  readonly spot: boolean;
}

export type TransferOutcome = 'ok' | 'insufficient' | 'failed';

/** The I/O of the workload. Every call is made "from" one region (its endpoint). */
export interface BankDriver {
  transfer(region: string, collection: BankCollection, from: string, to: string, amount: number): Promise<TransferOutcome>;
  /** Every account's balance as the region reads it (strongly for spot collections). */
  readBalances(region: string, collection: BankCollection): Promise<readonly number[]>;
}

export interface CollectionFigures {
  readonly collection: string;
  readonly spot: boolean;
  readonly transfers: number;
  readonly insufficient: number;
  readonly failed: number;
  readonly reads: number;
  /** Reads whose total differed from the invariant, or that saw a negative balance. */
  readonly violations: number;
  /** Example violations (first few) for the report. */
  readonly examples: readonly string[];
}

export interface RegionLatency {
  readonly region: string;
  readonly collection: string;
  readonly ops: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface BankReport {
  readonly seed: number;
  readonly expectedTotal: number;
  readonly collections: readonly CollectionFigures[];
  readonly latency: readonly RegionLatency[];
  readonly elapsedMs: number;
}

export interface BankClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Nearest-rank percentile of a sample (0 for an empty one). */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return 0;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function accountKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `acct${String(i + 1).padStart(3, '0')}`);
}

const MAX_EXAMPLES = 3;

export async function runBank(driver: BankDriver, cfg: BankConfig, clock: BankClock, signal?: AbortSignal): Promise<BankReport> {
  if (cfg.accounts < 2) throw new Error('the bank needs at least 2 accounts');
  if (cfg.regions.length === 0) throw new Error('the bank needs at least one region');
  const keys = accountKeys(cfg.accounts);
  const expectedTotal = cfg.accounts * cfg.initialBalance;
  const start = clock.now();
  const deadline = start + cfg.seconds * 1000;
  const running = (): boolean => clock.now() < deadline && !signal?.aborted;

  const figures = new Map(
    cfg.collections.map((c) => [c.name, { collection: c.name, spot: c.spot, transfers: 0, insufficient: 0, failed: 0, reads: 0, violations: 0, examples: [] as string[] }]),
  );
  const latencies = new Map<string, number[]>();
  const timed = async <T>(region: string, coll: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = clock.now();
    try {
      return await fn();
    } finally {
      const k = `${region}\u0000${coll}`;
      const list = latencies.get(k) ?? [];
      list.push(clock.now() - t0);
      latencies.set(k, list);
    }
  };

  const transferClient = async (id: number, coll: BankCollection): Promise<void> => {
    const rnd = seededRandom(cfg.seed * 7919 + id * 104729 + (coll.spot ? 1 : 2));
    const region = cfg.regions[id % cfg.regions.length]!;
    const f = figures.get(coll.name)!;
    while (running()) {
      const from = keys[Math.floor(rnd() * keys.length)]!;
      let to = keys[Math.floor(rnd() * (keys.length - 1))]!;
      if (to === from) to = keys[keys.length - 1]!;
      const amount = 1 + Math.floor(rnd() * 5);
      const outcome = await timed(region, coll.name, () => driver.transfer(region, coll, from, to, amount)).catch((): TransferOutcome => 'failed');
      if (outcome === 'ok') f.transfers++;
      else if (outcome === 'insufficient') f.insufficient++;
      else f.failed++;
    }
  };

  const reader = async (region: string, coll: BankCollection): Promise<void> => {
    const f = figures.get(coll.name)!;
    while (running()) {
      const balances = await driver.readBalances(region, coll).catch(() => undefined);
      if (!balances) {
        await clock.sleep(10);
        continue;
      }
      f.reads++;
      const total = balances.reduce((a, b) => a + b, 0);
      const negative = balances.filter((b) => b < 0).length;
      if (total !== expectedTotal || negative > 0 || balances.length !== cfg.accounts) {
        f.violations++;
        if (f.examples.length < MAX_EXAMPLES) {
          f.examples.push(`${region}: total ${total} (expected ${expectedTotal}), ${balances.length} accounts, ${negative} negative`);
        }
      }
    }
  };

  const tasks: Promise<void>[] = [];
  for (const coll of cfg.collections) {
    for (let i = 0; i < cfg.clients; i++) tasks.push(transferClient(i, coll));
    for (const region of cfg.regions) tasks.push(reader(region, coll));
  }
  await Promise.all(tasks);

  const latency: RegionLatency[] = [];
  for (const coll of cfg.collections) {
    for (const region of cfg.regions) {
      const sample = latencies.get(`${region}\u0000${coll.name}`) ?? [];
      if (sample.length === 0) continue;
      latency.push({ region, collection: coll.name, ops: sample.length, p50Ms: percentile(sample, 50), p99Ms: percentile(sample, 99) });
    }
  }
  return { seed: cfg.seed, expectedTotal, collections: [...figures.values()], latency, elapsedMs: clock.now() - start };
}
