// COLLECT … AGGREGATE functions. They follow ArangoDB's aggregators, which differ
// from the same-named array functions: they never warn, SUM/AVERAGE/VARIANCE give
// null on a non-number, SUM over no values is null, UNIQUE keeps null.
import type { FunctionContext, Value } from '../types.js';
import { compareValues, hashKey, safeNumber } from '../values.js';
import { deviations } from './numbers.js';

export type Aggregate = (values: readonly Value[], ctx: FunctionContext) => Value;

function distinct(values: readonly Value[]): Value[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = hashKey(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The numbers among the values (nulls skipped), or null if any other value occurs. */
function numbersOrNull(values: readonly Value[]): number[] | null {
  const out: number[] = [];
  for (const v of values) {
    if (v === null) continue;
    if (typeof v !== 'number') return null;
    out.push(v);
  }
  return out;
}

function extreme(values: readonly Value[], sign: 1 | -1): Value {
  let best: Value = null;
  for (const v of values) {
    if (v !== null && (best === null || compareValues(v, best) * sign > 0)) best = v;
  }
  return best;
}

function varianceOf(values: readonly Value[], sample: boolean): number | null {
  const xs = numbersOrNull(values);
  if (xs === null) return null;
  const [m2, n] = deviations(xs);
  if (n === 0 || (sample && n < 2)) return null;
  return safeNumber(m2 / (sample ? n - 1 : n));
}

const stddevOf = (values: readonly Value[], sample: boolean): Value => {
  const v = varianceOf(values, sample);
  return v === null ? null : safeNumber(Math.sqrt(v));
};

const length: Aggregate = (values) => values.length;
const average: Aggregate = (values) => {
  const xs = numbersOrNull(values);
  return xs === null || xs.length === 0 ? null : safeNumber(xs.reduce((s, x) => s + x, 0) / xs.length);
};
const countDistinct: Aggregate = (values) => distinct(values).length;
const variancePop: Aggregate = (values) => varianceOf(values, false);
const stddevPop: Aggregate = (values) => stddevOf(values, false);

const AGGREGATES: ReadonlyMap<string, Aggregate> = new Map<string, Aggregate>([
  ['LENGTH', length],
  ['COUNT', length],
  ['MIN', (values) => extreme(values, -1)],
  ['MAX', (values) => extreme(values, 1)],
  [
    'SUM',
    (values) => {
      const xs = numbersOrNull(values);
      return xs === null || values.length === 0 ? null : safeNumber(xs.reduce((s, x) => s + x, 0));
    },
  ],
  ['AVERAGE', average],
  ['AVG', average],
  ['UNIQUE', (values) => distinct(values)],
  ['SORTED_UNIQUE', (values) => distinct(values).sort(compareValues)],
  ['COUNT_DISTINCT', countDistinct],
  ['COUNT_UNIQUE', countDistinct],
  ['PUSH', (values) => [...values]],
  ['VARIANCE', variancePop],
  ['VARIANCE_POPULATION', variancePop],
  ['VARIANCE_SAMPLE', (values) => varianceOf(values, true)],
  ['STDDEV', stddevPop],
  ['STDDEV_POPULATION', stddevPop],
  ['STDDEV_SAMPLE', (values) => stddevOf(values, true)],
]);

/** Names COLLECT … AGGREGATE accepts (anything else is a 1574-style invalid aggregate). */
export const AGGREGATE_NAMES: ReadonlySet<string> = new Set(AGGREGATES.keys());

/**
 * COLLECT … AGGREGATE x = NAME(expr): the evaluator gathers expr for each row of a group
 * (nulls included) and calls the aggregate with that array. Case-insensitive.
 */
export function lookupAggregate(name: string): Aggregate | undefined {
  return AGGREGATES.get(name.toUpperCase());
}
