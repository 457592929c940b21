// The C8QL engine's view of storage (c8ql/data-source.ts) for one region's replicas of
// one fabric: the region is the one running the query (regions/routing.ts queryRegion).
// Reads and writes go through the same DocumentStore methods as the HTTP routes, so
// both have identical semantics; store errors (GdnError) become QueryError.
import type { CollectionInfo, DataSource, Doc, WriteOptions, WriteResult } from '../c8ql/data-source.js';
import { QueryError } from '../c8ql/types.js';
import type { EmulatorCore } from '../core.js';
import { collectionNotFound, GdnError } from '../errors.js';
import type { CollectionMeta } from './collection-store.js';
import type { DocWriteOptions, WriteOutcome } from './document-store.js';

export function createQueryDataSource(core: Pick<EmulatorCore, 'collections' | 'documents'>, region: string, fabric: string): DataSource {
  const { collections, documents } = core;
  const meta = (name: string): CollectionMeta => {
    const m = collections.find(fabric, name, region);
    if (!m) throw toQueryError(collectionNotFound());
    return m;
  };
  const write = (fn: () => WriteOutcome): WriteResult => {
    try {
      const w = fn();
      return { new: (w.new ?? null) as Doc | null, old: (w.old ?? null) as Doc | null };
    } catch (e) {
      throw toQueryError(e);
    }
  };
  return {
    collection(name: string): CollectionInfo | undefined {
      const m = collections.find(fabric, name, region);
      if (!m) return undefined;
      return { name: m.name, type: m.type === 3 ? 'edge' : 'document', isSpot: m.isSpot, isLocal: m.isLocal };
    },
    scan(collection, afterKey, limit) {
      return documents.scanRaw(region, meta(collection), afterKey, limit).map((s) => JSON.parse(s) as Doc);
    },
    get(collection, key) {
      return documents.get(region, meta(collection), key) as Doc | undefined;
    },
    count(collection) {
      return documents.count(region, meta(collection));
    },
    insert(collection, doc, opts) {
      const m = meta(collection);
      return write(() => documents.insert(region, m, doc, storeOptions(opts, true)));
    },
    update(collection, key, patch, opts) {
      const m = meta(collection);
      return write(() => documents.update(region, m, key, patch, storeOptions(opts)));
    },
    replace(collection, key, doc, opts) {
      const m = meta(collection);
      return write(() => documents.replace(region, m, key, doc, storeOptions(opts)));
    },
    remove(collection, key, opts) {
      const m = meta(collection);
      return write(() => documents.remove(region, m, key, storeOptions(opts)));
    },
    transaction<T>(fn: () => T): T {
      return documents.tx(fn);
    },
  };
}

function storeOptions(opts: WriteOptions, insert = false): DocWriteOptions {
  const mode = opts.overwriteMode ?? (opts.overwrite === true ? 'replace' : undefined);
  return {
    overwriteMode: insert ? mode : undefined,
    keepNull: opts.keepNull,
    mergeObjects: opts.mergeObjects,
    ignoreRevs: opts.ignoreRevs,
  };
}

/** Store errors keep their status, errorNum and message inside a query. */
export function toQueryError(e: unknown): unknown {
  if (e instanceof GdnError) return new QueryError(e.status, e.errorNum, e.message);
  return e;
}

