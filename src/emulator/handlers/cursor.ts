// C8QL cursors: POST /_api/cursor (201, first batch), PUT /_api/cursor/:id (200, next
// batch), DELETE /_api/cursor/:id (202). Reference gdn-api.md §7.1–7.2.
import { ErrorNum } from '../../wire/codes.js';
import { GdnError, badParameter } from '../errors.js';
import { isObject, objectBody } from '../http/body.js';
import { envelope, type Reply, type Route, type RouteContext } from '../http/route.js';
import type { Batch, Cursor } from '../store/cursor-registry.js';
import { rawEnvelope } from './query-scan.js';
import { asGdnError, batchFields, DEFAULT_TTL_S, MAX_BATCH_SIZE, option, startQuery, type RunRequest } from './query-runner.js';

const cursorNotFound = (): GdnError => new GdnError(404, ErrorNum.CURSOR_NOT_FOUND, 'cursor not found');

function positiveNumber(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw badParameter(`'${name}' must be a positive number`);
  return v;
}

/** Reads a cursor request body; option keys may sit at the root or under `options`. */
export function readRunRequest(body: Record<string, unknown>, query: string, defaultBatch: number): RunRequest {
  const bindVars = body.bindVars ?? {};
  if (!isObject(bindVars)) throw badParameter('bindVars must be an object');
  const bool = (name: string): boolean => option(body, name) === true;
  const strong = option(body, 'strongConsistency');
  // GDN caps batchSize at 1000 [SPEC]; larger requests are served in batches of 1000.
  const batchSize = Math.min(MAX_BATCH_SIZE, Math.trunc(positiveNumber(body.batchSize, 'batchSize') ?? defaultBatch));
  return {
    query,
    bindVars,
    batchSize: Math.max(1, batchSize),
    ttlS: positiveNumber(body.ttl ?? option(body, 'ttl'), 'ttl') ?? DEFAULT_TTL_S,
    count: body.count === true,
    fullCount: bool('fullCount'),
    maxRuntimeS: positiveNumber(option(body, 'maxRuntime'), 'maxRuntime'),
    strong: typeof strong === 'boolean' ? strong : undefined,
  };
}

/** Runs a request and registers a cursor while rows remain: the body fields of the 201 reply. */
export async function runToFirstBatch(ctx: RouteContext, req: RunRequest): Promise<Record<string, unknown>> {
  const started = await startQuery(ctx, req);
  try {
    const { id, batch } = ctx.core.cursors.open(ctx.fabric, started.running, req.batchSize, req.ttlS * 1000, started.count, started.buffer);
    return batchFields(started.running, batch, id, started.count);
  } catch (e) {
    throw asGdnError(e);
  }
}

/** The next batch of a live cursor; 404/1600 when unknown, spent or expired, 400 for a non-numeric id. */
export function nextBatchFields(ctx: RouteContext, id: string): Record<string, unknown> {
  const cursor = lookup(ctx, id);
  let batch: Batch;
  try {
    batch = ctx.core.cursors.next(cursor);
  } catch (e) {
    ctx.core.cursors.delete(ctx.fabric, cursor.id);
    throw asGdnError(e);
  }
  return batchFields(cursor.query, batch, batch.hasMore ? cursor.id : undefined, cursor.count);
}

function lookup(ctx: RouteContext, id: string): Cursor {
  if (!/^\d+$/.test(id)) throw new GdnError(400, 400, 'invalid cursor ID');
  const cursor = ctx.core.cursors.get(ctx.fabric, id);
  if (!cursor) throw cursorNotFound();
  return cursor;
}

/** The 200 reply of a next-batch request. */
function renderBatch(cursor: Cursor, batch: Batch): Reply {
  const fields = batchFields(cursor.query, batch, batch.hasMore ? cursor.id : undefined, cursor.count);
  return rawEnvelope(200, fields) ?? envelope(200, fields);
}

/**
 * Once this reply is out, compute the next batch's reply (cursor-registry.ts prefetch): the
 * client asks for it only after receiving and handling this one, and until then the
 * emulator would sit idle (about half of a million-row export; bench/hot-spots.md §3).
 */
function prefetchAfterReply(ctx: RouteContext, cursor: Cursor): void {
  setImmediate(() => ctx.core.cursors.prefetch(cursor, (b) => renderBatch(cursor, b))).unref();
}

function nextBatch(ctx: RouteContext): Reply {
  const cursor = lookup(ctx, ctx.params.id ?? '');
  let taken: { batch: Batch; reply?: unknown };
  try {
    taken = ctx.core.cursors.take(cursor);
  } catch (e) {
    ctx.core.cursors.delete(ctx.fabric, cursor.id);
    throw asGdnError(e);
  }
  if (taken.batch.hasMore) prefetchAfterReply(ctx, cursor);
  return (taken.reply as Reply | undefined) ?? renderBatch(cursor, taken.batch);
}

async function create(ctx: RouteContext): Promise<Reply> {
  const body = objectBody(ctx.body);
  const query = body.query;
  if (typeof query !== 'string' || query.trim() === '') throw new GdnError(400, ErrorNum.QUERY_EMPTY, 'query is empty');
  const fields = await runToFirstBatch(ctx, readRunRequest(body, query, MAX_BATCH_SIZE));
  const cursor = typeof fields.id === 'string' ? ctx.core.cursors.get(ctx.fabric, fields.id) : undefined;
  if (cursor) prefetchAfterReply(ctx, cursor);
  return rawEnvelope(201, fields) ?? envelope(201, fields);
}

export const cursorRoutes: Route[] = [
  { method: 'POST', path: '/_api/cursor', scope: 'fabric', handler: create },
  { method: 'PUT', path: '/_api/cursor/:id', scope: 'fabric', handler: (ctx) => nextBatch(ctx) },
  // ArangoDB also accepts POST for the next batch.
  { method: 'POST', path: '/_api/cursor/:id', scope: 'fabric', handler: (ctx) => nextBatch(ctx) },
  {
    method: 'DELETE',
    path: '/_api/cursor/:id',
    scope: 'fabric',
    handler: (ctx) => {
      const id = ctx.params.id ?? '';
      lookup(ctx, id);
      ctx.core.cursors.delete(ctx.fabric, id);
      return envelope(202, { id });
    },
  },
];
