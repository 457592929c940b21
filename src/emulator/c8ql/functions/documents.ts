// Document functions: DOCUMENT, PARSE_IDENTIFIER, COLLECTION_COUNT, CURRENT_*.
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { QueryError } from '../types.js';
import { isArray, isObject } from '../values.js';
import { arg, def, invalidArg } from './util.js';

function collectionNotFound(name: string): QueryError {
  return new QueryError(404, 1203, `collection or view not found: ${name}`);
}

/** "coll/key" → its parts, or undefined when the id is malformed. */
function splitId(id: string): { collection: string; key: string } | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return { collection: id.slice(0, slash), key: id.slice(slash + 1) };
}

/** A document by id, or by key within `collection`; null when missing or malformed. */
function fetch(ctx: FunctionContext, ref: Value, collection?: string): Value {
  if (typeof ref !== 'string' || ref === '') return null;
  let coll = collection;
  let key = ref;
  const parts = splitId(ref);
  if (parts) {
    if (coll !== undefined && parts.collection !== coll) return null;
    coll = parts.collection;
    key = parts.key;
  } else if (coll === undefined || ref.includes('/')) {
    return null;
  }
  if (ctx.data.collection(coll) === undefined) return null;
  return ctx.data.get(coll, key) ?? null;
}

function fetchMany(ctx: FunctionContext, refs: readonly Value[], collection?: string): Value[] {
  const out: Value[] = [];
  for (const r of refs) {
    const d = fetch(ctx, r, collection);
    if (d !== null) out.push(d);
  }
  return out;
}

export const documentFunctions: readonly FunctionDef[] = [
  def('DOCUMENT', 1, 2, (a, ctx) => {
    if (a.length === 1) {
      const ref = arg(a, 0);
      return isArray(ref) ? fetchMany(ctx, ref) : fetch(ctx, ref);
    }
    const coll = arg(a, 0);
    if (typeof coll !== 'string') return invalidArg(ctx, 'DOCUMENT');
    // ArangoDB looks documents up with errors ignored: an unknown collection finds nothing.
    const ref = arg(a, 1);
    return isArray(ref) ? fetchMany(ctx, ref, coll) : fetch(ctx, ref, coll);
  }),
  def('PARSE_IDENTIFIER', 1, 1, (a, ctx) => {
    let v = arg(a, 0);
    if (isObject(v)) v = v._id ?? null;
    const parts = typeof v === 'string' ? splitId(v) : undefined;
    return parts ?? invalidArg(ctx, 'PARSE_IDENTIFIER');
  }),
  def('COLLECTION_COUNT', 1, 1, (a, ctx) => {
    const name = arg(a, 0);
    if (typeof name !== 'string') return invalidArg(ctx, 'COLLECTION_COUNT');
    if (ctx.data.collection(name) === undefined) throw collectionNotFound(name);
    return ctx.data.count(name);
  }),
  def('CURRENT_DATABASE', 0, 0, (_a, ctx) => ctx.currentDatabase),
  def('CURRENT_USER', 0, 0, (_a, ctx) => ctx.currentUser),
];
