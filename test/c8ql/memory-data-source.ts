// A small in-memory DataSource for engine unit tests: documents per collection in a Map,
// `_key` order scans, copy-on-transaction rollback, and call counters so tests can
// check that primary-key lookups avoid scans.
import type { CollectionInfo, DataSource, WriteOptions, WriteResult } from '../../src/emulator/c8ql/data-source.js';
import { QueryError, type Doc } from '../../src/emulator/c8ql/types.js';

export class MemoryDataSource implements DataSource {
  private collections = new Map<string, Map<string, Doc>>();
  private nextKey = 1;
  scans = 0;
  gets = 0;

  constructor(data: Record<string, readonly Doc[]> = {}) {
    for (const [name, docs] of Object.entries(data)) {
      const m = new Map<string, Doc>();
      for (const d of docs) {
        const key = typeof d._key === 'string' ? d._key : String(this.nextKey++);
        m.set(key, { ...d, _key: key, _id: `${name}/${key}` });
      }
      this.collections.set(name, m);
    }
  }

  collection(name: string): CollectionInfo | undefined {
    return this.collections.has(name) ? { name, type: 'document', isSpot: false, isLocal: false } : undefined;
  }

  private docs(name: string): Map<string, Doc> {
    const m = this.collections.get(name);
    if (!m) throw new QueryError(404, 1203, `collection or view not found: ${name}`);
    return m;
  }

  scan(collection: string, afterKey: string | undefined, limit: number): readonly Doc[] {
    this.scans++;
    const keys = [...this.docs(collection).keys()].sort().filter((k) => afterKey === undefined || k > afterKey);
    return keys.slice(0, limit).map((k) => this.docs(collection).get(k) as Doc);
  }

  get(collection: string, key: string): Doc | undefined {
    this.gets++;
    return this.docs(collection).get(key);
  }

  count(collection: string): number {
    return this.docs(collection).size;
  }

  insert(collection: string, doc: Doc, opts: WriteOptions): WriteResult {
    const m = this.docs(collection);
    const key = typeof doc._key === 'string' ? doc._key : String(this.nextKey++);
    const old = m.get(key);
    if (old && opts.overwriteMode !== 'replace') throw new QueryError(409, 1210, 'unique constraint violated');
    const stored = { ...doc, _key: key, _id: `${collection}/${key}` };
    m.set(key, stored);
    return { new: stored, old: old ?? null };
  }

  update(collection: string, key: string, patch: Doc, opts: WriteOptions): WriteResult {
    const m = this.docs(collection);
    const old = m.get(key);
    if (!old) throw new QueryError(404, 1202, 'document not found');
    const merged: Record<string, unknown> = { ...old, ...patch, _key: key, _id: old._id };
    if (opts.keepNull === false) for (const k of Object.keys(patch)) if (patch[k] === null) delete merged[k];
    m.set(key, merged as Doc);
    return { new: merged as Doc, old };
  }

  replace(collection: string, key: string, doc: Doc): WriteResult {
    const m = this.docs(collection);
    const old = m.get(key);
    if (!old) throw new QueryError(404, 1202, 'document not found');
    const stored: Doc = { ...doc, _key: key, _id: old._id ?? `${collection}/${key}` };
    m.set(key, stored);
    return { new: stored, old };
  }

  remove(collection: string, key: string): WriteResult {
    const m = this.docs(collection);
    const old = m.get(key);
    if (!old) throw new QueryError(404, 1202, 'document not found');
    m.delete(key);
    return { new: null, old };
  }

  transaction<T>(fn: () => T): T {
    const saved = new Map([...this.collections].map(([k, v]) => [k, new Map(v)]));
    try {
      return fn();
    } catch (e) {
      this.collections = saved;
      throw e;
    }
  }
}
