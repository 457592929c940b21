// Documents (reference/gdn-api.md §6). Batch calls answer 202 with one item per input, in
// input order: metadata for a success, `{error:true, errorNum, errorMessage}` for a failure.
import { fabricPath, seg, type GdnClient } from './client.js';

export interface DocMeta {
  readonly _id: string;
  readonly _key: string;
  readonly _rev: string;
  readonly _oldRev?: string;
  readonly new?: Record<string, unknown>;
  readonly old?: Record<string, unknown>;
}

export interface DocItemError {
  readonly error: true;
  readonly errorNum: number;
  readonly errorMessage: string;
}

export type BatchItem = DocMeta | DocItemError;

export function isItemError(item: BatchItem): item is DocItemError {
  return (item as DocItemError).error === true;
}

export interface WriteOptions {
  readonly returnNew?: boolean;
  readonly returnOld?: boolean;
  readonly silent?: boolean;
  readonly waitForSync?: boolean;
  /** Insert: replace an existing key. */
  readonly overwrite?: boolean;
  readonly overwriteMode?: 'ignore' | 'replace' | 'update' | 'conflict';
  readonly keepNull?: boolean;
  readonly mergeObjects?: boolean;
  readonly ignoreRevs?: boolean;
  /** Sent as If-Match on single-document calls. */
  readonly ifMatch?: string;
}

export interface ReadOptions {
  /** Spot collections: read at the spot region. */
  readonly strongConsistency?: boolean;
  readonly ifMatch?: string;
}

type Query = Record<string, string | number | boolean | undefined>;

function query(o: WriteOptions): Query {
  const { ifMatch: _ifMatch, ...rest } = o;
  return rest;
}

function headers(ifMatch: string | undefined): Record<string, string> | undefined {
  return ifMatch ? { 'if-match': ifMatch } : undefined;
}

function docPath(fabric: string, collection: string, key?: string): string {
  return fabricPath(fabric, key === undefined ? seg('document', collection) : seg('document', collection, key));
}

export function getDocument<T = Record<string, unknown>>(c: GdnClient, fabric: string, collection: string, key: string, o: ReadOptions = {}): Promise<T> {
  const h = headers(o.ifMatch);
  return c.requestJson<T>({
    method: 'GET',
    path: docPath(fabric, collection, key),
    ...(o.strongConsistency === undefined ? {} : { query: { strongConsistency: o.strongConsistency } }),
    ...(h ? { headers: h } : {}),
  });
}

export function insertDocument(c: GdnClient, fabric: string, collection: string, doc: unknown, o: WriteOptions = {}): Promise<DocMeta> {
  return c.requestJson<DocMeta>({ method: 'POST', path: docPath(fabric, collection), body: doc, query: query(o) });
}

/** One request for many documents; the bulk `insert` command sends its batches through here. */
export function insertMany(c: GdnClient, fabric: string, collection: string, docs: readonly unknown[], o: WriteOptions & { idempotent?: boolean } = {}): Promise<BatchItem[]> {
  const { idempotent, ...w } = o;
  return c.requestJson<BatchItem[]>({ method: 'POST', path: docPath(fabric, collection), body: docs, query: query(w), ...(idempotent ? { idempotent } : {}) });
}

export function replaceDocument(c: GdnClient, fabric: string, collection: string, key: string, doc: unknown, o: WriteOptions = {}): Promise<DocMeta> {
  const h = headers(o.ifMatch);
  return c.requestJson<DocMeta>({ method: 'PUT', path: docPath(fabric, collection, key), body: doc, query: query(o), ...(h ? { headers: h } : {}) });
}

export function updateDocument(c: GdnClient, fabric: string, collection: string, key: string, patch: unknown, o: WriteOptions = {}): Promise<DocMeta> {
  const h = headers(o.ifMatch);
  // PATCH is not idempotent in general (mergeObjects on arrays, counters in callers' heads).
  return c.requestJson<DocMeta>({ method: 'PATCH', path: docPath(fabric, collection, key), body: patch, query: query(o), ...(h ? { headers: h } : {}) });
}

export function removeDocument(c: GdnClient, fabric: string, collection: string, key: string, o: WriteOptions = {}): Promise<DocMeta> {
  const h = headers(o.ifMatch);
  return c.requestJson<DocMeta>({ method: 'DELETE', path: docPath(fabric, collection, key), query: query(o), ...(h ? { headers: h } : {}) });
}

export function replaceMany(c: GdnClient, fabric: string, collection: string, docs: readonly unknown[], o: WriteOptions = {}): Promise<BatchItem[]> {
  return c.requestJson<BatchItem[]>({ method: 'PUT', path: docPath(fabric, collection), body: docs, query: query(o) });
}

export function updateMany(c: GdnClient, fabric: string, collection: string, docs: readonly unknown[], o: WriteOptions = {}): Promise<BatchItem[]> {
  return c.requestJson<BatchItem[]>({ method: 'PATCH', path: docPath(fabric, collection), body: docs, query: query(o) });
}

export function removeMany(c: GdnClient, fabric: string, collection: string, keys: readonly unknown[], o: WriteOptions = {}): Promise<BatchItem[]> {
  return c.requestJson<BatchItem[]>({ method: 'DELETE', path: docPath(fabric, collection), body: keys, query: query(o) });
}
