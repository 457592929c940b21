// Numeric functions: ABS … VARIANCE. Scalar arguments are coerced with TO_NUMBER
// (ArangoDB does not warn there); statistics take an array of numbers, skip nulls,
// and yield null with a warning for anything else.
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { compareValues, isArray, safeNumber, toNumber, toStringValue } from '../values.js';
import { alias, arg, arrayExpected, def, invalidArg } from './util.js';

const num = (a: readonly Value[], i: number): number => toNumber(arg(a, i));

function unary(name: string, f: (x: number) => number): FunctionDef {
  return def(name, 1, 1, (a) => safeNumber(f(num(a, 0))));
}

/** The numbers of an array argument without nulls, or null after a warning. */
function numbers(v: Value, name: string, ctx: FunctionContext): number[] | null {
  if (!isArray(v)) return arrayExpected(ctx);
  const out: number[] = [];
  for (const x of v) {
    if (x === null) continue;
    if (typeof x !== 'number') return invalidArg(ctx, name);
    out.push(x);
  }
  return out;
}

function variance(a: readonly Value[], ctx: FunctionContext, name: string, sample: boolean): Value {
  const xs = numbers(arg(a, 0), name, ctx);
  if (xs === null) return null;
  if (xs.length === 0 || (sample && xs.length < 2)) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sq = xs.reduce((s, x) => s + (x - mean) * (x - mean), 0);
  return safeNumber(sq / (sample ? xs.length - 1 : xs.length));
}

function stddev(a: readonly Value[], ctx: FunctionContext, name: string, sample: boolean): Value {
  const v = variance(a, ctx, name, sample);
  return v === null ? null : safeNumber(Math.sqrt(v as number));
}

function extreme(a: readonly Value[], ctx: FunctionContext, sign: 1 | -1): Value {
  const v = arg(a, 0);
  if (!isArray(v)) return arrayExpected(ctx);
  let best: Value = null;
  for (const x of v) {
    if (x === null) continue;
    if (best === null || compareValues(x, best) * sign > 0) best = x;
  }
  return best;
}

function range(a: readonly Value[], ctx: FunctionContext): Value {
  let from = num(a, 0);
  let to = num(a, 1);
  let step: number;
  if (arg(a, 2) === null) {
    // Without a step, bounds are truncated to integers and the direction follows them.
    from = Math.trunc(from);
    to = Math.trunc(to);
    step = from <= to ? 1 : -1;
  } else {
    step = num(a, 2);
  }
  if (step === 0 || (from < to && step < 0) || (from > to && step > 0)) return invalidArg(ctx, 'RANGE');
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > 10_000_000) return invalidArg(ctx, 'RANGE');
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(safeNumber(from + i * step) ?? 0);
  return out;
}

function percentile(a: readonly Value[], ctx: FunctionContext): Value {
  const xs = numbers(arg(a, 0), 'PERCENTILE', ctx);
  if (xs === null) return null;
  const p = arg(a, 1);
  if (typeof p !== 'number' || p <= 0 || p > 100) return invalidArg(ctx, 'PERCENTILE');
  const method = arg(a, 2) === null ? 'rank' : toStringValue(arg(a, 2));
  if (method !== 'rank' && method !== 'interpolation') return invalidArg(ctx, 'PERCENTILE');
  if (xs.length === 0) return null;
  xs.sort((x, y) => x - y);
  const n = xs.length;
  if (method === 'interpolation') {
    const idx = (p * (n + 1)) / 100;
    const pos = Math.floor(idx);
    if (pos >= n) return xs[n - 1]!;
    if (pos < 1) return xs[0]!;
    const lo = xs[pos - 1]!;
    return safeNumber(lo + (idx - pos) * (xs[pos]! - lo));
  }
  const pos = Math.ceil((p * n) / 100);
  if (pos >= n) return xs[n - 1]!;
  if (pos < 1) return xs[0]!;
  return xs[pos - 1]!;
}

const sum = def('SUM', 1, 1, (a, ctx) => {
  const xs = numbers(arg(a, 0), 'SUM', ctx);
  return xs === null ? null : safeNumber(xs.reduce((s, x) => s + x, 0));
});

const average = def('AVERAGE', 1, 1, (a, ctx) => {
  const xs = numbers(arg(a, 0), 'AVERAGE', ctx);
  if (xs === null || xs.length === 0) return null;
  return safeNumber(xs.reduce((s, x) => s + x, 0) / xs.length);
});

const varPop = def('VARIANCE_POPULATION', 1, 1, (a, ctx) => variance(a, ctx, 'VARIANCE_POPULATION', false));
const sdPop = def('STDDEV_POPULATION', 1, 1, (a, ctx) => stddev(a, ctx, 'STDDEV_POPULATION', false));

export const numberFunctions: readonly FunctionDef[] = [
  unary('ABS', Math.abs),
  unary('CEIL', Math.ceil),
  unary('FLOOR', Math.floor),
  // Math.round rounds halves up (-2.5 → -2), which is what ArangoDB documents.
  unary('ROUND', Math.round),
  unary('SQRT', Math.sqrt),
  unary('EXP', Math.exp),
  unary('EXP2', (x) => 2 ** x),
  unary('LOG', Math.log),
  unary('LOG2', Math.log2),
  unary('LOG10', Math.log10),
  unary('SIN', Math.sin),
  unary('COS', Math.cos),
  unary('TAN', Math.tan),
  unary('ASIN', Math.asin),
  unary('ACOS', Math.acos),
  unary('ATAN', Math.atan),
  unary('RADIANS', (x) => (x * Math.PI) / 180),
  unary('DEGREES', (x) => (x * 180) / Math.PI),
  def('ATAN2', 2, 2, (a) => safeNumber(Math.atan2(num(a, 0), num(a, 1)))),
  def('PI', 0, 0, () => Math.PI),
  def('POW', 2, 2, (a) => safeNumber(num(a, 0) ** num(a, 1))),
  def('RAND', 0, 0, (_a, ctx) => ctx.random()),
  def('RANGE', 2, 3, range),
  def('MIN', 1, 1, (a, ctx) => extreme(a, ctx, -1)),
  def('MAX', 1, 1, (a, ctx) => extreme(a, ctx, 1)),
  sum,
  average,
  alias('AVG', average),
  def('MEDIAN', 1, 1, (a, ctx) => {
    const xs = numbers(arg(a, 0), 'MEDIAN', ctx);
    if (xs === null || xs.length === 0) return null;
    xs.sort((x, y) => x - y);
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 === 1 ? xs[mid]! : safeNumber((xs[mid - 1]! + xs[mid]!) / 2);
  }),
  def('PERCENTILE', 2, 3, percentile),
  varPop,
  alias('VARIANCE', varPop),
  def('VARIANCE_SAMPLE', 1, 1, (a, ctx) => variance(a, ctx, 'VARIANCE_SAMPLE', true)),
  sdPop,
  alias('STDDEV', sdPop),
  def('STDDEV_SAMPLE', 1, 1, (a, ctx) => stddev(a, ctx, 'STDDEV_SAMPLE', true)),
];
