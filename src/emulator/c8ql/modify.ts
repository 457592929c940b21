// Data modification operations (INSERT, UPDATE, REPLACE, REMOVE, UPSERT). Each row's
// write goes through the DataSource; the caller runs the whole query inside
// DataSource.transaction so all writes commit together. NEW and OLD are bound for
// the operations that follow.
import { ErrorNum } from '../../wire/codes.js';
import type { CollectionRef, Modification } from './ast.js';
import type { Env, ExecContext } from './context.js';
import type { WriteOptions, WriteResult } from './data-source.js';
import { evaluate, withVar } from './evaluator.js';
import { QueryError, type Doc, type Value } from './types.js';
import { isObject, valuesEqual } from './values.js';

const OVERWRITE_MODES = new Set(['ignore', 'replace', 'update', 'conflict']);

function writeOptions(v: Value): WriteOptions {
  if (!isObject(v)) return {};
  const o = v as Doc;
  const bool = (k: string): boolean | undefined => (typeof o[k] === 'boolean' ? (o[k] as boolean) : undefined);
  const mode = typeof o.overwriteMode === 'string' && OVERWRITE_MODES.has(o.overwriteMode) ? (o.overwriteMode as WriteOptions['overwriteMode']) : undefined;
  const out: { -readonly [K in keyof WriteOptions]: WriteOptions[K] } = {};
  for (const k of ['ignoreErrors', 'keepNull', 'mergeObjects', 'overwrite', 'ignoreRevs', 'waitForSync'] as const) {
    const b = bool(k);
    if (b !== undefined) out[k] = b;
  }
  if (mode) out.overwriteMode = mode;
  else if (out.overwrite) out.overwriteMode = 'replace';
  return out;
}

export function collectionName(ref: CollectionRef, cx: ExecContext): string {
  return ref.kind === 'collection' ? ref.name : cx.bindCollection(ref.name);
}

/** The document key an UPDATE/REPLACE/REMOVE operand names: a key string, an `_id`, or a document. */
function keyOf(v: Value, collection: string): string {
  let key: Value = v;
  if (isObject(v)) key = (v as Doc)._key ?? null;
  if (typeof key === 'string' && key.includes('/')) {
    const [c, k] = key.split('/', 2);
    if (c === collection && k) return k;
  }
  if (typeof key !== 'string' || key === '') {
    throw new QueryError(400, isObject(v) || typeof v === 'string' ? ErrorNum.DOCUMENT_KEY_BAD : ErrorNum.DOCUMENT_TYPE_INVALID,
      isObject(v) ? 'illegal document key' : 'invalid document type');
  }
  return key;
}

function asDoc(v: Value): Doc {
  if (!isObject(v)) throw new QueryError(400, ErrorNum.DOCUMENT_TYPE_INVALID, 'invalid document type');
  return v as Doc;
}

/** UPSERT's lookup: by `_key` when the search names one, else the first document matching every attribute. */
function findMatch(search: Doc, collection: string, cx: ExecContext): Doc | undefined {
  if (typeof search._key === 'string') {
    const d = cx.data.get(collection, search._key);
    cx.stats.scannedIndex++;
    return d && Object.entries(search).every(([k, v]) => valuesEqual(d[k] ?? null, v)) ? d : undefined;
  }
  let after: string | undefined;
  for (;;) {
    const chunk = cx.data.scan(collection, after, 1000);
    cx.stats.scannedFull += chunk.length;
    for (const d of chunk) {
      cx.guard.tick();
      if (Object.entries(search).every(([k, v]) => valuesEqual(d[k] ?? null, v))) return d;
    }
    const last = chunk[chunk.length - 1];
    if (chunk.length < 1000 || !last) return undefined;
    after = last._key as string;
  }
}

function writeOne(op: Modification, env: Env, collection: string, opts: WriteOptions, cx: ExecContext): WriteResult {
  const data = cx.data;
  switch (op.kind) {
    case 'insert': return data.insert(collection, asDoc(evaluate(op.doc, env, cx)), opts);
    case 'update': case 'replace': {
      const target = evaluate(op.key, env, cx);
      const key = keyOf(target, collection);
      const doc = asDoc(op.doc ? evaluate(op.doc, env, cx) : target);
      return op.kind === 'update' ? data.update(collection, key, doc, opts) : data.replace(collection, key, doc, opts);
    }
    case 'remove': return data.remove(collection, keyOf(evaluate(op.key, env, cx), collection), opts);
    case 'upsert': {
      const search = asDoc(evaluate(op.search, env, cx));
      const found = findMatch(search, collection, cx);
      if (!found) return data.insert(collection, asDoc(evaluate(op.insert, withVar(env, 'OLD', null), cx)), opts);
      const doc = asDoc(evaluate(op.update, withVar(env, 'OLD', found), cx));
      const key = found._key as string;
      return op.replace ? data.replace(collection, key, doc, opts) : data.update(collection, key, doc, opts);
    }
  }
}

export function* modifyStage(op: Modification, rows: Iterable<Env>, cx: ExecContext): Generator<Env> {
  const collection = collectionName(op.collection, cx);
  let opts: WriteOptions | undefined;
  for (const env of rows) {
    cx.guard.tick();
    opts ??= writeOptions(op.options ? evaluate(op.options, env, cx) : null);
    let result: WriteResult;
    try {
      result = writeOne(op, env, collection, opts, cx);
    } catch (e) {
      if (opts.ignoreErrors && e instanceof QueryError) {
        cx.stats.writesIgnored++;
        continue;
      }
      throw e;
    }
    cx.stats.writesExecuted++;
    yield withVar(withVar(env, 'NEW', result.new), 'OLD', result.old);
  }
}
