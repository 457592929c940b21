// Helpers shared by the function families: definitions, argument access and
// ArangoDB's "warn and return null" convention for bad arguments.
import type { FunctionContext, FunctionDef, Value } from '../types.js';

export type Impl = (args: readonly Value[], ctx: FunctionContext) => Value;

export const ARG_TYPE_MISMATCH = 1542;
export const INVALID_REGEX = 1543;
export const INVALID_DATE_VALUE = 1572;
export const ARRAY_EXPECTED = 1563;
export const INVALID_ARITHMETIC_VALUE = 1561;

/** ArangoDB's warning for a non-array where an array is required; the call yields null. */
export function arrayExpected(ctx: FunctionContext): null {
  ctx.warn(ARRAY_EXPECTED, 'array expected');
  return null;
}

export function def(name: string, minArgs: number, maxArgs: number, impl: Impl): FunctionDef {
  return { name, minArgs, maxArgs, impl };
}

/** Same implementation under another name (AVG/AVERAGE, COUNT/LENGTH, …). */
export function alias(name: string, of: FunctionDef): FunctionDef {
  return { name, minArgs: of.minArgs, maxArgs: of.maxArgs, impl: of.impl };
}

/** The i-th argument; an absent optional argument reads as null. */
export function arg(args: readonly Value[], i: number): Value {
  return args[i] ?? null;
}

/** ArangoDB's warning for an argument of the wrong type; the call yields null. */
export function invalidArg(ctx: FunctionContext, name: string): null {
  ctx.warn(ARG_TYPE_MISMATCH, `invalid argument type in call to function '${name}()'`);
  return null;
}

/** Characters (code points), as ArangoDB counts UTF-8 characters. */
export function chars(s: string): string[] {
  return Array.from(s);
}
