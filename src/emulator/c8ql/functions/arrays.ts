// Array functions: LENGTH … JACCARD. Equality and order are AQL's (values.ts);
// a non-array where an array is required yields null with "array expected".
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { compareValues, hashKey, isArray, toBool, toNumber, toStringValue } from '../values.js';
import { alias, arg, arrayExpected, chars, def } from './util.js';

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

/** Each argument must be an array (UNION, INTERSECTION, …). */
function arrays(a: readonly Value[], ctx: FunctionContext): Arr[] | null {
  const out: Arr[] = [];
  for (const v of a) {
    if (!isArray(v)) return arrayExpected(ctx);
    out.push(v);
  }
  return out;
}

/** An array function of one array plus other arguments. */
function onArray(name: string, min: number, max: number, f: (xs: Arr, a: readonly Value[], ctx: FunctionContext) => Value) {
  return def(name, min, max, (a, ctx) => {
    const v = arg(a, 0);
    return isArray(v) ? f(v, a, ctx) : arrayExpected(ctx);
  });
}

/** PUSH/APPEND/UNSHIFT accept null as an empty array. */
function growable(name: string, min: number, max: number, f: (xs: Arr, a: readonly Value[]) => Value) {
  return def(name, min, max, (a, ctx) => {
    const v = arg(a, 0);
    if (v === null) return f([], a);
    return isArray(v) ? f(v, a) : arrayExpected(ctx);
  });
}

const contains = (xs: Arr, v: Value): boolean => xs.some((x) => compareValues(x, v) === 0);

const length = def('LENGTH', 1, 1, (a) => lengthOf(arg(a, 0)));
const position = onArray('POSITION', 2, 3, (xs, a) => {
  const i = xs.findIndex((x) => compareValues(x, arg(a, 1)) === 0);
  return toBool(arg(a, 2)) ? i : i >= 0;
});
const countDistinct = onArray('COUNT_DISTINCT', 1, 1, (xs) => uniqueValues(xs).length);

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
  onArray('FIRST', 1, 1, (xs) => xs[0] ?? null),
  onArray('LAST', 1, 1, (xs) => xs.at(-1) ?? null),
  onArray('NTH', 2, 2, (xs, a) => {
    const i = Math.trunc(toNumber(arg(a, 1)));
    return i < 0 ? null : (xs[i] ?? null);
  }),
  growable('PUSH', 2, 3, (xs, a) => {
    const v = arg(a, 1);
    return toBool(arg(a, 2)) && contains(xs, v) ? [...xs] : [...xs, v];
  }),
  onArray('POP', 1, 1, (xs) => xs.slice(0, -1)),
  onArray('SHIFT', 1, 1, (xs) => xs.slice(1)),
  growable('UNSHIFT', 2, 3, (xs, a) => {
    const v = arg(a, 1);
    return toBool(arg(a, 2)) && contains(xs, v) ? [...xs] : [v, ...xs];
  }),
  growable('APPEND', 2, 3, (xs, a) => {
    const add = arg(a, 1);
    const values = isArray(add) ? add : [add];
    if (!toBool(arg(a, 2))) return [...xs, ...values];
    const out = [...xs];
    const seen = new Set(xs.map(hashKey));
    for (const v of values) {
      const k = hashKey(v);
      if (!seen.has(k)) {
        seen.add(k);
        out.push(v);
      }
    }
    return out;
  }),
  onArray('UNIQUE', 1, 1, (xs) => uniqueValues(xs)),
  onArray('SORTED', 1, 1, (xs) => [...xs].sort(compareValues)),
  onArray('SORTED_UNIQUE', 1, 1, (xs) => uniqueValues(xs).sort(compareValues)),
  onArray('FLATTEN', 1, 2, (xs, a) => flatten(xs, arg(a, 1) === null ? 1 : Math.trunc(toNumber(arg(a, 1))), [])),
  onArray('SLICE', 2, 3, (xs, a) => {
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
    const lists = arrays(a, ctx);
    return lists === null ? null : lists.flat();
  }),
  def('UNION_DISTINCT', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx);
    return lists === null ? null : uniqueValues(lists.flat());
  }),
  def('INTERSECTION', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx);
    if (lists === null) return null;
    const m = counts(lists.map((xs) => uniqueValues(xs)));
    return [...m.values()].filter((e) => e.n === lists.length).map((e) => e.v);
  }),
  def('OUTERSECTION', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx);
    if (lists === null) return null;
    return [...counts(lists).values()].filter((e) => e.n === 1).map((e) => e.v);
  }),
  def('MINUS', 2, Infinity, (a, ctx) => {
    const lists = arrays(a, ctx);
    if (lists === null) return null;
    const [first = [], ...rest] = lists;
    const drop = new Set(rest.flat().map(hashKey));
    return uniqueValues(first).filter((x) => !drop.has(hashKey(x)));
  }),
  onArray('REMOVE_VALUE', 2, 3, (xs, a) => {
    let left = arg(a, 2) === null ? Infinity : Math.trunc(toNumber(arg(a, 2)));
    const v = arg(a, 1);
    return xs.filter((x) => {
      if (left > 0 && compareValues(x, v) === 0) {
        left--;
        return false;
      }
      return true;
    });
  }),
  onArray('REMOVE_VALUES', 2, 2, (xs, a) => {
    const drop = arg(a, 1);
    if (!isArray(drop)) return [...xs];
    const keys = new Set(drop.map(hashKey));
    return xs.filter((x) => !keys.has(hashKey(x)));
  }),
  onArray('REMOVE_NTH', 2, 2, (xs, a) => {
    let i = Math.trunc(toNumber(arg(a, 1)));
    if (i < 0) i += xs.length;
    return i < 0 || i >= xs.length ? [...xs] : [...xs.slice(0, i), ...xs.slice(i + 1)];
  }),
  onArray('REPLACE_NTH', 3, 4, (xs, a) => {
    let i = Math.trunc(toNumber(arg(a, 1)));
    if (i < 0) i += xs.length;
    if (i < 0) return [...xs];
    const out = [...xs];
    while (out.length < i) out.push(arg(a, 3));
    out[i] = arg(a, 2);
    return out;
  }),
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
    const lists = arrays(a, ctx);
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
    const lists = arrays(a, ctx);
    if (lists === null) return null;
    const out: Value[] = [];
    const n = Math.max(...lists.map((l) => l.length));
    for (let i = 0; i < n; i++) for (const l of lists) if (i < l.length) out.push(l[i] ?? null);
    return out;
  }),
];

