// Array functions: LENGTH … JACCARD. Equality and order are AQL's (values.ts);
// a non-array where an array is required yields null with "array expected".
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { compareValues, hashKey, isArray, toBool, toNumber, toStringValue } from '../values.js';
import { QueryError } from '../types.js';
import { alias, arg, ARG_TYPE_MISMATCH, arrayExpected, chars, def, invalidArg } from './util.js';

type Arr = readonly Value[];

function lengthOf(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return chars(toStringValue(v)).length;
  return isArray(v) ? v.length : Object.keys(v).length;
}

function uniqueValues(xs: Arr): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of xs) {
    const k = hashKey(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function flatten(xs: Arr, depth: number, out: Value[]): Value[] {
  for (const x of xs) {
    if (isArray(x) && depth > 0) flatten(x, depth - 1, out);
    else out.push(x);
  }
  return out;
}

// ArangoDB is not uniform about which warning a non-array earns: some functions say
// "array expected" (1563), others "invalid argument type" (1542). Each definition
// below names the one ArangoDB uses.
type Complaint = 'array' | 'type';

function complain(ctx: FunctionContext, name: string, kind: Complaint): null {
  return kind === 'array' ? arrayExpected(ctx) : invalidArg(ctx, name);
}

/** Each argument must be an array (UNION, INTERSECTION, …). */
function arrays(a: readonly Value[], ctx: FunctionContext, name: string, kind: Complaint): Arr[] | null {
  const out: Arr[] = [];
  for (const v of a) {
    if (!isArray(v)) return complain(ctx, name, kind);
    out.push(v);
  }
  return out;
}

/**
 * An array function of one array plus other arguments. `onNull` is what a null
 * array gives without a warning, where ArangoDB special-cases it.
 */
function onArray(
  name: string,
  min: number,
  max: number,
  kind: Complaint,
  f: (xs: Arr, a: readonly Value[], ctx: FunctionContext) => Value,
  onNull?: (a: readonly Value[]) => Value,
) {
  return def(name, min, max, (a, ctx) => {
    const v = arg(a, 0);
    if (v === null && onNull) return onNull(a);
    return isArray(v) ? f(v, a, ctx) : complain(ctx, name, kind);
  });
}

function replaceNth(xs: Arr, a: readonly Value[]): Value {
  const offset = arg(a, 1);
  const mismatch = () => new QueryError(400, ARG_TYPE_MISMATCH, "invalid argument type in call to function 'REPLACE_NTH()'");
  // ArangoDB raises these two as errors, not warnings.
  if (offset === null) throw mismatch();
  const p = Math.trunc(toNumber(offset));
  const at = p >= 0 ? p : Math.max(0, xs.length + p);
  if (at > xs.length && a.length < 4) throw mismatch();
  const out = [...xs];
  while (out.length < at) out.push(arg(a, 3));
  out[at] = arg(a, 2);
  return out;
}

const contains = (xs: Arr, v: Value): boolean => xs.some((x) => compareValues(x, v) === 0);

const length = def('LENGTH', 1, 1, (a) => lengthOf(arg(a, 0)));
const position = onArray('POSITION', 2, 3, 'array', (xs, a) => {
  const i = xs.findIndex((x) => compareValues(x, arg(a, 1)) === 0);
  return toBool(arg(a, 2)) ? i : i >= 0;
});
const countDistinct = onArray('COUNT_DISTINCT', 1, 1, 'array', (xs) => uniqueValues(xs).length);

function counts(lists: Arr[]): Map<string, { v: Value; n: number }> {
  const m = new Map<string, { v: Value; n: number }>();
  for (const xs of lists) {
    for (const x of xs) {
      const k = hashKey(x);
      const e = m.get(k);
      if (e) e.n++;
      else m.set(k, { v: x, n: 1 });
    }
  }
  return m;
}

export const arrayFunctions: readonly FunctionDef[] = [
  length,
  alias('COUNT', length),
  onArray('FIRST', 1, 1, 'array', (xs) => xs[0] ?? null),
  onArray('LAST', 1, 1, 'array', (xs) => xs.at(-1) ?? null),
  onArray('NTH', 2, 2, 'array', (xs, a) => {
    const i = Math.trunc(toNumber(arg(a, 1)));
    return i < 0 ? null : (xs[i] ?? null);
  }),
  onArray(
    'PUSH',
    2,
    3,
    'type',
    (xs, a) => (toBool(arg(a, 2)) && contains(xs, arg(a, 1)) ? [...xs] : [...xs, arg(a, 1)]),
    (a) => [arg(a, 1)],
  ),
  onArray('POP', 1, 1, 'type', (xs) => xs.slice(0, -1), () => null),
  onArray('SHIFT', 1, 1, 'type', (xs) => xs.slice(1), () => null),
  onArray(
    'UNSHIFT',
    2,
    3,
    'type',
    (xs, a) => (toBool(arg(a, 2)) && contains(xs, arg(a, 1)) ? [...xs] : [arg(a, 1), ...xs]),
    (a) => [arg(a, 1)],
  ),
  def('APPEND', 2, 3, (a, ctx) => {
    const list = arg(a, 0);
    const add = arg(a, 1);
    // Nothing to append leaves the first argument as it is; a null list yields the values.
    if (add === null || (isArray(add) && add.length === 0)) return list;
    if (list === null) return add;
    if (!isArray(list)) return invalidArg(ctx, 'APPEND');
    const unique = toBool(arg(a, 2));
    const seen = new Set<string>();
    const out: Value[] = [];
    const push = (v: Value) => {
      const k = hashKey(v);
      if (unique && seen.has(k)) return;
      seen.add(k);
      out.push(v);
    };
    list.forEach(push);
    (isArray(add) ? add : [add]).forEach(push);
    return out;
  }),
  onArray('UNIQUE', 1, 1, 'array', (xs) => uniqueValues(xs)),
  onArray('SORTED', 1, 1, 'array', (xs) => [...xs].sort(compareValues)),
  onArray('SORTED_UNIQUE', 1, 1, 'array', (xs) => uniqueValues(xs).sort(compareValues)),
  onArray('FLATTEN', 1, 2, 'array', (xs, a) => {
    const depth = a.length > 1 ? Math.trunc(toNumber(arg(a, 1))) : 1;
    return flatten(xs, Math.max(1, depth), []);
  }),
  onArray('SLICE', 2, 3, 'type', (xs, a) => {
    let start = Math.trunc(toNumber(arg(a, 1)));
    if (start < 0) start = Math.max(0, xs.length + start);
    let end = xs.length;
    if (arg(a, 2) !== null) {
      const len = Math.trunc(toNumber(arg(a, 2)));
      end = len < 0 ? xs.length + len : start + len;
    }
    return xs.slice(start, Math.max(start, end));
  }),
  position,
  alias('CONTAINS_ARRAY', position),
  def('UNION', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx, 'UNION', 'type');
    return lists === null ? null : lists.flat();
  }),
  def('UNION_DISTINCT', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx, 'UNION_DISTINCT', 'type');
    return lists === null ? null : uniqueValues(lists.flat());
  }),
  def('INTERSECTION', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx, 'INTERSECTION', 'array');
    if (lists === null) return null;
    const m = counts(lists.map((xs) => uniqueValues(xs)));
    return [...m.values()].filter((e) => e.n === lists.length).map((e) => e.v);
  }),
  def('OUTERSECTION', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx, 'OUTERSECTION', 'array');
    if (lists === null) return null;
    return [...counts(lists).values()].filter((e) => e.n === 1).map((e) => e.v);
  }),
  def('MINUS', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx, 'MINUS', 'type');
    if (lists === null) return null;
    const [first = [], ...rest] = lists;
    const drop = new Set(rest.flat().map(hashKey));
    return uniqueValues(first).filter((x) => !drop.has(hashKey(x)));
  }),
  onArray(
    'REMOVE_VALUE',
    2,
    3,
    'type',
    (xs, a) => {
      let left = arg(a, 2) === null ? Infinity : Math.trunc(toNumber(arg(a, 2)));
      const v = arg(a, 1);
      return xs.filter((x) => {
        if (left !== 0 && compareValues(x, v) === 0) {
          left--;
          return false;
        }
        return true;
      });
    },
    () => [],
  ),
  def('REMOVE_VALUES', 2, 2, (a, ctx) => {
    const list = arg(a, 0);
    const drop = arg(a, 1);
    if (drop === null) return list;
    if (list === null) return [];
    if (!isArray(list) || !isArray(drop)) return invalidArg(ctx, 'REMOVE_VALUES');
    const keys = new Set(drop.map(hashKey));
    return list.filter((x) => !keys.has(hashKey(x)));
  }),
  onArray(
    'REMOVE_NTH',
    2,
    2,
    'type',
    (xs, a) => {
      let p = toNumber(arg(a, 1));
      if (p >= xs.length || p < -xs.length) return [...xs];
      if (p < 0) p += xs.length;
      const i = Math.trunc(p);
      return [...xs.slice(0, i), ...xs.slice(i + 1)];
    },
    () => [],
  ),
  onArray('REPLACE_NTH', 3, 4, 'type', replaceNth),
  countDistinct,
  alias('COUNT_UNIQUE', countDistinct),
  def('ZIP', 2, 2, (a, ctx) => {
    const keys = arg(a, 0);
    const values = arg(a, 1);
    if (!isArray(keys) || !isArray(values) || keys.length !== values.length) return arrayExpected(ctx);
    const out: Record<string, Value> = {};
    keys.forEach((k, i) => {
      const name = toStringValue(k);
      if (!Object.hasOwn(out, name)) out[name] = values[i] ?? null;
    });
    return out;
  }),
  def('JACCARD', 2, 2, (a, ctx) => {
    const lists = arrays(a, ctx, 'JACCARD', 'type');
    if (lists === null) return null;
    const x = new Set(lists[0]!.map(hashKey));
    const y = new Set(lists[1]!.map(hashKey));
    const union = new Set([...x, ...y]).size;
    if (union === 0) return 1;
    let inter = 0;
    for (const k of x) if (y.has(k)) inter++;
    return inter / union;
  }),
  def('INTERLEAVE', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx, 'INTERLEAVE', 'array');
    if (lists === null) return null;
    const out: Value[] = [];
    const n = Math.max(...lists.map((l) => l.length));
    for (let i = 0; i < n; i++) for (const l of lists) if (i < l.length) out.push(l[i] ?? null);
    return out;
  }),
];

