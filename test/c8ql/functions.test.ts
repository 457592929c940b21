// Function-library checks that a corpus case cannot express well: determinism under
// an injected seed and clock, exact warning codes and messages, the registry itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../src/emulator/clock.js';
import type { DataSource } from '../../src/emulator/c8ql/data-source.js';
import { storeWith } from './store-fixture.js';
import { AGGREGATE_NAMES, functions, lookupAggregate, lookupFunction } from '../../src/emulator/c8ql/functions/index.js';
import { QueryError, type Doc, type FunctionContext, type Value } from '../../src/emulator/c8ql/types.js';
import { compareValues, hashKey } from '../../src/emulator/c8ql/values.js';

function context(opts: { seed?: number; clock?: ManualClock; data?: DataSource } = {}) {
  const warnings: { code: number; message: string }[] = [];
  const clock = opts.clock ?? new ManualClock(1_700_000_000_000);
  const ctx: FunctionContext = {
    warn: (code, message) => warnings.push({ code, message }),
    // Functions that read documents get a real store; the others never touch `data`.
    data: opts.data ?? (null as unknown as DataSource),
    now: () => clock.now(),
    random: seededRandom(opts.seed ?? 1),
    currentDatabase: '_system',
    currentUser: 'root',
  };
  return { ctx, warnings };
}

function call(name: string, args: Value[], ctx: FunctionContext): Value {
  const f = lookupFunction(name);
  if (!f) throw new Error(`no function ${name}`);
  return f.impl(args, ctx);
}

// The spec's Functions section, verbatim.
const SPEC_FUNCTIONS = `TO_BOOL TO_NUMBER TO_STRING TO_ARRAY IS_NULL IS_BOOL IS_NUMBER IS_STRING IS_ARRAY IS_OBJECT
IS_DOCUMENT TYPENAME NOT_NULL FIRST_LIST FIRST_DOCUMENT CONCAT CONCAT_SEPARATOR LOWER UPPER SUBSTRING LEFT RIGHT
TRIM LTRIM RTRIM SPLIT SUBSTITUTE CONTAINS STARTS_WITH LIKE REGEX_TEST REGEX_REPLACE CHAR_LENGTH FIND_FIRST
FIND_LAST REVERSE MD5 SHA1 SHA512 UUID RANDOM_TOKEN JSON_STRINGIFY JSON_PARSE TO_BASE64 ENCODE_URI_COMPONENT ABS
CEIL FLOOR ROUND SQRT POW EXP LOG LOG10 RAND RANGE MIN MAX SUM AVG AVERAGE MEDIAN PERCENTILE STDDEV VARIANCE
LENGTH COUNT FIRST LAST NTH PUSH POP SHIFT UNSHIFT APPEND UNIQUE SORTED SORTED_UNIQUE FLATTEN SLICE POSITION
CONTAINS_ARRAY UNION UNION_DISTINCT INTERSECTION OUTERSECTION MINUS REMOVE_VALUE REMOVE_VALUES REMOVE_NTH
COUNT_DISTINCT COUNT_UNIQUE ZIP JACCARD MERGE MERGE_RECURSIVE UNSET UNSET_RECURSIVE KEEP HAS ATTRIBUTES VALUES
VALUE MATCHES ENTRIES DOCUMENT PARSE_IDENTIFIER COLLECTION_COUNT CURRENT_DATABASE CURRENT_USER DATE_NOW
DATE_ISO8601 DATE_TIMESTAMP DATE_YEAR DATE_MONTH DATE_DAY DATE_HOUR DATE_MINUTE DATE_SECOND DATE_MILLISECOND
DATE_DAYOFWEEK DATE_ADD DATE_SUBTRACT DATE_DIFF DATE_COMPARE DATE_FORMAT DATE_TRUNC SLEEP FAIL ASSERT WARN
CHECK_DOCUMENT`.split(/\s+/);

describe('registry', () => {
  it('has every function of the spec, case-insensitively', () => {
    const missing = SPEC_FUNCTIONS.filter((n) => lookupFunction(n) === undefined || lookupFunction(n.toLowerCase()) === undefined);
    expect(missing).toEqual([]);
    expect(lookupFunction('no_such_function')).toBeUndefined();
  });

  it('has unique upper-case names and sane arities', () => {
    const names = functions.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of functions) {
      expect(f.name).toBe(f.name.toUpperCase());
      expect(f.minArgs).toBeLessThanOrEqual(f.maxArgs);
    }
  });

  it('offers the COLLECT aggregates over arrays of values', () => {
    const { ctx } = context();
    for (const n of ['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'AVERAGE', 'LENGTH', 'UNIQUE', 'SORTED_UNIQUE', 'COUNT_DISTINCT', 'PUSH']) {
      expect(AGGREGATE_NAMES.has(n), n).toBe(true);
    }
    const values: Value[] = [3, 1, null, 3];
    expect(lookupAggregate('sum')?.(values, ctx)).toBe(7);
    expect(lookupAggregate('MIN')?.(values, ctx)).toBe(1);
    expect(lookupAggregate('LENGTH')?.(values, ctx)).toBe(4);
    expect(lookupAggregate('SORTED_UNIQUE')?.(values, ctx)).toEqual([null, 1, 3]);
    expect(lookupAggregate('PUSH')?.(values, ctx)).toEqual([3, 1, null, 3]);
    expect(lookupAggregate('CONCAT')).toBeUndefined();
  });

  it('aggregates like ArangoDB aggregators: no warnings, null on non-numbers', () => {
    const { ctx, warnings } = context();
    expect(lookupAggregate('SUM')?.(['x', 1], ctx)).toBeNull();
    expect(lookupAggregate('SUM')?.([], ctx)).toBeNull();
    expect(lookupAggregate('AVERAGE')?.([null, null], ctx)).toBeNull();
    expect(lookupAggregate('AVG')?.([1, null, 2], ctx)).toBe(1.5);
    expect(lookupAggregate('MAX')?.([null, null], ctx)).toBeNull();
    expect(lookupAggregate('UNIQUE')?.([null, 1, null], ctx)).toEqual([null, 1]);
    expect(lookupAggregate('COUNT_DISTINCT')?.([null, 1, null, [1]], ctx)).toBe(3);
    expect(lookupAggregate('VARIANCE_SAMPLE')?.([1], ctx)).toBeNull();
    expect(lookupAggregate('STDDEV')?.([1, 3, 6, 5, 2], ctx)).toBeCloseTo(1.8547236990991407, 12);
    expect(warnings).toEqual([]);
  });
});

describe('randomness under a seed', () => {
  it('UUID is a v4 UUID and repeats for the same seed', () => {
    const a = context({ seed: 42 }).ctx;
    const b = context({ seed: 42 }).ctx;
    const first = [call('UUID', [], a), call('UUID', [], a)];
    expect([call('UUID', [], b), call('UUID', [], b)]).toEqual(first);
    expect(first[0]).not.toBe(first[1]);
    expect(first[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('UUID', [], context({ seed: 43 }).ctx)).not.toBe(first[0]);
  });

  it('RANDOM_TOKEN and RAND follow the injected PRNG', () => {
    const token = call('RANDOM_TOKEN', [16], context({ seed: 7 }).ctx);
    expect(call('RANDOM_TOKEN', [16], context({ seed: 7 }).ctx)).toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(call('RAND', [], context({ seed: 9 }).ctx)).toBe(seededRandom(9)());
  });
});

describe('dates under an injected clock', () => {
  it('DATE_NOW reads the clock and moves with it', () => {
    const clock = new ManualClock(Date.UTC(2024, 1, 29, 23, 59, 59, 500));
    const { ctx } = context({ clock });
    expect(call('DATE_NOW', [], ctx)).toBe(clock.now());
    expect(call('DATE_ISO8601', [call('DATE_NOW', [], ctx)], ctx)).toBe('2024-02-29T23:59:59.500Z');
    clock.advance(600);
    expect(call('DATE_FORMAT', [call('DATE_NOW', [], ctx), '%yyyy-%mm-%dd %hh:%ii:%ss.%fff %www'], ctx)).toBe('2024-03-01 00:00:00.100 Fri');
  });

  it('DATE_ADD and DATE_DIFF agree around leap days', () => {
    const { ctx } = context();
    const next = call('DATE_ADD', ['2024-02-28T12:00:00Z', 1, 'day'], ctx);
    expect(next).toBe('2024-02-29T12:00:00.000Z');
    expect(call('DATE_DIFF', ['2024-02-28T12:00:00Z', next, 'h'], ctx)).toBe(24);
    expect(call('DATE_ADD', ['2024-02-29', 1, 'year'], ctx)).toBe('2025-03-01T00:00:00.000Z');
    expect(call('DATE_ADD', ['2024-01-01', 1.5, 'months'], ctx)).toBe('2024-02-16T00:00:00.000Z');
  });
});

describe('warnings', () => {
  it('uses ArangoDB codes and messages', () => {
    const { ctx, warnings } = context();
    expect(call('MERGE', [{ a: 1 }, 2], ctx)).toBeNull();
    expect(call('SUM', ['x'], ctx)).toBeNull();
    expect(call('DATE_YEAR', ['not a date'], ctx)).toBeNull();
    expect(call('DATE_YEAR', [true], ctx)).toBeNull();
    expect(call('REGEX_TEST', ['a', '('], ctx)).toBeNull();
    expect(warnings).toEqual([
      { code: 1542, message: "invalid argument type in call to function 'MERGE()'" },
      { code: 1563, message: 'array expected' },
      { code: 1572, message: 'invalid date value' },
      { code: 1542, message: "invalid argument type in call to function 'DATE_YEAR()'" },
      { code: 1543, message: 'invalid regex value' },
    ]);
  });

  it('RANGE refuses more than ten million values', () => {
    const { ctx } = context();
    expect(() => call('RANGE', [1, 20_000_000], ctx)).toThrow(expect.objectContaining({ errorNum: 32 }));
    expect((call('RANGE', [0, 1, 0.25], ctx) as Value[]).length).toBe(5);
  });

  it('FAIL and ASSERT raise query errors', () => {
    const { ctx } = context();
    expect(() => call('FAIL', ['boom'], ctx)).toThrow(expect.objectContaining({ errorNum: 1569, message: 'boom' }));
    expect(() => call('FAIL', [], ctx)).toThrow(expect.objectContaining({ errorNum: 1569, message: 'FAIL() called' }));
    expect(() => call('ASSERT', [false, 'must hold'], ctx)).toThrow(QueryError);
  });
});

describe('documents', () => {
  const data = { users: [{ _key: 'a', n: 1 }, { _key: 'b', n: 2 }] };

  it('DOCUMENT looks up by id, ids and collection + key(s) in the real store', async () => {
    const store = storeWith(data);
    try {
      const { ctx } = context({ data: store.ds });
      const a = call('DOCUMENT', ['users/a'], ctx) as Doc;
      expect(a).toMatchObject({ _key: 'a', _id: 'users/a', n: 1 });
      expect(typeof a._rev).toBe('string');
      expect((call('DOCUMENT', [['users/b', 'users/x', 'other/a']], ctx) as Doc[]).map((d) => d._key)).toEqual(['b']);
      expect((call('DOCUMENT', ['users', ['b', 'a']], ctx) as Doc[]).map((d) => d._key)).toEqual(['b', 'a']);
      expect(call('DOCUMENT', ['users', 'other/a'], ctx)).toBeNull();
      expect(call('DOCUMENT', ['nope', 'a'], ctx)).toBeNull();
      expect(call('DOCUMENT', ['nope', ['a']], ctx)).toEqual([]);
      expect(call('COLLECTION_COUNT', ['users'], ctx)).toBe(2);
      expect(() => call('COLLECTION_COUNT', ['nope'], ctx)).toThrow(expect.objectContaining({ errorNum: 1203 }));
    } finally {
      await store.close();
    }
  });
});

describe('properties', () => {
  const scalar: fc.Arbitrary<Value> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -20, max: 20 }),
    fc.string({ maxLength: 3 }),
  );
  const value: fc.Arbitrary<Value> = fc.oneof(
    scalar,
    fc.array(scalar, { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 2 }), scalar, { maxKeys: 2 }),
  );
  const { ctx } = context();

  it('SORTED is an ordered permutation and SORTED_UNIQUE its distinct values', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), (xs) => {
        const sorted = call('SORTED', [xs], ctx) as Value[];
        expect(sorted).toHaveLength(xs.length);
        for (let i = 1; i < sorted.length; i++) expect(compareValues(sorted[i - 1]!, sorted[i]!)).toBeLessThanOrEqual(0);
        expect([...sorted].map(hashKey).sort()).toEqual(xs.map(hashKey).sort());
        const unique = call('SORTED_UNIQUE', [xs], ctx) as Value[];
        expect(unique.map(hashKey)).toEqual([...new Set(sorted.map(hashKey))]);
        expect(call('COUNT_DISTINCT', [xs], ctx)).toBe(unique.length);
      }),
      { numRuns: 200 },
    );
  });

  it('TO_NUMBER reads back what TO_STRING writes for finite numbers', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(call('TO_NUMBER', [call('TO_STRING', [n], ctx)], ctx)).toBe(n === 0 ? 0 : n);
      }),
      { numRuns: 300 },
    );
  });

  it('JSON_PARSE inverts JSON_STRINGIFY', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(call('JSON_PARSE', [call('JSON_STRINGIFY', [v], ctx)], ctx)).toEqual(v);
      }),
      { numRuns: 200 },
    );
  });

  it('DATE_ISO8601 and DATE_TIMESTAMP round-trip every valid timestamp', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62167219200000, max: 253402300799999 }), (t) => {
        const iso = call('DATE_ISO8601', [t], ctx);
        expect(call('DATE_TIMESTAMP', [iso], ctx)).toBe(t);
      }),
      { numRuns: 300 },
    );
  });

  it('UNION_DISTINCT, INTERSECTION and MINUS agree with set algebra', () => {
    fc.assert(
      fc.property(fc.array(scalar, { maxLength: 8 }), fc.array(scalar, { maxLength: 8 }), (a, b) => {
        const keys = (v: Value) => new Set((v as Value[]).map(hashKey));
        const ka = new Set(a.map(hashKey));
        const kb = new Set(b.map(hashKey));
        expect(keys(call('UNION_DISTINCT', [a, b], ctx))).toEqual(new Set([...ka, ...kb]));
        expect(keys(call('INTERSECTION', [a, b], ctx))).toEqual(new Set([...ka].filter((k) => kb.has(k))));
        expect(keys(call('MINUS', [a, b], ctx))).toEqual(new Set([...ka].filter((k) => !kb.has(k))));
      }),
      { numRuns: 200 },
    );
  });
});
