// Engine semantics over the in-memory data source: pipelines, laziness, COLLECT,
// modifications, atomicity, bind parameters and the runtime guard.
import { describe, expect, it } from 'vitest';
import { executeQuery, openQuery, prepare } from '../../src/emulator/c8ql/index.js';
import { QueryError, type Doc, type Value } from '../../src/emulator/c8ql/types.js';
import { MemoryDataSource } from './memory-data-source.js';

const users: readonly Doc[] = [
  { _key: 'a', name: 'Ann', age: 31, city: 'Oslo', tags: ['x', 'y'] },
  { _key: 'b', name: 'Bob', age: 25, city: 'Rome', tags: ['y'] },
  { _key: 'c', name: 'Cid', age: 40, city: 'Oslo', tags: [] },
  { _key: 'd', name: 'Dee', age: 25, city: 'Lima' },
];

const run = (q: string, bind: Record<string, Value> = {}, ds = new MemoryDataSource({ users })): Value[] => executeQuery(q, bind, ds).result;

function err(q: string, bind: Record<string, Value> = {}, ds = new MemoryDataSource({ users })): QueryError {
  try {
    executeQuery(q, bind, ds);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('FOR / FILTER / SORT / LIMIT / RETURN', () => {
  it('filters, sorts on several keys and limits with an offset', () => {
    expect(run('FOR u IN users FILTER u.age < 35 SORT u.age DESC, u.name ASC LIMIT 1, 2 RETURN u.name')).toEqual(['Bob', 'Dee']);
  });

  it('nests FORs and subqueries and returns DISTINCT values', () => {
    expect(run('FOR u IN users FOR t IN u.tags RETURN DISTINCT t')).toEqual(['x', 'y']);
    expect(run('FOR u IN users FILTER u._key == "a" RETURN (FOR t IN u.tags RETURN UPPER(t))')).toEqual([['X', 'Y']]);
  });

  it('uses the primary key for FILTER d._key == value instead of scanning', () => {
    const ds = new MemoryDataSource({ users });
    const r = executeQuery('FOR u IN users FILTER u._key == @k RETURN u.name', { k: 'c' }, ds);
    expect(r.result).toEqual(['Cid']);
    expect(ds.scans).toBe(0);
    expect(r.stats.scannedIndex).toBe(1);
  });

  it('pulls collection rows lazily in chunks', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ _key: String(i).padStart(5, '0') }));
    const ds = new MemoryDataSource({ many });
    const q = openQuery(prepare('FOR d IN many RETURN d._key'), ds);
    expect(q.rows.next().value).toBe('00000');
    expect(ds.scans).toBe(1);
    const limited = executeQuery('FOR d IN many LIMIT 3 RETURN d._key', {}, ds);
    expect(limited.result).toEqual(['00000', '00001', '00002']);
    expect(limited.stats.scannedFull).toBe(1000);
  });

  it('reports fullCount for the top-level LIMIT', () => {
    const r = executeQuery('FOR u IN users LIMIT 1 RETURN u', {}, new MemoryDataSource({ users }), { fullCount: true });
    expect(r.stats.fullCount).toBe(4);
  });
});

describe('expressions', () => {
  it('evaluates operators with AQL semantics', () => {
    expect(run('RETURN [1 + "2", 7 % 3, 1 == 1.0, "a" < "b", null < false, [] > "z", 2 IN [1, 2], 3 NOT IN [3]]')).toEqual([[3, 1, true, true, true, true, true, false]]);
    expect(run('RETURN [0 || "x", 1 && 2, null ?: "d", true ? 1 : 2, NOT 0, !1]')).toEqual([['x', 2, 'd', 1, true, false]]);
    expect(run('RETURN ["abc" LIKE "a%", "abc" NOT LIKE "_b_", "abc" =~ "^a", "abc" !~ "z"]')).toEqual([[true, false, true, true]]);
    expect(run('RETURN [[1, 2, 3] ANY == 2, [1, 2] ALL > 0, [1, 2] NONE == 3, [] ALL == 1]')).toEqual([[true, true, true, true]]);
  });

  it('builds objects with shorthand and computed keys, and accesses attributes and indexes', () => {
    expect(run('LET a = 1 LET k = "z" RETURN {a, [k]: 2, "q": [1, 2, 3][-1], n: {x: {y: 5}}.x.y, m: {x: 1}["x"]}')).toEqual([{ a: 1, z: 2, q: 3, n: 5, m: 1 }]);
  });

  it('expands with [*] (inline FILTER/LIMIT/RETURN) and flattens with [**]', () => {
    expect(run('FOR u IN users FILTER u._key == "a" RETURN u.tags[* RETURN CONCAT(CURRENT, "!")]')).toEqual([['x!', 'y!']]);
    expect(run('RETURN [[1, 2], [3]][**]')).toEqual([[1, 2, 3]]);
    expect(run('RETURN [{v: 1}, {v: 2}, {v: 3}][* FILTER CURRENT.v > 1 LIMIT 1].v')).toEqual([[2]]);
  });

  it('turns division by zero into null with a warning', () => {
    const r = executeQuery('RETURN 1 / 0', {}, new MemoryDataSource());
    expect(r.result).toEqual([null]);
    expect(r.warnings).toEqual([{ code: 1562, message: 'division by zero' }]);
  });
});

describe('COLLECT', () => {
  it('groups (sorted), counts and aggregates', () => {
    expect(run('FOR u IN users COLLECT city = u.city WITH COUNT INTO n RETURN {city, n}')).toEqual([
      { city: 'Lima', n: 1 }, { city: 'Oslo', n: 2 }, { city: 'Rome', n: 1 },
    ]);
    expect(run('FOR u IN users COLLECT age = u.age AGGREGATE names = SORTED_UNIQUE(u.name), total = COUNT(1) RETURN [age, names, total]')).toEqual([
      [25, ['Bob', 'Dee'], 2], [31, ['Ann'], 1], [40, ['Cid'], 1],
    ]);
  });

  it('collects INTO with a projection or all variables, and KEEP', () => {
    expect(run('FOR u IN users COLLECT c = u.city INTO names = u.name FILTER c == "Oslo" RETURN names')).toEqual([['Ann', 'Cid']]);
    expect(run('FOR u IN users LET x = u.age COLLECT c = u.city INTO g KEEP x FILTER c == "Rome" RETURN g')).toEqual([[{ x: 25 }]]);
  });

  it('gives one row without groups even over no input', () => {
    expect(run('FOR u IN [] COLLECT WITH COUNT INTO n RETURN n')).toEqual([0]);
    expect(run('FOR u IN users COLLECT AGGREGATE s = SUM(u.age), mx = MAX(u.age) RETURN [s, mx]')).toEqual([[121, 40]]);
  });
});

describe('modifications', () => {
  it('inserts, updates, replaces, removes and upserts with NEW/OLD', () => {
    const ds = new MemoryDataSource({ users, log: [] });
    expect(run('INSERT {_key: "z", v: 1} INTO log RETURN NEW.v', {}, ds)).toEqual([1]);
    expect(run('UPDATE "z" WITH {w: 2} IN log RETURN [OLD.w, NEW.w, NEW.v]', {}, ds)).toEqual([[null, 2, 1]]);
    expect(run('REPLACE {_key: "z", r: 3} IN log RETURN NEW', {}, ds)).toEqual([{ _key: 'z', _id: 'log/z', r: 3 }]);
    expect(run('UPSERT {r: 3} INSERT {r: 0} UPDATE {r: OLD.r + 1} IN log RETURN NEW.r', {}, ds)).toEqual([4]);
    expect(run('UPSERT {r: 99} INSERT {_key: "n", r: 99} UPDATE {} IN log RETURN NEW._key', {}, ds)).toEqual(['n']);
    const removed = executeQuery('FOR d IN log REMOVE d IN log', {}, ds);
    expect(removed.result).toEqual([]);
    expect(removed.stats.writesExecuted).toBe(2);
  });

  it('commits all writes or none', () => {
    const ds = new MemoryDataSource({ log: [{ _key: 'k2' }] });
    expect(err('FOR k IN ["k1", "k2"] INSERT {_key: k} INTO log', {}, ds).errorNum).toBe(1210);
    expect(ds.count('log')).toBe(1);
  });

  it('ignores errors with ignoreErrors and counts them', () => {
    const ds = new MemoryDataSource({ log: [{ _key: 'k2' }] });
    const r = executeQuery('FOR k IN ["k1", "k2"] INSERT {_key: k} INTO log OPTIONS {ignoreErrors: true}', {}, ds);
    expect([r.stats.writesExecuted, r.stats.writesIgnored]).toEqual([1, 1]);
  });
});

describe('bind parameters and errors', () => {
  it('binds values and collections', () => {
    expect(run('FOR u IN @@c FILTER u.age == @a RETURN u._key', { '@c': 'users', a: 25 })).toEqual(['b', 'd']);
  });

  it('rejects missing (1551), unused (1552) and bad collection binds (1553)', () => {
    expect(err('RETURN @x').errorNum).toBe(1551);
    expect(err('RETURN 1', { x: 1 }).errorNum).toBe(1552);
    expect(err('FOR d IN @@c RETURN d', { '@c': 1 }).errorNum).toBe(1553);
  });

  it('reports unknown collections as 404/1203', () => {
    expect(err('FOR d IN nope RETURN d')).toMatchObject({ status: 404, errorNum: 1203 });
  });

  it('kills a query that runs past maxRuntime (injected clock)', () => {
    let t = 0;
    const now = (): number => (t += 10);
    const e = (() => {
      try {
        executeQuery('FOR i IN 1..1000000 RETURN i', {}, new MemoryDataSource(), { now, maxRuntime: 1 });
      } catch (x) {
        return x as QueryError;
      }
      return undefined;
    })();
    expect(e).toMatchObject({ status: 410, errorNum: 1500 });
  });
});
