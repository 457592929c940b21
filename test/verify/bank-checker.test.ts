import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkBank, checkConvergence, type BankModel } from './lib/bank.js';
import { formatReport, printReport, runSeed, withSeed } from './lib/report.js';

const model: BankModel = { accounts: ['a', 'b', 'c'], total: 30 };

describe('bank checker', () => {
  it('accepts reads with the right total and no negative balance', () => {
    const res = checkBank([{ balances: { a: 10, b: 10, c: 10 } }, { balances: { a: 0, b: 25, c: 5 } }], model);
    expect(res.valid).toBe(true);
    expect(res.reads).toBe(2);
    expect(Object.values(res.counts)).toEqual([0, 0, 0, 0]);
  });

  it('flags wrong totals and keeps the first and the worst', () => {
    const res = checkBank(
      [{ balances: { a: 10, b: 10, c: 10 } }, { balances: { a: 12, b: 10, c: 10 }, region: 'eu-west' }, { balances: { a: 5, b: 10, c: 10 } }],
      model,
    );
    expect(res.valid).toBe(false);
    expect(res.counts['wrong-total']).toBe(2);
    expect(res.first['wrong-total']).toMatchObject({ read: 1, total: 32, region: 'eu-west' });
    expect(res.worst).toMatchObject({ read: 2, total: 25 });
  });

  it('flags negative balances even when the total is right', () => {
    const res = checkBank([{ balances: { a: -5, b: 25, c: 10 } }], model);
    expect(res.counts).toEqual({ 'wrong-total': 0, 'negative-value': 1, 'nil-balance': 0, 'unexpected-key': 0 });
    expect(checkBank([{ balances: { a: -5, b: 25, c: 10 } }], { ...model, allowNegative: true }).valid).toBe(true);
  });

  it('flags missing accounts without also counting a wrong total', () => {
    const res = checkBank([{ balances: { a: 10, b: 20 } }, { balances: { a: 10, b: 20, c: null } }], model);
    expect(res.counts['nil-balance']).toBe(2);
    expect(res.counts['wrong-total']).toBe(0);
    expect(res.first['nil-balance']?.detail).toBe('account c is missing');
  });

  it('flags unexpected accounts', () => {
    const res = checkBank([{ balances: { a: 10, b: 10, c: 10, d: 0 } }], model);
    expect(res.counts['unexpected-key']).toBe(1);
  });
});

describe('bank convergence after heal', () => {
  it('passes when every region holds the same valid balances', () => {
    const same = { a: 1, b: 2, c: 27 };
    const res = checkConvergence({ 'us-east': same, 'eu-west': { ...same }, 'ap-south': { ...same } }, model);
    expect(res).toMatchObject({ converged: true, valid: true, divergent: [] });
    expect(res.totals).toEqual({ 'us-east': 30, 'eu-west': 30, 'ap-south': 30 });
  });

  it('reports divergent accounts with each region value', () => {
    const res = checkConvergence({ 'us-east': { a: 1, b: 2, c: 27 }, 'eu-west': { a: 2, b: 1, c: 27 } }, model);
    expect(res.converged).toBe(false);
    expect(res.valid).toBe(false);
    expect(res.divergent.map((d) => d.account)).toEqual(['a', 'b']);
    expect(res.divergent[0]!.values).toEqual({ 'us-east': 1, 'eu-west': 2 });
  });

  it('reports a converged state with a wrong total (lost update) as invalid', () => {
    const res = checkConvergence({ 'us-east': { a: 5, b: 10, c: 10 }, 'eu-west': { a: 5, b: 10, c: 10 } }, model);
    expect(res.converged).toBe(true);
    expect(res.valid).toBe(false);
    expect(res.anomalies.map((a) => a.type)).toEqual(['wrong-total', 'wrong-total']);
    expect(res.totals['us-east']).toBe(25);
  });

  it('treats an account missing in one region as divergence', () => {
    const res = checkConvergence({ 'us-east': { a: 10, b: 10, c: 10 }, 'eu-west': { a: 10, b: 10 } }, model);
    expect(res.divergent).toEqual([{ account: 'c', values: { 'us-east': 10, 'eu-west': null } }]);
    expect(res.totals['eu-west']).toBeNull();
  });
});

describe('report figures', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('prints ops, outcomes, anomalies, acked-lost and the seed', () => {
    const line = formatReport({
      workload: 'bank',
      config: 'global',
      seed: 7,
      ops: { invoked: 10, ok: 7, fail: 2, info: 1 },
      durationMs: 2000,
      anomalies: { 'wrong-total': 3, 'negative-value': 0 },
      ackedLost: 0,
      extra: { converged: false },
    });
    expect(line).toBe(
      '[verify] bank (global) seed=7 | ops=10 ok=7 fail=2 info=1 in 2.0 s | anomalies=3 {wrong-total=3, negative-value=0} | acked-lost=0 | converged=false',
    );
  });

  it('prints and rethrows failures with the seed to replay them', async () => {
    vi.stubEnv('VERIFY_REPORT_FILE', '');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await expect(withSeed('register spot', 99, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'register spot failed (seed 99; replay with VERIFY_SEED=99): boom',
    );
    expect(log).toHaveBeenCalledWith('[verify] FAILED register spot: replay with VERIFY_SEED=99');
    printReport({ workload: 'w', config: 'c', seed: 1 });
    expect(log).toHaveBeenLastCalledWith('[verify] w (c) seed=1');
    log.mockRestore();
  });

  it('takes the seed from VERIFY_SEED when given', () => {
    expect(runSeed(5)).toBe(5);
    vi.stubEnv('VERIFY_SEED', '123');
    expect(runSeed(5)).toBe(123);
    vi.stubEnv('VERIFY_SEED', 'x');
    expect(() => runSeed(5)).toThrow('VERIFY_SEED must be an integer');
  });
});
