// What the C8QL engine needs from storage, so the engine knows nothing of SQLite,
// regions or HTTP. The emulator's document store implements it for one region and
// fabric; tests may implement it in memory. All calls are synchronous:
// better-sqlite3 is synchronous and a query's writes run in one transaction.
import type { Doc, Value } from './types.js';

export interface CollectionInfo {
  readonly name: string;
  readonly type: 'document' | 'edge';
  readonly isSpot: boolean;
  readonly isLocal: boolean;
}

export interface WriteOptions {
  readonly ignoreErrors?: boolean;
  readonly keepNull?: boolean;
  readonly mergeObjects?: boolean;
  readonly overwrite?: boolean;
  readonly overwriteMode?: 'ignore' | 'replace' | 'update' | 'conflict';
  readonly ignoreRevs?: boolean;
  readonly waitForSync?: boolean;
}

/** The stored document after (`new`) and before (`old`) a write; null where it did not exist. */
export interface WriteResult {
  readonly new: Doc | null;
  readonly old: Doc | null;
}

export interface DataSource {
  collection(name: string): CollectionInfo | undefined;
  /** Up to `limit` documents in `_key` order, strictly after `afterKey` (from the start if undefined). */
  scan(collection: string, afterKey: string | undefined, limit: number): readonly Doc[];
  get(collection: string, key: string): Doc | undefined;
  count(collection: string): number;
  /** Each write throws QueryError (e.g. 1210 unique constraint, 1202 not found, 1200 conflict) on failure. */
  insert(collection: string, doc: Doc, opts: WriteOptions): WriteResult;
  update(collection: string, key: string, patch: Doc, opts: WriteOptions): WriteResult;
  replace(collection: string, key: string, doc: Doc, opts: WriteOptions): WriteResult;
  remove(collection: string, key: string, opts: WriteOptions): WriteResult;
  /** Runs fn atomically: all of a query's writes commit together or not at all. */
  transaction<T>(fn: () => T): T;
}

export type { Doc, Value };
