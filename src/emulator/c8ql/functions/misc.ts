// Miscellaneous functions: SLEEP, FAIL, ASSERT, WARN, CHECK_DOCUMENT, …
import type { FunctionDef, Value } from '../types.js';
import { QueryError } from '../types.js';
import { isArray, isObject, toBool, toNumber } from '../values.js';
import { arg, def, invalidArg } from './util.js';

/**
 * SLEEP blocks the query (the engine is synchronous), so it is capped: a query
 * cannot stall the emulator's event loop for longer than this.
 */
export const SLEEP_CAP_MS = 1000;

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function validDocument(v: Value, depth: number): boolean {
  if (depth > 64) return false;
  if (isArray(v)) return v.every((x) => validDocument(x, depth + 1));
  if (isObject(v)) return Object.values(v).every((x) => validDocument(x, depth + 1));
  return typeof v !== 'number' || Number.isFinite(v);
}

export const miscFunctions: readonly FunctionDef[] = [
  def('SLEEP', 1, 1, (a, ctx) => {
    const v = arg(a, 0);
    if (typeof v !== 'number' || v < 0) return invalidArg(ctx, 'SLEEP');
    blockFor(Math.min(v * 1000, SLEEP_CAP_MS));
    return null;
  }),
  def('FAIL', 0, 1, (a) => {
    // ArangoDB reports a string reason as the whole message, anything else as "FAIL() called".
    const reason = arg(a, 0);
    throw new QueryError(400, 1569, typeof reason === 'string' ? reason : 'FAIL() called');
  }),
  def('ASSERT', 2, 2, (a, ctx) => {
    const message = arg(a, 1);
    if (typeof message !== 'string') return invalidArg(ctx, 'ASSERT');
    if (!toBool(arg(a, 0))) throw new QueryError(400, 1593, message);
    return true;
  }),
  def('WARN', 2, 2, (a, ctx) => {
    const message = arg(a, 1);
    if (typeof message !== 'string') return invalidArg(ctx, 'WARN');
    if (toBool(arg(a, 0))) return true;
    ctx.warn(1594, message);
    return false;
  }),
  def('CHECK_DOCUMENT', 1, 1, (a) => {
    const v = arg(a, 0);
    return isObject(v) && validDocument(v, 0);
  }),
  def('NOOPT', 1, 1, (a) => arg(a, 0)),
  def('PASSTHRU', 1, 1, (a) => arg(a, 0)),
  def('VERSION', 0, 0, () => '3.11.0'),
  def('IS_SAME_COLLECTION', 2, 2, (a, ctx) => {
    const coll = arg(a, 0);
    let id = arg(a, 1);
    if (isObject(id)) id = id._id ?? null;
    if (typeof coll !== 'string' || typeof id !== 'string') return invalidArg(ctx, 'IS_SAME_COLLECTION');
    return id.startsWith(`${coll}/`);
  }),
  def('TO_INT', 1, 1, (a) => Math.trunc(toNumber(arg(a, 0)))),
];
