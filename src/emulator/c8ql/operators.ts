// AQL operators: arithmetic with numeric coercion (division by zero → null + warning),
// comparisons in AQL type order, IN, LIKE, regular-expression match, ranges and the
// ANY/ALL/NONE array comparisons.
import { ErrorNum } from '../../wire/codes.js';
import type { BinaryOp, CompareOp } from './ast.js';
import type { ExecContext } from './context.js';
import { lookupFunction } from './functions/index.js';
import { QueryError, type Value } from './types.js';
import { compareValues, safeNumber, toNumber, valuesEqual } from './values.js';

/** ArangoDB refuses ranges this long (like RANGE()). */
export const MAX_RANGE = 10_000_000;

export function arithmetic(op: '+' | '-' | '*' | '/' | '%', a: Value, b: Value, cx: ExecContext): Value {
  const x = toNumber(a);
  const y = toNumber(b);
  switch (op) {
    case '+': return safeNumber(x + y);
    case '-': return safeNumber(x - y);
    case '*': return safeNumber(x * y);
    case '/':
    case '%':
      if (y === 0) {
        cx.warn(ErrorNum.QUERY_DIVISION_BY_ZERO, 'division by zero');
        return null;
      }
      return safeNumber(op === '/' ? x / y : x % y);
  }
}

export function compare(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case '==': return valuesEqual(a, b);
    case '!=': return !valuesEqual(a, b);
    case '<': return compareValues(a, b) < 0;
    case '<=': return compareValues(a, b) <= 0;
    case '>': return compareValues(a, b) > 0;
    case '>=': return compareValues(a, b) >= 0;
    case 'IN': return Array.isArray(b) && (b as readonly Value[]).some((v) => valuesEqual(a, v));
    case 'NOT IN': return !(Array.isArray(b) && (b as readonly Value[]).some((v) => valuesEqual(a, v)));
  }
}

/** `a ANY|ALL|NONE <op> b`: a must be an array (else false); an empty array satisfies ALL and NONE. */
export function arrayCompare(quantifier: 'ANY' | 'ALL' | 'NONE', op: CompareOp, a: Value, b: Value): boolean {
  if (!Array.isArray(a)) return false;
  const items = a as readonly Value[];
  switch (quantifier) {
    case 'ANY': return items.some((v) => compare(op, v, b));
    case 'ALL': return items.every((v) => compare(op, v, b));
    case 'NONE': return !items.some((v) => compare(op, v, b));
  }
}

function callBuiltin(name: string, args: readonly Value[], cx: ExecContext): Value {
  const def = lookupFunction(name);
  if (!def) throw new QueryError(400, ErrorNum.QUERY_FUNCTION_NAME_UNKNOWN, `usage of unknown function '${name}()'`);
  return def.impl(args, cx.fn);
}

/** Operators that are not arithmetic, comparison or logical. */
export function otherBinary(op: Exclude<BinaryOp, '+' | '-' | '*' | '/' | '%' | '&&' | '||' | '..' | CompareOp>, a: Value, b: Value, cx: ExecContext): Value {
  switch (op) {
    case 'LIKE': return callBuiltin('LIKE', [a, b], cx);
    case 'NOT LIKE': return callBuiltin('LIKE', [a, b], cx) !== true;
    case '=~': return callBuiltin('REGEX_TEST', [a, b], cx);
    case '!~': {
      const r = callBuiltin('REGEX_TEST', [a, b], cx);
      return r === null ? null : r !== true;
    }
  }
}

/** The integers of `a..b`, ascending or descending, both ends included. */
export function* rangeValues(a: Value, b: Value): Generator<number> {
  const from = Math.trunc(toNumber(a));
  const to = Math.trunc(toNumber(b));
  if (Math.abs(to - from) + 1 > MAX_RANGE) {
    throw new QueryError(400, 32, `resource limit exceeded: range of ${Math.abs(to - from) + 1} values`);
  }
  const step = from <= to ? 1 : -1;
  for (let i = from; ; i += step) {
    yield i;
    if (i === to) return;
  }
}
