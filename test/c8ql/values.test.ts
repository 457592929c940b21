import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Value } from '../../src/emulator/c8ql/types.js';
import {
  compareValues,
  hashKey,
  isDocument,
  normalizeValue,
  safeNumber,
  toBool,
  toNumber,
  toStringValue,
  typeName,
  typeOrder,
  valuesEqual,
} from '../../src/emulator/c8ql/values.js';

// The ascending chains below are the examples of ArangoDB's "Type and value order" page.
const ascending: Value[] = [
  null, false, true, -1, 0, 0.5, 1, 100, '', ' ', '0', 'a', 'abc', 'b',
  [], [null, 1], [false, 1], [false, ''], [0], [1], [1, 2], [2], [99, 99], [100],
  {}, { a: 1 }, { a: 2 }, { a: 2, b: 1 }, { a: '' },
];

const arbValue: fc.Arbitrary<Value> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 5 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 3 }),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 2 }), tie('v'), { maxKeys: 3 }),
  ),
})).v as fc.Arbitrary<Value>;

describe('type order', () => {
  it('orders types null < bool < number < string < array < object', () => {
    expect([null, true, 1, 'x', [], {}].map(typeOrder)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([null, false, 0, '', [], {}].map(typeName)).toEqual(['null', 'bool', 'number', 'string', 'array', 'object']);
  });

  it('sorts the documented chains in order', () => {
    for (let i = 1; i < ascending.length; i++) {
      expect(compareValues(ascending[i - 1]!, ascending[i]!), JSON.stringify([ascending[i - 1], ascending[i]])).toBe(-1);
      expect(compareValues(ascending[i]!, ascending[i - 1]!)).toBe(1);
    }
  });

  it('treats missing array elements and object attributes as null', () => {
    expect(compareValues([1, null], [1])).toBe(0);
    expect(compareValues({ a: null }, {})).toBe(0);
    expect(compareValues({ a: 1 }, { b: 1 })).toBe(1);
    expect(compareValues({ b: 1, a: 1 }, { a: 1, b: 1 })).toBe(0);
  });

  it('compares strings with the locale collation, case as a tie breaker', () => {
    const sorted = ['b', 'B', 'a', 'A'].sort(compareValues);
    expect(sorted).toEqual(['a', 'A', 'b', 'B']);
    expect(compareValues('a', 'a')).toBe(0);
  });

  it('is a total order, and equal hash keys mean equal values', () => {
    fc.assert(
      fc.property(arbValue, arbValue, arbValue, (a, b, c) => {
        expect(compareValues(a, a)).toBe(0);
        expect(compareValues(a, b) + compareValues(b, a)).toBe(0);
        if (hashKey(a) === hashKey(b)) expect(valuesEqual(a, b)).toBe(true);
        if (compareValues(a, b) <= 0 && compareValues(b, c) <= 0) expect(compareValues(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });
});

describe('coercion', () => {
  it('toBool follows AQL truthiness', () => {
    expect([null, false, 0, '', true, -1, ' ', '0', 'false', [], {}, [0]].map(toBool)).toEqual([
      false, false, false, false, true, true, true, true, true, true, true, true,
    ]);
  });

  it('toNumber follows TO_NUMBER', () => {
    const cases: [Value, number][] = [
      [null, 0], [false, 0], [true, 1], [-3.5, -3.5], ['', 0], ['  12  ', 12], ['-1.5e2', -150],
      ['.5', 0.5], ['0x1A', 26], [' -0x10 ', -16], ['0x', 0], ['abc', 0], ['12abc', 0], ['1 2', 0], [[], 0], [[7], 7], [['8'], 8], [[[true]], 1],
      [[1, 2], 0], [{}, 0], [{ a: 1 }, 0],
    ];
    for (const [v, n] of cases) expect(toNumber(v), JSON.stringify(v)).toBe(n);
  });

  it('toStringValue follows TO_STRING', () => {
    expect(toStringValue(null)).toBe('');
    expect(toStringValue(true)).toBe('true');
    expect(toStringValue(-1.5)).toBe('-1.5');
    expect(toStringValue('x')).toBe('x');
    expect(toStringValue([1, 'a', null])).toBe('[1,"a",null]');
    expect(toStringValue({ a: [1] })).toBe('{"a":[1]}');
  });

  it('maps non-finite numbers to null and -0 to 0', () => {
    expect(safeNumber(NaN)).toBeNull();
    expect(safeNumber(Infinity)).toBeNull();
    expect(Object.is(safeNumber(-0), 0)).toBe(true);
    expect(normalizeValue({ a: [NaN, 1, undefined], b: undefined })).toEqual({ a: [null, 1, null] });
  });

  it('reads a stray undefined as null', () => {
    const u = undefined as unknown as Value;
    expect([typeOrder(u), toBool(u), toNumber(u), toStringValue(u), hashKey(u)]).toEqual([0, false, 0, '', 'n']);
    expect(compareValues(u, null)).toBe(0);
  });

  it('isDocument accepts objects only', () => {
    expect(isDocument({})).toBe(true);
    expect(isDocument([])).toBe(false);
    expect(isDocument(null)).toBe(false);
  });

  it('hashKey ignores attribute order and -0', () => {
    expect(hashKey({ a: 1, b: 2 })).toBe(hashKey({ b: 2, a: 1 }));
    expect(hashKey(-0)).toBe(hashKey(0));
    expect(hashKey('1')).not.toBe(hashKey(1));
    expect(hashKey([1, { b: [true], a: 'x' }])).toBe(hashKey([1, { a: 'x', b: [true] }]));
  });

  it('hashKey is structural where == is lenient about nulls', () => {
    expect(valuesEqual([1, null], [1])).toBe(true);
    expect(hashKey([1, null])).not.toBe(hashKey([1]));
    expect(valuesEqual({ a: null }, {})).toBe(true);
    expect(hashKey({ a: null })).not.toBe(hashKey({}));
  });
});
