// The C8QL function registry: every built-in function by upper-case name.
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { arrayFunctions } from './arrays.js';
import { dateFunctions } from './dates.js';
import { documentFunctions } from './documents.js';
import { miscFunctions } from './misc.js';
import { numberFunctions } from './numbers.js';
import { objectFunctions } from './objects.js';
import { stringFunctions } from './strings.js';
import { typeFunctions } from './types.js';

export const functions: readonly FunctionDef[] = [
  ...typeFunctions,
  ...stringFunctions,
  ...numberFunctions,
  ...arrayFunctions,
  ...objectFunctions,
  ...documentFunctions,
  ...dateFunctions,
  ...miscFunctions,
];

const registry = new Map<string, FunctionDef>(functions.map((f) => [f.name, f]));

/** A built-in function by name (case-insensitive), or undefined (the engine raises 1540). */
export function lookupFunction(name: string): FunctionDef | undefined {
  return registry.get(name.toUpperCase());
}

/** Names COLLECT … AGGREGATE accepts. */
export const AGGREGATE_NAMES: ReadonlySet<string> = new Set([
  'LENGTH', 'COUNT', 'MIN', 'MAX', 'SUM', 'AVG', 'AVERAGE', 'UNIQUE', 'SORTED_UNIQUE', 'COUNT_DISTINCT',
  'COUNT_UNIQUE', 'PUSH', 'STDDEV', 'STDDEV_POPULATION', 'STDDEV_SAMPLE', 'VARIANCE', 'VARIANCE_POPULATION',
  'VARIANCE_SAMPLE', 'BIT_AND', 'BIT_OR', 'BIT_XOR',
].filter((n) => registry.has(n) || n === 'PUSH'));

export type Aggregate = (values: readonly Value[], ctx: FunctionContext) => Value;

/**
 * COLLECT … AGGREGATE x = NAME(expr): the evaluator gathers expr per group and calls this
 * with the array. PUSH collects (the array itself); the others are their array functions.
 */
export function lookupAggregate(name: string): Aggregate | undefined {
  const upper = name.toUpperCase();
  if (!AGGREGATE_NAMES.has(upper)) return undefined;
  if (upper === 'PUSH') return (values) => [...values];
  const f = registry.get(upper);
  return f === undefined ? undefined : (values, ctx) => f.impl([values], ctx);
}
