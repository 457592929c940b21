// Documents: one replica per region of every non-local collection, in ONE table keyed
// by (region, fabric, coll, key). Model, for everyone building on it:
//
//  * A write runs in ONE region (the handler picks it with regions/routing.ts: the spot
//    region for spot collections, else the entry region). It takes a fresh HLC stamp
//    `t` of that region, updates that region's replica and appends the outbox row
//    (outbox.ts) in the same SQLite transaction (tx()). After the commit the replicator
//    (regions/replicator.ts, started here with this store as its ReplicationSource) is
//    told, and ships the row to the fabric's other regions over the simulated links,
//    where apply() merges it (regions/merge.ts: field-level LWW on the HLC, tombstones).
//  * Per-document metadata: `rev` (revs.ts, derived from `hlc`), `hlc` = the version
//    (newest register of the merge state: equal on converged replicas), `state` = the
//    merge state as JSON, or NULL when it is "uniform" (every field and the reset
//    register at `hlc`: the state of a plain insert/replace, or of a delete when `body`
//    is NULL), which spares the common case a second copy of the document. `body` is
//    the visible document text with `_key`, `_id`, `_rev` first; NULL = tombstone.
//  * Local collections have a single replica (their home region) and outbox rows with
//    no destinations (they only carry the region's HLC high-water mark over restarts).
//  * Errors are GdnError; the C8QL data source maps them onto QueryError.
import { ErrorNum } from '../../wire/codes.js';
import type { CoreBase } from '../core.js';
import { documentNotFound, GdnError } from '../errors.js';
import {
  applyDelta,
  materialize,
  putDelta,
  removeDelta,
  updateDelta,
  versionOf,
  type DocState,
} from '../regions/merge.js';
import type { RegionNetwork } from '../regions/network.js';
import type { ReplicationSource } from '../regions/replicator.js';
import type { CollectionMeta, CollectionStore } from './collection-store.js';
import type { Db } from './db.js';
import type { FabricStore } from './fabric-store.js';
import { illegalKey, isValidKey } from './keys.js';
import { destsOf, Outbox, PRUNE_EVERY, type OutboxOp, type OutboxRow } from './outbox.js';
import { applyPatch, SYSTEM_KEYS, type JsonObject } from './patch.js';
import { revOf } from './revs.js';

export const DOCUMENT_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS documents (
     region TEXT NOT NULL,
     fabric TEXT NOT NULL,
     coll TEXT NOT NULL,
     key TEXT NOT NULL,
     body TEXT,
     rev TEXT NOT NULL,
     hlc TEXT NOT NULL,
     state TEXT,
     PRIMARY KEY (region, fabric, coll, key)) WITHOUT ROWID`,
];

export type OverwriteMode = 'ignore' | 'replace' | 'update' | 'conflict';

export interface DocWriteOptions {
  /** Insert only: what to do when the key exists (undefined = 409/1210). */
  readonly overwriteMode?: OverwriteMode | undefined;
  readonly keepNull?: boolean | undefined;
  readonly mergeObjects?: boolean | undefined;
  /** false: a `_rev` in the body must match (default true, as in ArangoDB). */
  readonly ignoreRevs?: boolean | undefined;
  /** Precondition on the current `_rev` (If-Match). */
  readonly ifMatch?: string | undefined;
}

export interface WriteOutcome {
  readonly id: string;
  readonly key: string;
  readonly rev: string;
  /** Present when a document existed before (replace, update, remove, overwriting insert). */
  readonly oldRev?: string;
  /** The stored document after the write (undefined after remove). */
  readonly new?: JsonObject;
  /** The document before the write. */
  readonly old?: JsonObject;
  /** Insert with overwriteMode 'ignore' on an existing key: nothing was written. */
  readonly ignored?: boolean;
}

interface DocRow {
  body: string | null;
  rev: string;
  hlc: string;
  state: string | null;
}

export const uniqueViolation = (coll: string): GdnError =>
  new GdnError(409, ErrorNum.UNIQUE_CONSTRAINT_VIOLATED,
    `Each document in a collection must have a unique key, and the provided one is already used in collection '${coll}'.`);
export const invalidDocument = (): GdnError => new GdnError(400, ErrorNum.DOCUMENT_TYPE_INVALID, 'invalid document type');
const edgeMissing = (): GdnError => new GdnError(400, ErrorNum.EDGE_ATTRIBUTE_MISSING, 'edge attribute missing or invalid');
const userKeysForbidden = (): GdnError =>
  new GdnError(400, ErrorNum.DOCUMENT_KEY_UNEXPECTED, 'collection does not allow using user-defined keys');

const NO_REGIONS: readonly string[] = [];

const HANDLE = /^[A-Za-z0-9_-]{1,256}\/[A-Za-z0-9_\-:.@()+,=;$!*'%]{1,254}$/;

export class DocumentStore implements ReplicationSource<OutboxRow> {
  readonly #base: CoreBase;
  readonly #db: Db;
  readonly #collections: CollectionStore;
  readonly #network: RegionNetwork;
  readonly #outbox: Outbox;
  readonly #fabrics: FabricStore;
  /** Outbox rows of the running transaction, per "origin|dests", announced after the commit. */
  readonly #committed = new Map<string, { origin: string; dests: string[]; count: number }>();
  #sincePrune = 0;
  /** True while tx() runs its own transaction (so it can write rows before the commit). */
  #ownTx = false;
  /**
   * Rows without destinations (local collections, one-region fabrics) of the running tx(),
   * newest per origin. Such a row only carries its origin's HLC high-water mark (prune()
   * deletes all but the newest), so a transaction writes ONE per origin, just before its
   * commit, instead of one per document: same durable state after prune, a third fewer
   * row writes on the bulk-insert path.
   */
  readonly #marks = new Map<string, Parameters<Outbox['append']>>();
  readonly #dests = new WeakMap<readonly string[], Map<string, string>>();
  readonly #stmt;

  constructor(base: CoreBase, fabrics: FabricStore, collections: CollectionStore, network: RegionNetwork) {
    this.#base = base;
    this.#fabrics = fabrics;
    this.#db = base.db;
    this.#collections = collections;
    this.#network = network;
    this.#outbox = new Outbox(base.db);
    const db = base.db;
    this.#stmt = {
      get: db.prepare<[string, string, string, string], DocRow>(
        'SELECT body, rev, hlc, state FROM documents WHERE region = ? AND fabric = ? AND coll = ? AND key = ?',
      ),
      put: db.prepare<[string, string, string, string, string | null, string, string, string | null]>(
        `INSERT INTO documents (region, fabric, coll, key, body, rev, hlc, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (region, fabric, coll, key) DO UPDATE SET body = excluded.body, rev = excluded.rev, hlc = excluded.hlc, state = excluded.state`,
      ),
      // Insert unless a live document holds the key (a tombstone is overwritten): one
      // B-tree visit for the common case instead of a lookup plus a write.
      putIfAbsent: db.prepare<[string, string, string, string, string, string, string]>(
        `INSERT INTO documents (region, fabric, coll, key, body, rev, hlc, state) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT (region, fabric, coll, key) DO UPDATE SET body = excluded.body, rev = excluded.rev, hlc = excluded.hlc, state = NULL
         WHERE documents.body IS NULL`,
      ),
      addIfMissing: db.prepare<[string, string, string, string, string | null, string, string]>(
        `INSERT INTO documents (region, fabric, coll, key, body, rev, hlc, state) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT (region, fabric, coll, key) DO NOTHING`,
      ),
      scanFrom: db.prepare<[string, string, string, string, number], { body: string }>(
        `SELECT body FROM documents WHERE region = ? AND fabric = ? AND coll = ? AND key > ? AND body IS NOT NULL
         ORDER BY key LIMIT ?`,
      ),
      pageAsc: db.prepare<[string, string, string, number, number], { body: string }>(
        'SELECT body FROM documents WHERE region = ? AND fabric = ? AND coll = ? AND body IS NOT NULL ORDER BY key LIMIT ? OFFSET ?',
      ),
      pageDesc: db.prepare<[string, string, string, number, number], { body: string }>(
        'SELECT body FROM documents WHERE region = ? AND fabric = ? AND coll = ? AND body IS NOT NULL ORDER BY key DESC LIMIT ? OFFSET ?',
      ),
      count: db.prepare<[string, string, string], { n: number }>(
        'SELECT count(*) AS n FROM documents WHERE region = ? AND fabric = ? AND coll = ? AND body IS NOT NULL',
      ),
      bytes: db.prepare<[string, string, string], { n: number | null }>(
        'SELECT sum(length(body)) AS n FROM documents WHERE region = ? AND fabric = ? AND coll = ? AND body IS NOT NULL',
      ),
      purge: db.prepare<[string, string]>('DELETE FROM documents WHERE fabric = ? AND coll = ?'),
      // Stored texts carry `_id`: rewrite it (json_set keeps the attribute's position).
      rename: db.prepare<[string, string, string, string]>(
        `UPDATE documents SET coll = ?, body = CASE WHEN body IS NULL THEN NULL ELSE json_set(body, '$._id', ? || '/' || key) END
         WHERE fabric = ? AND coll = ?`,
      ),
    };
    collections.onPurge((fabric, coll) => {
      this.#stmt.purge.run(fabric, coll);
      this.#outbox.purge(fabric, coll);
    });
    // Timestamps must never repeat across restarts: every region's clock resumes above
    // the newest timestamp any region issued (observing a later one is harmless).
    const regions = base.regions.names;
    for (const origin of regions) {
      const t = this.#outbox.newest(origin);
      if (t !== undefined) for (const r of regions) network.observe(r, t);
    }
    this.#outbox.prune(regions);
    network.startReplication(this);
  }

  // ---- transactions ----

  /** Runs fn in one transaction (joining an open one); tells the replicator after the commit. */
  tx<T>(fn: () => T): T {
    if (this.#db.inTransaction) return fn();
    let out: T;
    try {
      out = this.#db.transaction(() => {
        this.#ownTx = true;
        const r = fn();
        this.#flushMarks();
        this.#collections.persistKeys();
        return r;
      })();
    } catch (e) {
      this.#committed.clear();
      this.#marks.clear();
      throw e;
    } finally {
      this.#ownTx = false;
    }
    const replicator = this.#network.replicator;
    for (const c of this.#committed.values()) {
      replicator?.committed(c.origin, c.dests, c.count);
      this.#sincePrune += c.count;
    }
    this.#committed.clear();
    if (this.#sincePrune >= PRUNE_EVERY) {
      this.#sincePrune = 0;
      this.#outbox.prune(this.#base.regions.names);
    }
    return out;
  }

  // ---- reads (of one region's replica) ----

  /** The stored document text and its `_rev`, or undefined when absent/deleted. */
  getRaw(region: string, meta: CollectionMeta, key: string): { body: string; rev: string } | undefined {
    const row = this.#stmt.get.get(region, meta.fabric, meta.name, key);
    if (!row || row.body === null) return undefined;
    return { body: row.body, rev: row.rev };
  }

  get(region: string, meta: CollectionMeta, key: string): JsonObject | undefined {
    const raw = this.getRaw(region, meta, key);
    return raw ? (JSON.parse(raw.body) as JsonObject) : undefined;
  }

  /** Up to `limit` stored document texts in `_key` order, after `afterKey`. */
  scanRaw(region: string, meta: CollectionMeta, afterKey: string | undefined, limit: number): string[] {
    return this.#stmt.scanFrom.all(region, meta.fabric, meta.name, afterKey ?? '', limit).map((r) => r.body);
  }

  /** A page of stored document texts by offset (export), in ascending or descending `_key` order. */
  pageRaw(region: string, meta: CollectionMeta, offset: number, limit: number, descending: boolean): string[] {
    const stmt = descending ? this.#stmt.pageDesc : this.#stmt.pageAsc;
    return stmt.all(region, meta.fabric, meta.name, limit, offset).map((r) => r.body);
  }

  count(region: string, meta: CollectionMeta): number {
    return this.#stmt.count.get(region, meta.fabric, meta.name)?.n ?? 0;
  }

  documentsSize(region: string, meta: CollectionMeta): number {
    return this.#stmt.bytes.get(region, meta.fabric, meta.name)?.n ?? 0;
  }

  /** Moves every replica and outbox row of a renamed collection (inside the rename transaction). */
  moveCollection(fabric: string, from: string, to: string): void {
    this.#stmt.rename.run(to, to, fabric, from);
    this.#outbox.rename(fabric, from, to);
  }

  // ---- writes (executed in `region`, which must hold a replica) ----

  insert(region: string, meta: CollectionMeta, input: unknown, opts: DocWriteOptions = {}): WriteOutcome {
    const doc = asDocument(input);
    let key: string;
    if (doc._key !== undefined && doc._key !== null) {
      if (!isValidKey(doc._key)) throw illegalKey();
      if (!meta.keyOptions.allowUserKeys) throw userKeysForbidden();
      key = doc._key;
    } else key = '';
    checkEdge(meta, doc, true);
    return this.tx(() => {
      if (key === '') {
        key = meta.keys.next();
        this.#collections.touchKeys(meta);
      } else if (meta.keyOptions.type !== 'uuid') {
        const before = meta.keys.last;
        meta.keys.observe(key);
        if (meta.keys.last !== before) this.#collections.touchKeys(meta);
      }
      const fresh = this.#tryInsert(region, meta, key, doc);
      if (fresh) return fresh;
      // A live document holds the key.
      const mode = opts.overwriteMode;
      if (mode === undefined || mode === 'conflict') throw uniqueViolation(meta.name);
      const row = this.#existing(region, meta, key);
      if (mode === 'ignore') return { id: `${meta.name}/${key}`, key, rev: row.rev, ignored: true };
      if (mode === 'update') return this.#update(region, meta, key, row, doc, opts);
      return this.#put(region, meta, key, row, doc, opts);
    });
  }

  replace(region: string, meta: CollectionMeta, key: string, input: unknown, opts: DocWriteOptions = {}): WriteOutcome {
    const doc = asDocument(input);
    if (!isValidKey(key)) throw illegalKey();
    checkEdge(meta, doc, true);
    return this.tx(() => this.#put(region, meta, key, this.#existing(region, meta, key), doc, opts));
  }

  update(region: string, meta: CollectionMeta, key: string, input: unknown, opts: DocWriteOptions = {}): WriteOutcome {
    const patch = asDocument(input);
    if (!isValidKey(key)) throw illegalKey();
    checkEdge(meta, patch, false);
    return this.tx(() => this.#update(region, meta, key, this.#existing(region, meta, key), patch, opts));
  }

  remove(region: string, meta: CollectionMeta, key: string, opts: DocWriteOptions & { readonly expectRev?: string | undefined } = {}): WriteOutcome {
    if (!isValidKey(key)) throw illegalKey();
    return this.tx(() => {
      const row = this.#existing(region, meta, key);
      this.#checkRev(meta, key, row, opts, opts.expectRev);
      const t = this.#network.stamp(region);
      const state = applyDelta(stateOf(row), removeDelta(t)).state;
      this.#write(region, meta, key, null, revOf(t), t, state, true);
      this.#log(region, meta, key, 'remove', null, t);
      const old = JSON.parse(row.body!) as JsonObject;
      return { id: `${meta.name}/${key}`, key, rev: row.rev, oldRev: row.rev, old };
    });
  }

  // ---- replication source ----

  pending(origin: string, dest: string, after: number, limit: number): readonly OutboxRow[] {
    return this.#outbox.pending(origin, dest, after, limit);
  }

  countPending(origin: string, dest: string, after: number): number {
    return this.#outbox.countPending(origin, dest, after);
  }

  /** Merges one replicated write into `dest`'s replica; returns the conflicts resolved. */
  apply(dest: string, e: OutboxRow): number {
    this.#network.observe(dest, e.t);
    const meta = this.#collections.find(e.fabric, e.coll, dest);
    if (!meta) return 0; // dropped since
    // Fast path: a new document arrives as the origin stored it (same version, same _rev).
    if (e.op === 'put' && this.#stmt.addIfMissing.run(dest, e.fabric, e.coll, e.key, e.payload, revOf(e.t), e.t).changes === 1) return 0;
    const row = this.#stmt.get.get(dest, e.fabric, e.coll, e.key);
    const delta: DocState =
      e.op === 'put' ? putDelta(e.t, JSON.parse(e.payload!) as JsonObject)
        : e.op === 'update' ? (JSON.parse(e.payload!) as DocState)
          : removeDelta(e.t);
    const merged = applyDelta(row ? stateOf(row) : undefined, delta);
    if (!merged.changed) return merged.conflicts;
    const version = versionOf(merged.state);
    const rev = revOf(version);
    const visible = materialize(merged.state);
    const body = visible === undefined ? null : JSON.stringify(withSystem(meta, e.key, rev, visible));
    this.#write(dest, meta, e.key, body, rev, version, merged.state, false);
    return merged.conflicts;
  }

  // ---- internals ----

  #existing(region: string, meta: CollectionMeta, key: string): DocRow {
    const row = this.#stmt.get.get(region, meta.fabric, meta.name, key);
    if (!row || row.body === null) throw documentNotFound();
    return row;
  }

  #checkRev(meta: CollectionMeta, key: string, row: DocRow, opts: DocWriteOptions, bodyRev: unknown): void {
    const want = opts.ifMatch ?? (opts.ignoreRevs === false && typeof bodyRev === 'string' ? bodyRev : undefined);
    if (want !== undefined && want !== row.rev) {
      throw new GdnError(412, ErrorNum.CONFLICT, 'precondition failed', { _id: `${meta.name}/${key}`, _key: key, _rev: row.rev });
    }
  }

  /** Insert or replace: the document becomes exactly `doc` (minus system attributes). */
  #put(region: string, meta: CollectionMeta, key: string, row: DocRow | undefined, doc: JsonObject, opts: DocWriteOptions): WriteOutcome {
    const live = row && row.body !== null ? row : undefined;
    if (live) this.#checkRev(meta, key, live, opts, doc._rev);
    const t = this.#network.stamp(region);
    const rev = revOf(t);
    const stored = withSystem(meta, key, rev, doc);
    const body = JSON.stringify(stored);
    // A fresh stamp is newer than every register the replica holds: the state is uniform.
    this.#stmt.put.run(region, meta.fabric, meta.name, key, body, rev, t, null);
    this.#log(region, meta, key, 'put', body, t);
    const id = `${meta.name}/${key}`;
    if (!live) return { id, key, rev, new: stored };
    return { id, key, rev, oldRev: live.rev, new: stored, old: JSON.parse(live.body!) as JsonObject };
  }

  /** Writes a new document unless a live one holds the key (then undefined, nothing written). */
  #tryInsert(region: string, meta: CollectionMeta, key: string, doc: JsonObject): WriteOutcome | undefined {
    const t = this.#network.stamp(region);
    const rev = revOf(t);
    const body = storedText(meta, key, rev, doc);
    if (this.#stmt.putIfAbsent.run(region, meta.fabric, meta.name, key, body, rev, t).changes === 0) return undefined;
    this.#log(region, meta, key, 'put', body, t);
    // The stored document is built only if asked for (returnNew, C8QL NEW): a bulk insert never does.
    let stored: JsonObject | undefined;
    return {
      id: `${meta.name}/${key}`,
      key,
      rev,
      get new(): JsonObject {
        stored ??= JSON.parse(body) as JsonObject;
        return stored;
      },
    };
  }

  #update(region: string, meta: CollectionMeta, key: string, row: DocRow, patch: JsonObject, opts: DocWriteOptions): WriteOutcome {
    this.#checkRev(meta, key, row, opts, patch._rev);
    const old = JSON.parse(row.body!) as JsonObject;
    const before = userPart(old);
    const after = applyPatch(before, patch, opts.keepNull ?? true, opts.mergeObjects ?? true);
    const id = `${meta.name}/${key}`;
    const t = this.#network.stamp(region);
    const delta = updateDelta(t, before, after);
    if (Object.keys(delta.fields).length === 0) {
      // Nothing changed: nothing is written or replicated, and `_rev` stays (our choice).
      return { id, key, rev: row.rev, oldRev: row.rev, new: old, old };
    }
    const state = applyDelta(stateOf(row), delta).state;
    const rev = revOf(t);
    const stored = withSystem(meta, key, rev, after);
    this.#write(region, meta, key, JSON.stringify(stored), rev, t, state, false);
    this.#log(region, meta, key, 'update', JSON.stringify(delta), t);
    return { id, key, rev, oldRev: row.rev, new: stored, old };
  }

  /** destsOf, remembered per fabric region list (the fabric cache keeps one array per fabric version). */
  #destsOf(region: string, dcList: readonly string[]): string {
    let byRegion = this.#dests.get(dcList);
    if (!byRegion) {
      byRegion = new Map();
      this.#dests.set(dcList, byRegion);
    }
    let dests = byRegion.get(region);
    if (dests === undefined) {
      dests = destsOf(region, dcList);
      byRegion.set(region, dests);
    }
    return dests;
  }

  /** Writes the pending no-destination rows (of `origin` only, when given). */
  #flushMarks(origin?: string): void {
    for (const [region, row] of this.#marks) {
      if (origin !== undefined && region !== origin) continue;
      this.#outbox.append(...row);
      this.#marks.delete(region);
    }
  }

  #write(region: string, meta: CollectionMeta, key: string, body: string | null, rev: string, hlc: string, state: DocState, knownUniform: boolean): void {
    const uniform = knownUniform || isUniform(state, hlc, body === null);
    this.#stmt.put.run(region, meta.fabric, meta.name, key, body, rev, hlc, uniform ? null : JSON.stringify(state));
  }

  #log(region: string, meta: CollectionMeta, key: string, op: OutboxOp, payload: string | null, t: string): void {
    const dcList = meta.isLocal ? NO_REGIONS : (this.#fabrics.get(meta.fabric)?.dcList ?? NO_REGIONS);
    const dests = this.#destsOf(region, dcList);
    if (dests === '' && this.#ownTx) {
      // Only the newest survives: keep the arguments, not a row per document.
      const mark = this.#marks.get(region);
      if (mark) {
        mark[2] = meta.fabric;
        mark[3] = meta.name;
        mark[4] = key;
        mark[5] = op;
        mark[6] = payload;
        mark[7] = t;
        mark[8] = this.#base.clock.now();
      } else this.#marks.set(region, [region, '', meta.fabric, meta.name, key, op, payload, t, this.#base.clock.now()]);
      return;
    }
    const row: Parameters<Outbox['append']> = [region, dests, meta.fabric, meta.name, key, op, payload, t, this.#base.clock.now()];
    // Rows of one origin keep commit order = timestamp order: an earlier mark goes first.
    if (this.#marks.size > 0) this.#flushMarks(region);
    this.#outbox.append(...row);
    if (dests === '') return;
    const id = `${region}|${dests}`;
    const c = this.#committed.get(id);
    if (c) c.count++;
    else this.#committed.set(id, { origin: region, dests: dests.slice(1, -1).split(','), count: 1 });
  }

}

function asDocument(input: unknown): JsonObject {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidDocument();
  return input as JsonObject;
}

function checkEdge(meta: CollectionMeta, doc: JsonObject, required: boolean): void {
  if (meta.type !== 3) return;
  for (const f of ['_from', '_to']) {
    const v = doc[f];
    if (v === undefined && !required) continue;
    if (typeof v !== 'string' || !HANDLE.test(v)) throw edgeMissing();
  }
}

/**
 * The stored text of withSystem(meta, key, rev, doc), without building that object when `doc`
 * has no system attribute (the usual bulk-insert document): the system attributes are
 * written in front of the document's own serialisation.
 */
function storedText(meta: CollectionMeta, key: string, rev: string, doc: Readonly<JsonObject>): string {
  for (const k of SYSTEM_KEYS) if (Object.hasOwn(doc, k)) return JSON.stringify(withSystem(meta, key, rev, doc));
  const own = JSON.stringify(doc);
  const head = `{"_key":${JSON.stringify(key)},"_id":${JSON.stringify(`${meta.name}/${key}`)},"_rev":${JSON.stringify(rev)}`;
  return own === '{}' ? `${head}}` : `${head},${own.slice(1)}`;
}

/** `_key`, `_id`, `_rev` first, then the user attributes (system ones in `doc` ignored). */
function withSystem(meta: CollectionMeta, key: string, rev: string, doc: Readonly<JsonObject>): JsonObject {
  const out: JsonObject = { _key: key, _id: `${meta.name}/${key}`, _rev: rev };
  for (const [k, v] of Object.entries(doc)) if (!SYSTEM_KEYS.has(k) && v !== undefined) out[k] = v;
  return out;
}

function userPart(doc: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(doc)) if (!SYSTEM_KEYS.has(k)) out[k] = v;
  return out;
}

function stateOf(row: DocRow): DocState {
  if (row.state !== null) return JSON.parse(row.state) as DocState;
  return row.body === null ? removeDelta(row.hlc) : putDelta(row.hlc, JSON.parse(row.body) as JsonObject);
}

function isUniform(state: DocState, hlc: string, deleted: boolean): boolean {
  const reset = state.reset;
  if (!reset || reset.t !== hlc || reset.live === deleted) return false;
  for (const r of Object.values(state.fields)) if (r.t !== hlc || !Object.hasOwn(r, 'v')) return false;
  return !deleted || Object.keys(state.fields).length === 0;
}
