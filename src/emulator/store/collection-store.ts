// Collection metadata of every fabric. Metadata is shared by all regions (creating or
// dropping a collection takes effect everywhere at once, like GDN's DDL which is not
// subject to replication lag); the documents themselves have one replica per region
// (document-store.ts). A local collection (`isLocal`) lives only in its home region and
// is invisible (404/1203) elsewhere. Everything is cached in memory: every data request
// resolves its collection.
import { ErrorNum } from '../../wire/codes.js';
import type { CoreBase } from '../core.js';
import { collectionNotFound, GdnError } from '../errors.js';
import type { Db } from './db.js';
import { KeyGenerator, type KeyOptions } from './keys.js';

export const COLLECTION_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS collections (
     fabric TEXT NOT NULL,
     name TEXT NOT NULL,
     id TEXT NOT NULL,
     type INTEGER NOT NULL,
     is_spot INTEGER NOT NULL,
     is_local INTEGER NOT NULL,
     home TEXT NOT NULL,
     key_options TEXT NOT NULL,
     last_key INTEGER NOT NULL DEFAULT 0,
     wait_for_sync INTEGER NOT NULL,
     has_stream INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     PRIMARY KEY (fabric, name)) WITHOUT ROWID`,
];

export interface CollectionMeta {
  readonly fabric: string;
  readonly name: string;
  readonly id: string;
  /** 2 = document, 3 = edge. */
  readonly type: 2 | 3;
  readonly isSpot: boolean;
  readonly isLocal: boolean;
  /** Region that created it (the only one holding a local collection). */
  readonly home: string;
  readonly keyOptions: KeyOptions;
  readonly keys: KeyGenerator;
  waitForSync: boolean;
  hasStream: boolean;
}

export interface NewCollection {
  readonly name: string;
  readonly type: 2 | 3;
  readonly isSpot: boolean;
  readonly isLocal: boolean;
  readonly keyOptions: KeyOptions;
  readonly waitForSync: boolean;
  readonly hasStream: boolean;
}

interface Row {
  fabric: string;
  name: string;
  id: string;
  type: number;
  is_spot: number;
  is_local: number;
  home: string;
  key_options: string;
  last_key: number;
  wait_for_sync: number;
  has_stream: number;
}

// ArangoDB's collection-name rule: a letter (or '_' for system names) first, then
// letters, digits, '_' or '-', at most 256 characters.
const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,255}$/;

export const illegalName = (): GdnError => new GdnError(400, ErrorNum.ILLEGAL_NAME, 'illegal name');

/** Called inside the drop/truncate transaction so document replicas and outbox rows go too. */
export type PurgeListener = (fabric: string, name: string) => void;

const k = (fabric: string, name: string): string => `${fabric}\u0000${name}`;

export class CollectionStore {
  readonly #base: CoreBase;
  readonly #db: Db;
  readonly #cache = new Map<string, CollectionMeta>();
  readonly #purge: PurgeListener[] = [];
  readonly #dirtyKeys = new Set<CollectionMeta>();
  #nextId: number;
  readonly #stmt;

  constructor(base: CoreBase) {
    this.#base = base;
    this.#db = base.db;
    const db = base.db;
    this.#stmt = {
      insert: db.prepare(
        `INSERT INTO collections (fabric, name, id, type, is_spot, is_local, home, key_options, last_key, wait_for_sync, has_stream, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
      ),
      delete: db.prepare<[string, string]>('DELETE FROM collections WHERE fabric = ? AND name = ?'),
      deleteFabric: db.prepare<[string]>('DELETE FROM collections WHERE fabric = ?'),
      props: db.prepare<[number, number, string, string]>('UPDATE collections SET wait_for_sync = ?, has_stream = ? WHERE fabric = ? AND name = ?'),
      rename: db.prepare<[string, string, string]>('UPDATE collections SET name = ? WHERE fabric = ? AND name = ?'),
      lastKey: db.prepare<[number, string, string]>('UPDATE collections SET last_key = ? WHERE fabric = ? AND name = ?'),
    };
    let maxId = 1_000_000;
    for (const row of db.prepare<[], Row>('SELECT * FROM collections').all()) {
      const meta = this.#fromRow(row);
      this.#cache.set(k(meta.fabric, meta.name), meta);
      maxId = Math.max(maxId, Number(meta.id));
    }
    this.#nextId = maxId + 1;
    base.events.onFabricDropped((fabric) => {
      for (const meta of this.list(fabric)) for (const fn of this.#purge) fn(fabric, meta.name);
      this.#stmt.deleteFabric.run(fabric);
      for (const meta of this.list(fabric)) this.#cache.delete(k(fabric, meta.name));
    });
  }

  static isValidName(name: unknown): name is string {
    return typeof name === 'string' && NAME.test(name);
  }

  onPurge(fn: PurgeListener): void {
    this.#purge.push(fn);
  }

  /** The collection as seen from `region` (a local collection exists only in its home region). */
  find(fabric: string, name: string, region: string): CollectionMeta | undefined {
    const meta = this.#cache.get(k(fabric, name));
    if (!meta || (meta.isLocal && meta.home !== region)) return undefined;
    return meta;
  }

  /** Like find(), but 404/1203 when missing. */
  require(fabric: string, name: string, region: string): CollectionMeta {
    const meta = this.find(fabric, name, region);
    if (!meta) throw collectionNotFound();
    return meta;
  }

  /** Collections of a fabric visible from `region` (all regions when undefined), by name. */
  list(fabric: string, region?: string): CollectionMeta[] {
    const out: CollectionMeta[] = [];
    for (const meta of this.#cache.values()) {
      if (meta.fabric !== fabric) continue;
      if (region !== undefined && meta.isLocal && meta.home !== region) continue;
      out.push(meta);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** 409/1207 when the name is taken in the fabric (by any region's local collection too). */
  create(fabric: string, region: string, spec: NewCollection): CollectionMeta {
    if (this.#cache.has(k(fabric, spec.name))) throw new GdnError(409, ErrorNum.DUPLICATE_NAME, `duplicate name '${spec.name}'`);
    const id = String(this.#nextId++);
    this.#stmt.insert.run(fabric, spec.name, id, spec.type, spec.isSpot ? 1 : 0, spec.isLocal ? 1 : 0, region,
      JSON.stringify(spec.keyOptions), spec.waitForSync ? 1 : 0, spec.hasStream ? 1 : 0, this.#base.clock.now());
    const meta: CollectionMeta = {
      fabric,
      name: spec.name,
      id,
      type: spec.type,
      isSpot: spec.isSpot,
      isLocal: spec.isLocal,
      home: region,
      keyOptions: spec.keyOptions,
      keys: new KeyGenerator(spec.keyOptions, 0, this.#base.random),
      waitForSync: spec.waitForSync,
      hasStream: spec.hasStream,
    };
    this.#cache.set(k(fabric, spec.name), meta);
    return meta;
  }

  setProperties(meta: CollectionMeta, waitForSync: boolean, hasStream: boolean): void {
    this.#stmt.props.run(waitForSync ? 1 : 0, hasStream ? 1 : 0, meta.fabric, meta.name);
    meta.waitForSync = waitForSync;
    meta.hasStream = hasStream;
  }

  /** Drops the collection with every replica of its documents, in one transaction. */
  drop(meta: CollectionMeta): void {
    this.#db.transaction(() => {
      for (const fn of this.#purge) fn(meta.fabric, meta.name);
      this.#stmt.delete.run(meta.fabric, meta.name);
    })();
    this.#cache.delete(k(meta.fabric, meta.name));
    this.#dirtyKeys.delete(meta);
  }

  /** Removes every document of the collection in every region (the counter of generated keys stays). */
  truncate(meta: CollectionMeta): void {
    this.#db.transaction(() => {
      for (const fn of this.#purge) fn(meta.fabric, meta.name);
    })();
  }

  /** Renames in place; documents follow through the purge listeners' rename hook. */
  rename(meta: CollectionMeta, to: string, moveDocs: (fabric: string, from: string, to: string) => void): CollectionMeta {
    if (this.#cache.has(k(meta.fabric, to))) throw new GdnError(409, ErrorNum.DUPLICATE_NAME, `duplicate name '${to}'`);
    this.persistKeys();
    this.#db.transaction(() => {
      this.#stmt.rename.run(to, meta.fabric, meta.name);
      moveDocs(meta.fabric, meta.name, to);
    })();
    this.#cache.delete(k(meta.fabric, meta.name));
    const next: CollectionMeta = { ...meta, name: to };
    this.#cache.set(k(meta.fabric, to), next);
    return next;
  }

  /** Marks a collection whose key counter moved; persistKeys() writes it in the current transaction. */
  touchKeys(meta: CollectionMeta): void {
    this.#dirtyKeys.add(meta);
  }

  persistKeys(): void {
    for (const meta of this.#dirtyKeys) this.#stmt.lastKey.run(meta.keys.last, meta.fabric, meta.name);
    this.#dirtyKeys.clear();
  }

  #fromRow(row: Row): CollectionMeta {
    const keyOptions = JSON.parse(row.key_options) as KeyOptions;
    return {
      fabric: row.fabric,
      name: row.name,
      id: row.id,
      type: row.type === 3 ? 3 : 2,
      isSpot: row.is_spot === 1,
      isLocal: row.is_local === 1,
      home: row.home,
      keyOptions,
      keys: new KeyGenerator(keyOptions, row.last_key, this.#base.random),
      waitForSync: row.wait_for_sync === 1,
      hasStream: row.has_stream === 1,
    };
  }
}
