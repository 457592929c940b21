// The C8QL function registry: every built-in function by upper-case name.
import type { FunctionDef } from '../types.js';
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

export { AGGREGATE_NAMES, lookupAggregate, type Aggregate } from './aggregates.js';
