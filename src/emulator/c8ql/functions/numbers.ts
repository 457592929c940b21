// Numeric functions: ABS … VARIANCE. Scalar arguments are coerced with TO_NUMBER
// (ArangoDB does not warn there); statistics take an array of numbers, skip nulls,
// and yield null with a warning for anything else.
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { QueryError } from '../types.js';
import { compareValues, isArray, safeNumber, toNumber } from '../values.js';
import { alias, arg, ARRAY_EXPECTED, arrayExpected, def, INVALID_ARITHMETIC_VALUE, invalidArg } from './util.js';

/** The most values a range may have (ArangoDB's materialisation limit). */
export const RANGE_LIMIT = 10_000_000;

const num = (a: readonly Value[], i: number): number => toNumber(arg(a, i));

function unary(name: string, f: (x: number) => number): FunctionDef {
  return def(name, 1, 1, (a) => safeNumber(f(num(a, 0))));
}

/**
 * The numbers of an array, nulls skipped, as ArangoDB's statistics read them:
 * a non-array warns "array expected"; a non-number element yields null, with the
 * warning `onOther` gives (SUM gives none, AVERAGE 1563, the statistics 1561).
 */
function numbers(v: Value, ctx: FunctionContext, onOther: number | undefined): number[] | null {
  if (!isArray(v)) return arrayExpected(ctx);
  const out: number[] = [];
  for (const x of v) {
    if (x === null) continue;
    if (typeof x !== 'number') {
      if (onOther === ARRAY_EXPECTED) return arrayExpected(ctx);
      if (onOther !== undefined) ctx.warn(onOther, 'invalid arithmetic value');
      return null;
    }
    out.push(x);
  }
  return out;
}

/** Welford's running variance, as ArangoDB computes it: [sum of squared deviations, count]. */
export function deviations(xs: readonly number[]): [number, number] {
  let mean = 0;
  let m2 = 0;
  xs.forEach((x, i) => {
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  });
  return [m2, xs.length];
}

function variance(a: readonly Value[], ctx: FunctionContext, sample: boolean): number | null {
  const xs = numbers(arg(a, 0), ctx, INVALID_ARITHMETIC_VALUE);
  if (xs === null) return null;
  const [m2, n] = deviations(xs);
  if (n < (sample ? 2 : 1)) return null;
  return safeNumber(m2 / (sample ? n - 1 : n));
}

function stddev(a: readonly Value[], ctx: FunctionContext, sample: boolean): Value {
  const v = variance(a, ctx, sample);
  return v === null ? null : safeNumber(Math.sqrt(v));
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
  // ArangoDB refuses to materialise ranges of more than ten million values.
  if (count > RANGE_LIMIT) throw new QueryError(400, 32, `resource limit exceeded: RANGE() of ${count} values`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(safeNumber(from + i * step) ?? 0);
  return out;
}

function percentile(a: readonly Value[], ctx: FunctionContext): Value {
  if (!isArray(arg(a, 0))) return arrayExpected(ctx);
  const p = arg(a, 1);
  if (typeof p !== 'number' || p <= 0 || p > 100) return invalidArg(ctx, 'PERCENTILE');
  const method = a.length > 2 ? arg(a, 2) : 'rank';
  if (method !== 'rank' && method !== 'interpolation') return invalidArg(ctx, 'PERCENTILE');
  const xs = numbers(arg(a, 0), ctx, INVALID_ARITHMETIC_VALUE);
  if (xs === null || xs.length === 0) return null;
  xs.sort((x, y) => x - y);
  const n = xs.length;
  if (n === 1) return xs[0]!;
  // Positions at or below zero give null, as in ArangoDB (not the first value).
  if (method === 'interpolation') {
    const idx = (p * (n + 1)) / 100;
    const pos = Math.floor(idx);
    if (pos >= n) return xs[n - 1]!;
    if (pos <= 0) return null;
    const lo = xs[pos - 1]!;
    return safeNumber((idx - pos) * (xs[pos]! - lo) + lo);
  }
  const pos = Math.ceil((p * n) / 100);
  if (pos >= n) return xs[n - 1]!;
  if (pos <= 0) return null;
  return xs[pos - 1]!;
}

const sum = def('SUM', 1, 1, (a, ctx) => {
  const xs = numbers(arg(a, 0), ctx, undefined);
  return xs === null ? null : safeNumber(xs.reduce((s, x) => s + x, 0));
});

const average = def('AVERAGE', 1, 1, (a, ctx) => {
  const xs = numbers(arg(a, 0), ctx, ARRAY_EXPECTED);
  if (xs === null || xs.length === 0) return null;
  return safeNumber(xs.reduce((s, x) => s + x, 0) / xs.length);
});

const varPop = def('VARIANCE_POPULATION', 1, 1, (a, ctx) => variance(a, ctx, false));
const sdPop = def('STDDEV_POPULATION', 1, 1, (a, ctx) => stddev(a, ctx, false));

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
    const xs = numbers(arg(a, 0), ctx, INVALID_ARITHMETIC_VALUE);
    if (xs === null || xs.length === 0) return null;
    xs.sort((x, y) => x - y);
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 === 1 ? xs[mid]! : safeNumber((xs[mid - 1]! + xs[mid]!) / 2);
  }),
  def('PERCENTILE', 2, 3, percentile),
  varPop,
  alias('VARIANCE', varPop),
  def('VARIANCE_SAMPLE', 1, 1, (a, ctx) => variance(a, ctx, true)),
  sdPop,
  alias('STDDEV', sdPop),
  def('STDDEV_SAMPLE', 1, 1, (a, ctx) => stddev(a, ctx, true)),
  def('PRODUCT', 1, 1, (a, ctx) => {
    const xs = numbers(arg(a, 0), ctx, undefined);
    return xs === null ? null : safeNumber(xs.reduce((p, x) => p * x, 1));
  }),
];
