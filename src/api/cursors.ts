// C8QL cursors (reference/gdn-api.md §7): create, next batch, delete, and an async iterator
// that yields one batch at a time so callers can stream any result size in constant memory.
// Written against the small `GdnRequester` shape so it works with the shared client.
import { cursorReplyToNdjson, rowsToNdjson, type NdjsonBatch } from './raw-ndjson.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface GdnRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly body?: unknown;
  /** A body already serialised as JSON, sent as is instead of `body` (bulk insert forwards input lines). */
  readonly rawBody?: string;
  /**
   * Resolve a 2xx reply unparsed: its text (true), or its bytes as a Buffer ('bytes'; a
   * requester that cannot give bytes gives the text). Errors are still parsed and thrown.
   */
  readonly rawResponse?: boolean | 'bytes';
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Safe to retry on a transient failure. */
  readonly idempotent?: boolean;
}

/** What cursors.ts and restql.ts need from the HTTP client: parsed JSON or a thrown typed error. */
export interface GdnRequester {
  requestJson<T>(req: GdnRequest): Promise<T>;
}

export interface CursorOptions {
  readonly bindVars?: Readonly<Record<string, unknown>>;
  /** At most 1000 on GDN. */
  readonly batchSize?: number;
  readonly count?: boolean;
  /** Seconds the server keeps an idle cursor. */
  readonly ttl?: number;
  /** Read spot collections at their spot region (GDN's strong read). */
  readonly strongConsistency?: boolean;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface CursorExtra {
  readonly stats?: Readonly<Record<string, unknown>>;
  readonly warnings?: readonly { readonly code: number; readonly message: string }[];
  readonly [k: string]: unknown;
}

export interface CursorBatch<T = unknown> {
  readonly result: T[];
  readonly hasMore: boolean;
  /** Present while hasMore is true. */
  readonly id?: string;
  readonly count?: number;
  readonly extra?: CursorExtra;
  readonly cached?: boolean;
}

export function fabricPath(fabric: string, rest: string): string {
  return `/_fabric/${encodeURIComponent(fabric)}/_api/${rest}`;
}

export function cursorBody(query: string, opts: CursorOptions): Record<string, unknown> {
  const options: Record<string, unknown> = { ...opts.options };
  if (opts.strongConsistency !== undefined) options.strongConsistency = opts.strongConsistency;
  return {
    query,
    ...(opts.bindVars && Object.keys(opts.bindVars).length > 0 ? { bindVars: opts.bindVars } : {}),
    ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    ...(opts.count ? { count: true } : {}),
    ...(opts.ttl !== undefined ? { ttl: opts.ttl } : {}),
    // The flag goes at the body root and in `options`: SDKs send both, servers read either.
    ...(opts.strongConsistency !== undefined ? { strongConsistency: opts.strongConsistency } : {}),
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
}

export function createCursor<T = unknown>(client: GdnRequester, fabric: string, query: string, opts: CursorOptions = {}): Promise<CursorBatch<T>> {
  return client.requestJson<CursorBatch<T>>({ method: 'POST', path: fabricPath(fabric, 'cursor'), body: cursorBody(query, opts) });
}

export function nextCursorBatch<T = unknown>(client: GdnRequester, fabric: string, id: string): Promise<CursorBatch<T>> {
  // Not idempotent although a PUT: a retry after a lost reply would silently skip a batch.
  return client.requestJson<CursorBatch<T>>({ method: 'PUT', path: fabricPath(fabric, `cursor/${encodeURIComponent(id)}`), idempotent: false });
}

export async function deleteCursor(client: GdnRequester, fabric: string, id: string): Promise<void> {
  await client.requestJson<unknown>({ method: 'DELETE', path: fabricPath(fabric, `cursor/${encodeURIComponent(id)}`), idempotent: true });
}

/**
 * Yields the first batch and every following one. The next batch is requested BEFORE the
 * current one is handed to the caller, so the server computes it while the caller writes
 * this one (one batch of read-ahead: memory stays bounded, and a slow consumer still slows
 * the reads). Stopping early lets the read-ahead land, then deletes the cursor.
 */
export async function* drainBatches<B extends Pick<CursorBatch, 'hasMore' | 'id'>>(
  first: B,
  next: (id: string) => Promise<B>,
  close: (id: string) => Promise<void>,
): AsyncGenerator<B> {
  let batch = first;
  let ahead: Promise<B> | undefined;
  try {
    for (;;) {
      if (batch.hasMore && batch.id !== undefined) {
        ahead = next(batch.id);
        // Handled here so that a caller who stops early never leaves a rejection unhandled.
        ahead.catch(() => undefined);
      }
      yield batch;
      if (ahead === undefined) return;
      const pending = ahead;
      ahead = undefined;
      batch = await pending;
    }
  } finally {
    let open = batch;
    if (ahead !== undefined) open = (await ahead.catch(() => undefined)) ?? batch;
    if (open.hasMore && open.id !== undefined) await close(open.id).catch(() => undefined);
  }
}

export async function* queryBatches<T = unknown>(client: GdnRequester, fabric: string, query: string, opts: CursorOptions = {}): AsyncGenerator<CursorBatch<T>> {
  const first = await createCursor<T>(client, fabric, query, opts);
  yield* drainBatches(
    first,
    (id) => nextCursorBatch<T>(client, fabric, id),
    (id) => deleteCursor(client, fabric, id),
  );
}

/** Every row of a batch stream, in order: for results small enough to hold (a demo, a check). */
export async function collectRows<T>(batches: AsyncIterable<CursorBatch<T>>): Promise<T[]> {
  const rows: T[] = [];
  for await (const b of batches) rows.push(...b.result);
  return rows;
}

/** A reply as bytes (or text, from a requester without bytes) → NDJSON bytes of its rows. */
function ndjsonOf(reply: unknown): NdjsonBatch {
  if (typeof reply === 'string') reply = Buffer.from(reply, 'utf8');
  if (Buffer.isBuffer(reply)) {
    const split = cursorReplyToNdjson(reply);
    if (split) return split;
    reply = JSON.parse(reply.toString('utf8')) as unknown;
  }
  return rowsToNdjson(reply as CursorBatch<unknown>);
}

/**
 * Like queryBatches, but each batch comes as the NDJSON bytes of its rows, exactly as the
 * server sent them and never decoded (raw-ndjson.ts): the `-o ndjson` export, which is
 * neither parsed nor re-serialised (a text reply is turned into bytes first).
 */
export async function* queryNdjson(client: GdnRequester, fabric: string, query: string, opts: CursorOptions = {}): AsyncGenerator<NdjsonBatch> {
  const first = ndjsonOf(await client.requestJson<unknown>({ method: 'POST', path: fabricPath(fabric, 'cursor'), body: cursorBody(query, opts), rawResponse: 'bytes' }));
  yield* drainBatches(
    first,
    async (id) =>
      ndjsonOf(await client.requestJson<unknown>({ method: 'PUT', path: fabricPath(fabric, `cursor/${encodeURIComponent(id)}`), idempotent: false, rawResponse: 'bytes' })),
    (id) => deleteCursor(client, fabric, id),
  );
}

/** `POST /_api/query`: parses a query without running it; lists the collections it uses. */
export interface ParsedQuery {
  readonly parsed: boolean;
  readonly collections: string[];
  readonly bindVars: string[];
}

export function validateQuery(client: GdnRequester, fabric: string, query: string): Promise<ParsedQuery> {
  return client.requestJson<ParsedQuery>({ method: 'POST', path: fabricPath(fabric, 'query'), body: { query }, idempotent: true });
}
