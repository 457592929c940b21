// Documents, reference/gdn-api.md §6. Every write runs in one region (the spot region
// for spot collections, else the entry region: regions/routing.ts decides, in
// `execute` below) as one transaction that also appends the outbox rows; the reply is
// sent after the commit. Batch calls answer 202 with one item per input item, in
// order; a failed item is {error, errorNum, errorMessage} (no `code`).
import { ErrorNum } from '../../wire/codes.js';
import { requireAccess } from '../auth/access.js';
import { badParameter, GdnError } from '../errors.js';
import type { JsonObject } from '../http/body.js';
import { queryBool } from '../http/query.js';
import { json, type Reply, type Route, type RouteContext } from '../http/route.js';
import { assertGlobalWritable, runIn, servedBy, servingRegion, strongFlag, type Access } from '../regions/routing.js';
import type { CollectionMeta } from '../store/collection-store.js';
import { invalidDocument, type DocWriteOptions, type OverwriteMode, type WriteOutcome } from '../store/document-store.js';
import { illegalKey } from '../store/keys.js';
import { collectionOf } from './collections.js';

interface Flags {
  readonly returnNew: boolean;
  readonly returnOld: boolean;
  readonly silent: boolean;
  readonly status: number;
  readonly store: DocWriteOptions;
}

function flags(ctx: RouteContext, meta: CollectionMeta): Flags {
  const q = ctx.query;
  const mode = q.overwriteMode;
  if (mode !== undefined && mode !== 'ignore' && mode !== 'replace' && mode !== 'update' && mode !== 'conflict') {
    throw badParameter(`invalid overwriteMode '${mode}'; expected ignore, replace, update or conflict`);
  }
  const overwrite = queryBool(q, 'overwrite', false);
  const ifMatch = header(ctx, 'if-match');
  return {
    returnNew: queryBool(q, 'returnNew', false),
    returnOld: queryBool(q, 'returnOld', false),
    silent: queryBool(q, 'silent', false),
    status: queryBool(q, 'waitForSync', meta.waitForSync) ? 201 : 202,
    store: {
      overwriteMode: (mode as OverwriteMode | undefined) ?? (overwrite ? 'replace' : undefined),
      keepNull: queryBool(q, 'keepNull', true),
      mergeObjects: queryBool(q, 'mergeObjects', true),
      ignoreRevs: queryBool(q, 'ignoreRevs', true),
      ifMatch,
    },
  };
}

function header(ctx: RouteContext, name: string): string | undefined {
  const v = ctx.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s.replace(/^"(.*)"$/, '$1');
}

/**
 * THE SEAM deciding which region executes or serves a document call: the spot region
 * for spot writes (and flagged/always reads), else the entry region. The flag comes
 * from the query string only (a document body may have a `strongConsistency` field).
 */
async function execute<T>(ctx: RouteContext, meta: CollectionMeta, access: Access, work: (region: string) => T): Promise<{ value: T; headers: Record<string, string> }> {
  requireAccess(ctx, access === 'write' ? 'rw' : 'ro', meta.name);
  const region = servingRegion(ctx, meta, access, strongFlag({ query: ctx.query, body: undefined }));
  if (access === 'write' && !meta.isSpot) assertGlobalWritable(ctx.core, region);
  const value = await runIn(ctx, region, () => work(region));
  return { value, headers: servedBy(ctx, region) };
}

function itemOf(w: WriteOutcome, f: Flags, withOldRev: boolean): JsonObject {
  const out: JsonObject = { _id: w.id, _key: w.key, _rev: w.rev };
  if (withOldRev) out._oldRev = w.oldRev ?? w.rev;
  if (f.returnNew && w.new !== undefined) out.new = w.new;
  if (f.returnOld && w.old !== undefined) out.old = w.old;
  return out;
}

/**
 * JSON.stringify(itemOf(w, f, withOldRev)), without the object in the common case: ids,
 * keys and revisions never need escaping (collection names, keys and region names are
 * validated against character sets without quotes or backslashes).
 */
function itemText(w: WriteOutcome, f: Flags, withOldRev: boolean): string {
  if (f.returnNew || f.returnOld) return JSON.stringify(itemOf(w, f, withOldRev));
  const old = withOldRev ? `,"_oldRev":"${w.oldRev ?? w.rev}"` : '';
  return `{"_id":"${w.id}","_key":"${w.key}","_rev":"${w.rev}"${old}}`;
}

function errorItem(e: unknown): JsonObject {
  if (!(e instanceof GdnError)) throw e;
  // A revision mismatch inside a batch reads "conflict" (recorded), not "precondition failed".
  const message = e.errorNum === ErrorNum.CONFLICT ? 'conflict' : e.message;
  return { error: true, errorNum: e.errorNum, errorMessage: message };
}

type Op = 'insert' | 'replace' | 'update' | 'remove';

/** Key of a batch item: a key or handle string (remove), or an object with _key or _id. */
function keyOf(meta: CollectionMeta, item: unknown, op: Op): string {
  let raw: unknown = item;
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const o = item as JsonObject;
    raw = o._key ?? o._id;
  } else if (op !== 'remove' || typeof item !== 'string') throw invalidDocument();
  if (typeof raw !== 'string') throw illegalKey();
  const slash = raw.indexOf('/');
  if (slash < 0) return raw;
  if (raw.slice(0, slash) !== meta.name) throw illegalKey();
  return raw.slice(slash + 1);
}

function runOne(ctx: RouteContext, region: string, meta: CollectionMeta, op: Op, key: string | undefined, body: unknown, opts: DocWriteOptions): WriteOutcome {
  const docs = ctx.core.documents;
  switch (op) {
    case 'insert':
      return docs.insert(region, meta, body, opts);
    case 'replace':
      return docs.replace(region, meta, key ?? keyOf(meta, body, op), body, opts);
    case 'update':
      return docs.update(region, meta, key ?? keyOf(meta, body, op), body, opts);
    default: {
      const expectRev = typeof body === 'object' && body !== null ? (body as JsonObject)._rev : undefined;
      return docs.remove(region, meta, key ?? keyOf(meta, body, op), { ...opts, expectRev: typeof expectRev === 'string' ? expectRev : undefined });
    }
  }
}

/** POST/PUT/PATCH/DELETE on the collection: one document, or an array of them. */
function onCollection(op: Op) {
  return async (ctx: RouteContext): Promise<Reply> => {
    const meta = collectionOf(ctx, 'collection');
    const f = flags(ctx, meta);
    const body = ctx.body;
    if (!Array.isArray(body)) {
      if (op !== 'insert') throw badParameter('expecting an array of documents as body');
      const { value, headers } = await execute(ctx, meta, 'write', (region) => runOne(ctx, region, meta, op, undefined, body, f.store));
      return { ...json(f.status, f.silent ? {} : itemOf(value, f, value.oldRev !== undefined && value.ignored !== true)), headers };
    }
    // Batch: If-Match applies to single documents only.
    const opts: DocWriteOptions = { ...f.store, ifMatch: undefined };
    // The reply is written as text, item by item: a bulk load answers a million items.
    const { value, headers } = await execute(ctx, meta, 'write', (region) =>
      ctx.core.documents.tx(() =>
        body.map((item) => {
          try {
            const w = runOne(ctx, region, meta, op, undefined, item, opts);
            return itemText(w, f, op === 'replace' || op === 'update' || (op === 'insert' && w.oldRev !== undefined && w.ignored !== true));
          } catch (e) {
            return JSON.stringify(errorItem(e));
          }
        }),
      ),
    );
    if (f.silent) return { ...json(f.status, {}), headers };
    return { status: f.status, raw: `[${value.join(',')}]`, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } };
  };
}

/** PUT/PATCH/DELETE on one document. */
function onDocument(op: Exclude<Op, 'insert'>) {
  return async (ctx: RouteContext): Promise<Reply> => {
    const meta = collectionOf(ctx, 'collection');
    const f = flags(ctx, meta);
    const key = ctx.params.key ?? '';
    const body = op === 'remove' ? undefined : ctx.body;
    const { value, headers } = await execute(ctx, meta, 'write', (region) => runOne(ctx, region, meta, op, key, body, f.store));
    return { ...json(f.status, f.silent ? {} : itemOf(value, f, op !== 'remove')), headers };
  };
}

/** GET/HEAD of one document: the raw stored text, with If-Match / If-None-Match. */
function read(head: boolean) {
  return async (ctx: RouteContext): Promise<Reply> => {
    const meta = collectionOf(ctx, 'collection');
    const key = ctx.params.key ?? '';
    const { value, headers } = await execute(ctx, meta, 'read', (region) => ctx.core.documents.getRaw(region, meta, key));
    if (!value) {
      if (head) return { status: 404, headers };
      throw new GdnError(404, ErrorNum.DOCUMENT_NOT_FOUND);
    }
    const h = { ...headers, etag: `"${value.rev}"` };
    const ifNoneMatch = header(ctx, 'if-none-match');
    if (ifNoneMatch !== undefined && ifNoneMatch === value.rev) return { status: 304, headers: h };
    const ifMatch = header(ctx, 'if-match');
    if (ifMatch !== undefined && ifMatch !== value.rev) {
      if (head) return { status: 412, headers: h };
      throw new GdnError(412, ErrorNum.CONFLICT, 'precondition failed', { _id: `${meta.name}/${key}`, _key: key, _rev: value.rev });
    }
    if (head) return { status: 200, headers: h };
    return { status: 200, raw: value.body, headers: { ...h, 'content-type': 'application/json; charset=utf-8' } };
  };
}

export const documentRoutes: Route[] = [
  { method: 'POST', path: '/_api/document/:collection', scope: 'fabric', handler: onCollection('insert') },
  { method: 'PUT', path: '/_api/document/:collection', scope: 'fabric', handler: onCollection('replace') },
  { method: 'PATCH', path: '/_api/document/:collection', scope: 'fabric', handler: onCollection('update') },
  { method: 'DELETE', path: '/_api/document/:collection', scope: 'fabric', handler: onCollection('remove') },
  { method: 'GET', path: '/_api/document/:collection/:key', scope: 'fabric', handler: read(false) },
  { method: 'HEAD', path: '/_api/document/:collection/:key', scope: 'fabric', handler: read(true) },
  { method: 'PUT', path: '/_api/document/:collection/:key', scope: 'fabric', handler: onDocument('replace') },
  { method: 'PATCH', path: '/_api/document/:collection/:key', scope: 'fabric', handler: onDocument('update') },
  { method: 'DELETE', path: '/_api/document/:collection/:key', scope: 'fabric', handler: onDocument('remove') },
];
