import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../src/emulator/regions/hlc.js';
import {
  applyDelta,
  canonicalJson,
  EMPTY_STATE,
  materialize,
  mergeStates,
  putDelta,
  removeDelta,
  updateDelta,
  versionOf,
  type DocState,
} from '../../../src/emulator/regions/merge.js';

const ts = (wall: number, node: string, counter = 0): string => encodeHlc({ wall, counter, node });
const same = (a: DocState, b: DocState): boolean => {
  expect(canonicalJson(a)).toBe(canonicalJson(b));
  return true;
};

// Small domains on purpose, so generated writes collide on fields and timestamps.
const fieldName = fc.constantFrom('a', 'b', 'c', '__proto__');
const value = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null), fc.record({ x: fc.integer({ min: 0, max: 2 }) }));
const body = fc.dictionary(fieldName, value, { maxKeys: 3 });
const stamp = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.constantFrom('eu-west', 'us-east', 'ap-south'), fc.integer({ min: 0, max: 1 }));
const delta: fc.Arbitrary<DocState> = fc.oneof(
  fc.tuple(stamp, body).map(([[w, n, c], b]) => putDelta(ts(w, n, c), b)),
  fc.tuple(stamp, fc.option(body, { nil: undefined }), body).map(([[w, n, c], before, after]) => updateDelta(ts(w, n, c), before, after)),
  stamp.map(([w, n, c]) => removeDelta(ts(w, n, c))),
);
const fold = (ds: readonly DocState[]): DocState => ds.reduce((s, d) => applyDelta(s, d).state, EMPTY_STATE);
const stateArb = fc.array(delta, { maxLength: 6 }).map(fold);

describe('merge is a join: replicas converge whatever the delivery', () => {
  it('is commutative', () => {
    fc.assert(fc.property(stateArb, stateArb, (a, b) => same(mergeStates(a, b), mergeStates(b, a))), { numRuns: 500 });
  });

  it('is associative', () => {
    fc.assert(
      fc.property(stateArb, stateArb, stateArb, (a, b, c) => same(mergeStates(mergeStates(a, b), c), mergeStates(a, mergeStates(b, c)))),
      { numRuns: 500 },
    );
  });

  it('is idempotent (a redelivered delta changes nothing)', () => {
    fc.assert(
      fc.property(stateArb, delta, (s, d) => {
        const once = applyDelta(s, d).state;
        const twice = applyDelta(once, d);
        same(twice.state, once);
        expect(twice.changed).toBe(false);
        same(mergeStates(s, s), s);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same document for any order and duplication of the same deltas', () => {
    fc.assert(
      fc.property(
        fc.array(delta, { minLength: 1, maxLength: 8 }).chain((ds) =>
          fc.tuple(fc.constant(ds), fc.shuffledSubarray([...ds, ...ds], { minLength: 2 * ds.length, maxLength: 2 * ds.length })),
        ),
        ([ds, shuffled]) => {
          const inOrder = fold(ds);
          const other = fold(shuffled);
          same(other, inOrder);
          expect(canonicalJson(materialize(other))).toBe(canonicalJson(materialize(inOrder)));
          expect(versionOf(other)).toBe(versionOf(inOrder));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('merge rules', () => {
  it('merges concurrent writes to different fields', () => {
    const base = putDelta(ts(1, 'us-east'), { name: 'ann', balance: 10 });
    const east = updateDelta(ts(2, 'us-east'), { name: 'ann', balance: 10 }, { name: 'ann', balance: 20 });
    const west = updateDelta(ts(2, 'eu-west'), { name: 'ann', balance: 10 }, { name: 'ann', balance: 10, city: 'dublin' });
    expect(Object.keys(east.fields)).toEqual(['balance']);
    expect(materialize(fold([base, east, west]))).toEqual({ name: 'ann', balance: 20, city: 'dublin' });
  });

  it('lets the later write of a field win, and region name break a timestamp tie', () => {
    const base = putDelta(ts(1, 'us-east'), { balance: 10 });
    const later = updateDelta(ts(5, 'ap-south'), { balance: 10 }, { balance: 1 });
    const earlier = updateDelta(ts(4, 'us-east'), { balance: 10 }, { balance: 2 });
    expect(materialize(fold([base, later, earlier]))).toEqual({ balance: 1 });
    const tieA = updateDelta(ts(7, 'ap-south'), { balance: 10 }, { balance: 3 });
    const tieB = updateDelta(ts(7, 'eu-west'), { balance: 10 }, { balance: 4 });
    expect(materialize(fold([base, tieB, tieA]))).toEqual({ balance: 4 });
  });

  it('counts the incoming writes that lost as conflicts', () => {
    const s = fold([putDelta(ts(1, 'us-east'), { a: 1 }), updateDelta(ts(5, 'us-east'), { a: 1 }, { a: 2 })]);
    const r = applyDelta(s, updateDelta(ts(3, 'eu-west'), { a: 1 }, { a: 9 }));
    expect(r.conflicts).toBe(1);
    expect(r.changed).toBe(false);
    expect(materialize(r.state)).toEqual({ a: 2 });
  });

  it('lets a delete win over older field writes, even ones delivered after it', () => {
    const put = putDelta(ts(1, 'us-east'), { a: 1, b: 1 });
    const upd = updateDelta(ts(2, 'eu-west'), { a: 1, b: 1 }, { a: 5, b: 1 });
    const del = removeDelta(ts(3, 'us-east'));
    expect(materialize(fold([put, del, upd]))).toBeUndefined();
    expect(applyDelta(fold([put, del]), upd).conflicts).toBe(1);
    expect(materialize(fold([put, upd, del]))).toBeUndefined();
  });

  it('resurrects a deleted document with only the fields written after the delete', () => {
    const put = putDelta(ts(1, 'us-east'), { name: 'ann', balance: 10 });
    const del = removeDelta(ts(3, 'us-east'));
    const upd = updateDelta(ts(4, 'eu-west'), { name: 'ann', balance: 10 }, { name: 'ann', balance: 7 });
    expect(materialize(fold([put, del, upd]))).toEqual({ balance: 7 });
    expect(materialize(fold([upd, put, del]))).toEqual({ balance: 7 });
  });

  it('makes a replace hide fields of older concurrent updates', () => {
    const put = putDelta(ts(1, 'us-east'), { a: 1 });
    const upd = updateDelta(ts(2, 'eu-west'), { a: 1 }, { a: 1, extra: true });
    const rep = putDelta(ts(3, 'us-east'), { b: 2 });
    expect(materialize(fold([put, rep, upd]))).toEqual({ b: 2 });
    expect(materialize(fold([put, upd, rep]))).toEqual({ b: 2 });
  });

  it('removes a field with a register that has no value, and keeps null values', () => {
    const put = putDelta(ts(1, 'us-east'), { a: 1, b: 2 });
    const upd = updateDelta(ts(2, 'us-east'), { a: 1, b: 2 }, { a: null });
    expect(materialize(fold([put, upd]))).toEqual({ a: null });
  });

  it('keeps empty documents alive and ignores system attributes', () => {
    const put = putDelta(ts(1, 'us-east'), { _key: 'k', _id: 'c/k', _rev: 'r' });
    expect(materialize(fold([put]))).toEqual({});
    expect(materialize(EMPTY_STATE)).toBeUndefined();
  });

  it('treats __proto__ as an ordinary field', () => {
    const b = JSON.parse('{"__proto__":{"x":1},"a":2}') as Record<string, unknown>;
    const doc = materialize(fold([putDelta(ts(1, 'us-east'), b)]))!;
    expect(Object.hasOwn(doc, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(b);
  });

  it('versionOf is the newest timestamp of the state', () => {
    const s = fold([putDelta(ts(1, 'us-east'), { a: 1 }), updateDelta(ts(9, 'eu-west'), { a: 1 }, { a: 2 })]);
    expect(versionOf(s)).toBe(ts(9, 'eu-west'));
    expect(versionOf(EMPTY_STATE)).toBe('');
  });
});

describe('canonicalJson', () => {
  it('ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe(canonicalJson({ a: [1, { d: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});
