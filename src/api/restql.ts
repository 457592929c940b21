// Saved queries ("RestQL", query workers; reference/gdn-api.md §8): save, list, show,
// execute with cursor paging, update, delete. Bodies and paths as GDN records them.
import { drainBatches, fabricPath, type CursorBatch, type GdnRequester } from './cursors.js';

export interface SavedQuery {
  readonly _key?: string;
  readonly name: string;
  readonly value: string;
  readonly parameter?: Readonly<Record<string, unknown>>;
  readonly type?: string;
  readonly fabric?: string;
  readonly tenant?: string;
  readonly userid?: string;
}

interface Wrapped<T> {
  readonly result: T;
}

export interface SaveQueryInput {
  readonly name: string;
  readonly value: string;
  readonly parameter?: Readonly<Record<string, unknown>>;
}

export async function saveQuery(client: GdnRequester, fabric: string, q: SaveQueryInput): Promise<SavedQuery> {
  const body = { query: { name: q.name, value: q.value, parameter: q.parameter ?? {}, type: 'c8ql' } };
  const r = await client.requestJson<Wrapped<SavedQuery>>({ method: 'POST', path: fabricPath(fabric, 'restql'), body });
  return r.result;
}

export async function listQueries(client: GdnRequester, fabric: string): Promise<SavedQuery[]> {
  const r = await client.requestJson<Wrapped<SavedQuery[]>>({ method: 'GET', path: fabricPath(fabric, 'restql/user'), idempotent: true });
  return r.result;
}

/** GDN has no single-query read: the list is filtered. Undefined when the name is unknown. */
export async function showQuery(client: GdnRequester, fabric: string, name: string): Promise<SavedQuery | undefined> {
  return (await listQueries(client, fabric)).find((q) => q.name === name);
}

export async function updateQuery(client: GdnRequester, fabric: string, q: SaveQueryInput): Promise<void> {
  const body = { query: { value: q.value, parameter: q.parameter ?? {}, type: 'c8ql' } };
  await client.requestJson<unknown>({ method: 'PUT', path: fabricPath(fabric, `restql/${encodeURIComponent(q.name)}`), body, idempotent: true });
}

export async function deleteQuery(client: GdnRequester, fabric: string, name: string): Promise<void> {
  await client.requestJson<unknown>({ method: 'DELETE', path: fabricPath(fabric, `restql/${encodeURIComponent(name)}`), idempotent: true });
}

export interface ExecuteOptions {
  readonly bindVars?: Readonly<Record<string, unknown>>;
  readonly batchSize?: number;
  readonly strongConsistency?: boolean;
}

export function executeQuery<T = unknown>(client: GdnRequester, fabric: string, name: string, opts: ExecuteOptions = {}): Promise<CursorBatch<T>> {
  const body = {
    ...(opts.bindVars && Object.keys(opts.bindVars).length > 0 ? { bindVars: opts.bindVars } : {}),
    ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
    ...(opts.strongConsistency !== undefined ? { strongConsistency: opts.strongConsistency } : {}),
  };
  return client.requestJson<CursorBatch<T>>({ method: 'POST', path: fabricPath(fabric, `restql/execute/${encodeURIComponent(name)}`), body });
}

export function fetchNext<T = unknown>(client: GdnRequester, fabric: string, id: string): Promise<CursorBatch<T>> {
  // Not idempotent although a PUT: a retry after a lost reply would silently skip a batch.
  return client.requestJson<CursorBatch<T>>({ method: 'PUT', path: fabricPath(fabric, `restql/fetch/${encodeURIComponent(id)}`), idempotent: false });
}

/** Executes a saved query and yields its batches on demand (restql cursors share /cursor ids). */
export async function* executeBatches<T = unknown>(client: GdnRequester, fabric: string, name: string, opts: ExecuteOptions = {}): AsyncGenerator<CursorBatch<T>> {
  const first = await executeQuery<T>(client, fabric, name, opts);
  yield* drainBatches(
    // A write query replies `{"result":[]}` with no hasMore.
    { ...first, result: first.result ?? [], hasMore: first.hasMore === true },
    (id) => fetchNext<T>(client, fabric, id),
    async (id) => {
      await client.requestJson<unknown>({ method: 'DELETE', path: fabricPath(fabric, `cursor/${encodeURIComponent(id)}`), idempotent: true });
    },
  );
}
