import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutateQuery, query } from './lib/c8ql-gen.js';
import { classify } from './lib/gdn-ops.js';
import { History } from './lib/history.js';

describe('HTTP outcome mapping (reference §5.1)', () => {
  it.each([
    [200, undefined, 'ok'],
    [201, undefined, 'ok'],
    [202, undefined, 'ok'],
    [412, 1200, 'fail'],
    [404, 1202, 'fail'],
    [409, 1210, 'fail'],
    [400, 10, 'fail'],
    [503, 1478, 'fail'],
    [503, 1004, 'fail'],
    [503, undefined, 'info'],
    [504, 1457, 'info'],
    [500, 4, 'info'],
    [0, undefined, 'info'],
  ] as const)('%i / %s → %s', (status, errorNum, outcome) => {
    expect(classify(status, errorNum)).toBe(outcome);
  });
});

describe('history recorder', () => {
  it('refuses a second open op per process and a double completion', () => {
    const h = new History(() => 1);
    const p = h.invoke(0, 'write', 'k', 1);
    expect(() => h.invoke(0, 'read', 'k')).toThrow('still open');
    p.ok();
    expect(p.done).toBe(true);
    expect(() => p.fail()).toThrow('completed twice');
    expect(h.events.map((e) => e.type)).toEqual(['invoke', 'ok']);
  });
});

describe('C8QL generator', () => {
  it('produces queries and deterministic mutations', () => {
    const samples = fc.sample(query, { seed: 3, numRuns: 50 });
    expect(samples.every((q) => /RETURN|INSERT|UPDATE|REPLACE|REMOVE|UPSERT/.test(q))).toBe(true);
    expect(fc.sample(query, { seed: 3, numRuns: 50 })).toEqual(samples);
    const ops = [{ kind: 0, at: 1, tok: '' }, { kind: 3, at: 4, tok: ' FOR ' }];
    expect(mutateQuery('FOR d IN c RETURN d', ops)).toBe(mutateQuery('FOR d IN c RETURN d', ops));
    expect(mutateQuery('FOR d IN c RETURN d', ops)).not.toBe('FOR d IN c RETURN d');
  });
});
