import { describe, expect, it } from 'vitest';
import { accountKeys, percentile, runBank, type BankDriver } from '../../src/demo/bank.js';

// A scripted clock: time moves only when the workload sleeps or calls the driver.
function fakeClock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
      await Promise.resolve();
    },
    tick: (ms: number) => (t += ms),
  };
}

// An in-process ledger standing in for the emulator, to check the workload's own
// counting: `atomic` transfers keep the total; non-atomic ones read, yield, then write
// (a lost update whenever two transfers interleave), as a global collection would.
function ledger(accounts: number, atomic: boolean, clock: ReturnType<typeof fakeClock>): BankDriver {
  const bal = new Map(accountKeys(accounts).map((k) => [k, 100]));
  return {
    async transfer(_region, _coll, from, to, amount) {
      clock.tick(2);
      if (atomic) {
        if (bal.get(from)! < amount) return 'insufficient';
        bal.set(from, bal.get(from)! - amount);
        bal.set(to, bal.get(to)! + amount);
        return 'ok';
      }
      const f = bal.get(from)!;
      const t = bal.get(to)!;
      await Promise.resolve();
      if (f < amount) return 'insufficient';
      bal.set(from, f - amount);
      bal.set(to, t + amount);
      return 'ok';
    },
    async readBalances() {
      clock.tick(1);
      await Promise.resolve();
      return [...bal.values()];
    },
  };
}

describe('bank workload', () => {
  it('percentile uses the nearest rank', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
    expect(accountKeys(2)).toEqual(['acct001', 'acct002']);
  });

  it('counts no violations when transfers are atomic, and some when updates get lost', async () => {
    const cfg = (spot: boolean) => ({
      accounts: 5,
      clients: 4,
      seconds: 1,
      seed: 1,
      initialBalance: 100,
      collections: [{ name: spot ? 'spot' : 'global', spot }],
      regions: ['us-east', 'eu-west'],
    });
    const c1 = fakeClock();
    const good = await runBank(ledger(5, true, c1), cfg(true), c1);
    expect(good.collections[0]).toMatchObject({ collection: 'spot', violations: 0 });
    expect(good.collections[0]!.transfers).toBeGreaterThan(100);
    expect(good.collections[0]!.reads).toBeGreaterThan(100);
    expect(good.latency.map((l) => l.region)).toEqual(['us-east', 'eu-west']);
    expect(good.latency[0]!.p50Ms).toBeGreaterThanOrEqual(2);
    expect(good.latency[0]!.p99Ms).toBeGreaterThanOrEqual(good.latency[0]!.p50Ms);

    const c2 = fakeClock();
    const bad = await runBank(ledger(5, false, c2), cfg(false), c2);
    expect(bad.collections[0]!.violations).toBeGreaterThan(0);
    expect(bad.collections[0]!.examples[0]).toMatch(/total \d+ \(expected 500\)/);
  });

  it('refuses a bank with fewer than two accounts', async () => {
    const c = fakeClock();
    await expect(
      runBank(ledger(1, true, c), { accounts: 1, clients: 1, seconds: 1, seed: 1, initialBalance: 1, collections: [], regions: ['a'] }, c),
    ).rejects.toThrow(/at least 2 accounts/);
  });
});
