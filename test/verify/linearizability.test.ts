import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { History, type Operation, type OpKind, type Outcome, type RegValue } from './lib/history.js';
import { checkLinearizable, describeCounterexample } from './lib/linearizability.js';

let nextId = 0;
function op(
  process: number,
  f: OpKind,
  value: RegValue | readonly [RegValue, RegValue],
  call: number,
  ret: number | null,
  outcome: Outcome = ret === null ? 'info' : 'ok',
  key = 'k',
): Operation {
  return {
    id: nextId++,
    process,
    key,
    f,
    input: f === 'read' ? null : value,
    output: f === 'read' && outcome === 'ok' ? (value as RegValue) : undefined,
    outcome,
    call,
    ret: ret === null || outcome === 'info' ? Infinity : ret,
  };
}
const w = (p: number, v: RegValue, call: number, ret: number | null, outcome?: Outcome, key?: string): Operation =>
  op(p, 'write', v, call, ret, outcome, key);
const r = (p: number, v: RegValue, call: number, ret: number | null, outcome?: Outcome, key?: string): Operation =>
  op(p, 'read', v, call, ret, outcome, key);
const cas = (p: number, from: RegValue, to: RegValue, call: number, ret: number | null, outcome?: Outcome): Operation =>
  op(p, 'cas', [from, to], call, ret, outcome);

describe('register linearizability: known histories', () => {
  it('accepts an empty history and reads of an absent key', () => {
    expect(checkLinearizable([]).verdict).toBe('ok');
    expect(checkLinearizable([r(0, null, 0, 5)]).verdict).toBe('ok');
  });

  it('accepts concurrent reads that see the old and the new value in a legal order', () => {
    const h = [w(0, 0, 0, 5), w(1, 100, 10, 50), r(2, 0, 20, 30), r(3, 100, 40, 60)];
    expect(checkLinearizable(h).verdict).toBe('ok');
  });

  it('rejects a read of the old value after another read saw the new one', () => {
    // Once p2 has read 100 (before 30), p3 (invoked at 40) cannot read 0.
    const h = [w(0, 0, 0, 5), w(1, 100, 10, 50), r(2, 100, 20, 30), r(3, 0, 40, 60)];
    const res = checkLinearizable(h);
    expect(res.verdict).toBe('illegal');
    expect(res.counterexample?.key).toBe('k');
  });

  it('rejects a stale read after an acknowledged overwrite', () => {
    const h = [w(0, 1, 0, 10), w(1, 2, 20, 30), r(2, 1, 40, 50)];
    const res = checkLinearizable(h);
    expect(res.verdict).toBe('illegal');
    expect(res.counterexample?.blocked?.f).toBe('read');
    expect(describeCounterexample(res.counterexample!)).toContain('could not place: p2 read → 1');
  });

  it('rejects a lost write: an acknowledged write that a later read never sees', () => {
    const h = [w(0, 1, 0, 10), w(1, 2, 20, 30), r(2, 2, 35, 40), r(3, 1, 60, 70)];
    expect(checkLinearizable(h).verdict).toBe('illegal');
  });

  it('rejects two successful CAS from the same value (lost update)', () => {
    const h = [w(0, 0, 0, 5), cas(1, 0, 1, 10, 20), cas(2, 0, 2, 30, 40)];
    expect(checkLinearizable(h).verdict).toBe('illegal');
    // Concurrent, the second CAS can follow the first only if it expects the first's value.
    expect(checkLinearizable([w(0, 0, 0, 5), cas(1, 0, 1, 10, 40), cas(2, 1, 2, 20, 30)]).verdict).toBe('ok');
  });

  it('drops failed ops: a failed write did not happen', () => {
    expect(checkLinearizable([w(0, 1, 0, 10), w(1, 2, 20, 30, 'fail'), r(2, 1, 40, 50)]).verdict).toBe('ok');
    expect(checkLinearizable([w(0, 1, 0, 10), w(1, 2, 20, 30, 'fail'), r(2, 2, 40, 50)]).verdict).toBe('illegal');
  });

  it('lets an indeterminate write take effect late, or never', () => {
    // The info write of 2 (invoked at 20, never answered) explains both reads of 2 …
    expect(checkLinearizable([w(0, 1, 0, 10), w(1, 2, 20, null), r(2, 2, 30, 40), r(3, 2, 50, 60)]).verdict).toBe('ok');
    // … and a read of 1 after it is fine too (it has not taken effect yet, or never will).
    expect(checkLinearizable([w(0, 1, 0, 10), w(1, 2, 20, null), r(2, 1, 30, 40)]).verdict).toBe('ok');
    // It may take effect long after a later read of 1, then be read.
    expect(checkLinearizable([w(0, 1, 0, 10), w(1, 2, 20, null), r(2, 1, 30, 40), r(3, 2, 50, 60)]).verdict).toBe('ok');
  });

  it('does not let an indeterminate op take effect before it was invoked', () => {
    expect(checkLinearizable([w(0, 1, 0, 10), r(2, 2, 20, 30), w(1, 2, 40, null)]).verdict).toBe('illegal');
  });

  it('does not let an indeterminate write take effect twice', () => {
    // Without the read of 2 at [30, 40], the info write could land after the write of 3.
    const tail = [w(3, 3, 50, 60), r(4, 2, 70, 80)];
    expect(checkLinearizable([w(0, 1, 0, 10), w(1, 2, 20, null), ...tail]).verdict).toBe('ok');
    expect(checkLinearizable([w(0, 1, 0, 10), w(1, 2, 20, null), r(2, 2, 30, 40), ...tail]).verdict).toBe('illegal');
  });

  it('lets an indeterminate CAS explain a value only when its precondition held', () => {
    expect(checkLinearizable([w(0, 1, 0, 10), cas(1, 1, 5, 20, null), r(2, 5, 30, 40)]).verdict).toBe('ok');
    expect(checkLinearizable([w(0, 1, 0, 10), cas(1, 9, 5, 20, null), r(2, 5, 30, 40)]).verdict).toBe('illegal');
  });

  it('prunes indeterminate writes nobody observed (fast, same verdicts)', () => {
    const h = [w(0, 0, 0, 5)];
    for (let i = 1; i <= 80; i++) h.push(w(i, 1000 + i, 10, null));
    h.push(w(99, 7, 20, 30), r(98, 7, 40, 50), r(97, 1042, 60, 70), r(96, 1042, 80, 90));
    const res = checkLinearizable(h);
    expect(res.verdict).toBe('ok');
    expect(res.keys[0]!.ops).toBe(6);
    expect(checkLinearizable([...h, r(95, 7, 100, 110)]).verdict).toBe('illegal');
  });

  it('checks keys separately and reports the smallest failing key', () => {
    const good = [w(0, 1, 0, 10, 'ok', 'a'), r(1, 1, 20, 30, 'ok', 'a')];
    const bigBad = [w(0, 1, 0, 10, 'ok', 'b'), w(1, 2, 20, 30, 'ok', 'b'), r(2, 2, 35, 38, 'ok', 'b'), r(3, 1, 40, 50, 'ok', 'b')];
    const smallBad = [w(0, 7, 0, 10, 'ok', 'c'), r(2, 8, 40, 50, 'ok', 'c')];
    const res = checkLinearizable([...good, ...bigBad, ...smallBad]);
    expect(res.verdict).toBe('illegal');
    expect(res.keys.map((k) => [k.key, k.verdict])).toEqual([
      ['a', 'ok'],
      ['b', 'illegal'],
      ['c', 'illegal'],
    ]);
    expect(res.counterexample?.key).toBe('c');
    expect(res.counterexample?.involved.map((o) => o.output)).toEqual([8]);
  });

  it('honours a given initial value', () => {
    expect(checkLinearizable([r(0, 5, 0, 1)], { initial: 5 }).verdict).toBe('ok');
    expect(checkLinearizable([r(0, 5, 0, 1)]).verdict).toBe('illegal');
  });

  it('answers unknown, not ok, when the step budget runs out', () => {
    const h = Array.from({ length: 40 }, (_, i) => w(i, i, 0, 100));
    h.push(r(99, -1, 200, 210));
    const res = checkLinearizable(h, { maxSteps: 50 });
    expect(res.verdict).toBe('unknown');
  });

  it('handles many concurrent writes quickly thanks to memoisation', () => {
    // 14 fully concurrent writes then a read of the first: 14! orders without memoisation.
    const h = Array.from({ length: 14 }, (_, i) => w(i, i, 0, 100));
    h.push(r(99, 0, 200, 210));
    const res = checkLinearizable(h);
    expect(res.verdict).toBe('ok');
    expect(res.keys[0]!.steps).toBeLessThan(2_000_000);
  });

  it('pairs recorded events into ops (crash turns open ops into info)', () => {
    let t = 0;
    const h = new History(() => (t += 10));
    h.invoke(0, 'write', 'k', 1).ok();
    const rd = h.invoke(1, 'read', 'k');
    rd.ok(1);
    h.invoke(2, 'write', 'k', 2);
    h.crashAll();
    const ops = h.operations();
    expect(ops.map((o) => [o.f, o.outcome, o.output])).toEqual([
      ['write', 'ok', undefined],
      ['read', 'ok', 1],
      ['write', 'info', undefined],
    ]);
    expect(ops[2]!.ret).toBe(Infinity);
    expect(checkLinearizable(ops).verdict).toBe('ok');
    expect(h.toJsonLines().split('\n')).toHaveLength(6);
  });
});

// Concurrent histories built from a sequential execution: op i takes effect at time 10·i+5,
// and its [call, ret] interval is any window around that point. Such a history is linearizable
// by construction (the execution order is a witness), whatever overlaps the windows create.
interface GenOp {
  readonly kind: OpKind;
  readonly key: number;
  readonly before: number;
  readonly after: number;
  readonly casHit: boolean;
  readonly outcome: 'ok' | 'info' | 'info-lost' | 'fail';
}
const genOp = fc.record({
  kind: fc.constantFrom<OpKind>('read', 'write', 'cas'),
  key: fc.nat({ max: 2 }),
  before: fc.nat({ max: 40 }),
  after: fc.nat({ max: 40 }),
  casHit: fc.boolean(),
  outcome: fc.constantFrom<GenOp['outcome']>('ok', 'ok', 'ok', 'ok', 'info', 'info-lost', 'fail'),
});

function fromSequential(gen: readonly GenOp[]): Operation[] {
  const state = new Map<string, RegValue>();
  const ops: Operation[] = [];
  gen.forEach((g, i) => {
    const key = `k${g.key}`;
    const cur = state.get(key) ?? null;
    const at = 10 * i + 5;
    const call = at - g.before;
    const ret = at + g.after;
    const fresh = i + 1000;
    // 'info-lost' and 'fail' ops never take effect; 'info' ops do, but nobody saw the reply.
    const applies = g.outcome === 'ok' || g.outcome === 'info';
    if (g.kind === 'read') {
      if (g.outcome === 'ok') ops.push(op(i, 'read', cur, call, ret, 'ok', key));
      return;
    }
    const input: RegValue | readonly [RegValue, RegValue] =
      g.kind === 'write' ? fresh : [g.casHit ? cur : -1 - i, fresh];
    const takes = applies && (g.kind === 'write' || g.casHit);
    if (takes) state.set(key, fresh);
    const outcome: Outcome = g.outcome === 'ok' ? (takes ? 'ok' : 'fail') : g.outcome === 'fail' ? 'fail' : 'info';
    ops.push(op(i, g.kind, input, call, ret, outcome, key));
  });
  return ops;
}

describe('register linearizability: properties', () => {
  it('histories generated from a sequential execution are always linearizable', () => {
    fc.assert(
      fc.property(fc.array(genOp, { maxLength: 60 }), (gen) => {
        expect(checkLinearizable(fromSequential(gen)).verdict).toBe('ok');
      }),
      { seed: 6001, numRuns: 300 },
    );
  });

  it('injecting a stale read makes them fail', () => {
    fc.assert(
      fc.property(fc.array(genOp, { minLength: 10, maxLength: 60 }), fc.nat(), (gen, pick) => {
        const ops = fromSequential(gen);
        // A stale read: value v1 of an acknowledged write W1, read after an acknowledged
        // write W2 of the same key that started after W1 returned (so W2 follows W1 in every
        // linearisation and v1 can never come back: values are unique).
        const candidates: [Operation, Operation][] = [];
        for (const a of ops) {
          for (const b of ops) {
            if (a.key === b.key && a.f === 'write' && b.outcome === 'ok' && b.f !== 'read' && a.outcome === 'ok' && a.ret < b.call) {
              candidates.push([a, b]);
            }
          }
        }
        fc.pre(candidates.length > 0);
        const [w1, w2] = candidates[pick % candidates.length]!;
        const stale = op(999, 'read', w1.input as RegValue, w2.ret + 1, w2.ret + 2, 'ok', w1.key);
        const res = checkLinearizable([...ops, stale]);
        expect(res.verdict).toBe('illegal');
        expect(res.counterexample?.key).toBe(w1.key);
      }),
      { seed: 6002, numRuns: 300 },
    );
  });
});
