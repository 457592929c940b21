// Unit tests of the collection/document stores over a real in-memory core: replicas,
// outbox atomicity, key generators, revisions, update semantics.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type EmulatorCore } from '../../src/emulator/core.js';
import { GdnError } from '../../src/emulator/errors.js';
import { resolveOptions } from '../../src/emulator/options.js';
import type { CollectionMeta } from '../../src/emulator/store/collection-store.js';
import { isValidKey, KeyGenerator, parseKeyOptions } from '../../src/emulator/store/keys.js';
import { applyPatch } from '../../src/emulator/store/patch.js';
import { ManualClock } from '../../src/emulator/clock.js';
import { QueryError } from '../../src/emulator/c8ql/types.js';
import { createQueryDataSource } from '../../src/emulator/store/query-data-source.js';

const REGIONS = ['us-east', 'eu-west', 'ap-south'];
let core: EmulatorCore | undefined;
const dirs: string[] = [];

function open(dataDir?: string): EmulatorCore {
  core = createCore(resolveOptions({ port: 0, latencyScale: 0, seed: 7, regions: REGIONS, clock: new ManualClock(),
    ...(dataDir ? { dataDir } : { inMemory: true }) }));
  return core;
}

function coll(c: EmulatorCore, name = 'c', extra: Partial<Parameters<EmulatorCore['collections']['create']>[2]> = {}): CollectionMeta {
  return c.collections.create('_system', 'us-east', {
    name, type: 2, isSpot: false, isLocal: false, keyOptions: parseKeyOptions(undefined), waitForSync: false, hasStream: false, ...extra,
  });
}

const outboxCount = (c: EmulatorCore): number => (c.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

async function settle(c: EmulatorCore): Promise<void> {
  for (let i = 0; i < 50 && c.network.stats().replication?.streams.some((s) => s.backlog > 0); i++) {
    (c.clock as ManualClock).advance(1000);
    await new Promise((r) => setImmediate(r));
  }
  await c.network.replicator!.idle();
}

afterEach(async () => {
  await core?.close();
  core = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('document store', () => {
  it('writes the executing replica with its outbox row, then every other replica', async () => {
    const c = open();
    const m = coll(c);
    const w = c.documents.insert('us-east', m, { _key: 'a', v: 1 });
    expect(w).toMatchObject({ id: 'c/a', key: 'a', new: { _key: 'a', _id: 'c/a', _rev: w.rev, v: 1 } });
    expect(outboxCount(c)).toBe(1);
    await settle(c);
    for (const r of REGIONS) expect(c.documents.get(r, m, 'a')).toEqual({ _key: 'a', _id: 'c/a', _rev: w.rev, v: 1 });
    const u = c.documents.update('eu-west', m, 'a', { w: 2, v: null }, { keepNull: false });
    expect(u.oldRev).toBe(w.rev);
    expect(u.rev > w.rev).toBe(true);
    await settle(c);
    for (const r of REGIONS) expect(c.documents.get(r, m, 'a')).toEqual({ _key: 'a', _id: 'c/a', _rev: u.rev, w: 2 });
    c.documents.remove('ap-south', m, 'a');
    await settle(c);
    for (const r of REGIONS) expect(c.documents.get(r, m, 'a')).toBeUndefined();
  });

  it('a failing write leaves neither the document nor an outbox row', () => {
    const c = open();
    const m = coll(c);
    c.documents.insert('us-east', m, { _key: 'a' });
    const before = outboxCount(c);
    expect(() => c.documents.tx(() => {
      c.documents.insert('us-east', m, { _key: 'b' });
      c.documents.insert('us-east', m, { _key: 'a' });
    })).toThrow(GdnError);
    expect(c.documents.get('us-east', m, 'b')).toBeUndefined();
    expect(outboxCount(c)).toBe(before);
  });

  it('rejects duplicates, bad keys, non-objects and edges without _from/_to', () => {
    const c = open();
    const m = coll(c);
    const e = coll(c, 'e', { type: 3 });
    c.documents.insert('us-east', m, { _key: 'a' });
    const num = (fn: () => unknown): number => {
      try {
        fn();
      } catch (err) {
        return (err as GdnError).errorNum;
      }
      return 0;
    };
    expect(num(() => c.documents.insert('us-east', m, { _key: 'a' }))).toBe(1210);
    expect(num(() => c.documents.insert('us-east', m, { _key: 'a b' }))).toBe(1221);
    expect(num(() => c.documents.insert('us-east', m, { _key: 5 }))).toBe(1221);
    expect(num(() => c.documents.insert('us-east', m, [1]))).toBe(1227);
    expect(num(() => c.documents.insert('us-east', e, { _from: 'c/a' }))).toBe(1233);
    expect(num(() => c.documents.update('us-east', m, 'zz', {}))).toBe(1202);
    expect(num(() => c.documents.replace('us-east', m, 'a', {}, { ifMatch: '_nope' }))).toBe(1200);
    expect(c.documents.insert('us-east', e, { _from: 'c/a', _to: 'c/b' }).key).toBe('1');
  });

  it('overwrite modes', () => {
    const c = open();
    const m = coll(c);
    const a = c.documents.insert('us-east', m, { _key: 'a', x: 1, o: { p: 1 } });
    expect(c.documents.insert('us-east', m, { _key: 'a', x: 9 }, { overwriteMode: 'ignore' })).toMatchObject({ ignored: true, rev: a.rev });
    c.documents.insert('us-east', m, { _key: 'a', o: { q: 2 } }, { overwriteMode: 'update' });
    expect(c.documents.get('us-east', m, 'a')).toMatchObject({ x: 1, o: { p: 1, q: 2 } });
    const r = c.documents.insert('us-east', m, { _key: 'a', y: 2 }, { overwriteMode: 'replace' });
    expect(r.oldRev).toBeDefined();
    expect(c.documents.get('us-east', m, 'a')).toEqual({ _key: 'a', _id: 'c/a', _rev: r.rev, y: 2 });
  });

  it('local collections have one replica and never replicate', async () => {
    const c = open();
    const m = coll(c, 'l', { isLocal: true });
    c.documents.insert('us-east', m, { _key: 'a' });
    await settle(c);
    expect(c.collections.find('_system', 'l', 'eu-west')).toBeUndefined();
    expect(c.documents.count('us-east', m)).toBe(1);
    expect(c.documents.count('eu-west', m)).toBe(0);
  });

  it('scans in key order in chunks, skips tombstones; counts', () => {
    const c = open();
    const m = coll(c);
    for (const k of ['b', 'a', 'd', 'c']) c.documents.insert('us-east', m, { _key: k });
    c.documents.remove('us-east', m, 'c');
    const first = c.documents.scanRaw('us-east', m, undefined, 2).map((s) => (JSON.parse(s) as { _key: string })._key);
    expect(first).toEqual(['a', 'b']);
    expect(c.documents.scanRaw('us-east', m, 'b', 10).map((s) => (JSON.parse(s) as { _key: string })._key)).toEqual(['d']);
    expect(c.documents.count('us-east', m)).toBe(3);
  });

  it('data, key counters and revisions survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8spot-store-'));
    dirs.push(dir);
    let c = open(dir);
    const m = coll(c);
    const a = c.documents.insert('us-east', m, { v: 1 });
    await settle(c);
    await c.close();
    c = open(dir);
    const m2 = c.collections.require('_system', 'c', 'us-east');
    expect(c.documents.get('eu-west', m2, a.key)).toMatchObject({ v: 1, _rev: a.rev });
    const b = c.documents.insert('us-east', m2, { v: 2 });
    expect(Number(b.key)).toBeGreaterThan(Number(a.key));
    expect(b.rev > a.rev).toBe(true);
  });

  it('prunes delivered outbox rows (keeping the newest per origin) and keeps undelivered ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8spot-prune-'));
    dirs.push(dir);
    let c = open(dir);
    const m = coll(c);
    c.documents.insert('us-east', m, { _key: 'a' });
    c.documents.insert('us-east', m, { _key: 'b' });
    await settle(c);
    c.network.faults.partition([['eu-west']]);
    c.documents.insert('eu-west', m, { _key: 'c' });
    c.documents.insert('eu-west', m, { _key: 'd' });
    await c.close();
    c = open(dir);
    const rows = c.db.prepare('SELECT origin, key FROM outbox ORDER BY seq').all();
    expect(rows).toEqual([{ origin: 'us-east', key: 'b' }, { origin: 'eu-west', key: 'c' }, { origin: 'eu-west', key: 'd' }]);
    await settle(c);
    const m2 = c.collections.require('_system', 'c', 'ap-south');
    expect(c.documents.count('ap-south', m2)).toBe(4);
  });

  it('truncate and drop remove every replica and outbox row', async () => {
    const c = open();
    const m = coll(c);
    c.documents.insert('us-east', m, { _key: 'a' });
    await settle(c);
    c.collections.truncate(m);
    for (const r of REGIONS) expect(c.documents.count(r, m)).toBe(0);
    c.documents.insert('us-east', m, { _key: 'b' });
    c.collections.drop(m);
    expect(outboxCount(c)).toBe(0);
    expect(c.collections.find('_system', 'c', 'us-east')).toBeUndefined();
  });
});

describe('query data source', () => {
  it('reads, writes with store semantics, throws QueryError, and rolls back a failed transaction', async () => {
    const c = open();
    const m = coll(c);
    const ds = createQueryDataSource(c, 'us-east', '_system');
    expect(ds.collection('c')).toEqual({ name: 'c', type: 'document', isSpot: false, isLocal: false });
    expect(ds.collection('nope')).toBeUndefined();
    ds.transaction(() => {
      for (let i = 0; i < 5; i++) ds.insert('c', { _key: `k${i}`, i }, {});
    });
    expect(ds.count('c')).toBe(5);
    expect(ds.scan('c', 'k2', 2).map((d) => d._key)).toEqual(['k3', 'k4']);
    expect(ds.get('c', 'k1')).toMatchObject({ _id: 'c/k1', i: 1 });
    const u = ds.update('c', 'k1', { j: 2 }, {});
    expect(u.old).toMatchObject({ i: 1 });
    expect(u.new).toMatchObject({ i: 1, j: 2 });
    expect(ds.insert('c', { _key: 'k1', z: 1 }, { overwriteMode: 'replace' }).new).toMatchObject({ z: 1 });
    expect(ds.remove('c', 'k0', {}).new).toBeNull();
    let err: unknown;
    try {
      ds.transaction(() => {
        ds.insert('c', { _key: 'new' }, {});
        ds.insert('c', { _key: 'k2' }, {});
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QueryError);
    expect(err).toMatchObject({ errorNum: 1210, status: 409 });
    expect(ds.get('c', 'new')).toBeUndefined();
    expect(() => ds.scan('nope', undefined, 1)).toThrow(expect.objectContaining({ errorNum: 1203 }));
    await settle(c);
    expect(c.documents.count('eu-west', m)).toBe(4);
  });
});

describe('keys and patches', () => {
  it('validates keys per ArangoDB rules', () => {
    expect(isValidKey('a-b_c:d.e@f(g)+h,i=j;k$l!m*n\'o%p')).toBe(true);
    for (const bad of ['', 'a/b', 'a b', 'ä', 'x'.repeat(255), 5]) expect(isValidKey(bad)).toBe(false);
    expect(isValidKey('x'.repeat(254))).toBe(true);
  });

  it('generators: traditional, autoincrement, padded, uuid', () => {
    const r = (): number => 0.5;
    const t = new KeyGenerator(parseKeyOptions({}), 0, r);
    expect([t.next(), t.next()]).toEqual(['1', '2']);
    t.observe('10');
    expect(t.next()).toBe('11');
    const a = new KeyGenerator(parseKeyOptions({ type: 'autoincrement', increment: 5, offset: 3 }), 0, r);
    expect([a.next(), a.next(), a.next()]).toEqual(['3', '8', '13']);
    const p = new KeyGenerator(parseKeyOptions({ type: 'padded' }), 0, r);
    expect(p.next()).toBe('0000000000000001');
    expect(new KeyGenerator(parseKeyOptions({ type: 'uuid' }), 0, r).next()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(() => parseKeyOptions({ type: 'nope' })).toThrow(GdnError);
  });

  it('keepNull and mergeObjects', () => {
    const old = { a: 1, o: { x: 1, y: 2 } };
    expect(applyPatch(old, { a: null, o: { y: null, z: 3 } }, false, true)).toEqual({ o: { x: 1, z: 3 } });
    expect(applyPatch(old, { a: null, o: { z: 3 } }, true, false)).toEqual({ a: null, o: { z: 3 } });
    expect(applyPatch(old, { _key: 'no', _rev: 'no' }, true, true)).toEqual(old);
  });
});

describe('revisions', () => {
  it('are ordered like their HLC timestamps and name the region', async () => {
    const { revOf } = await import('../../src/emulator/store/revs.js');
    const { encodeHlc } = await import('../../src/emulator/regions/hlc.js');
    const a = revOf(encodeHlc({ wall: 1_700_000_000_000, counter: 5, node: 'us-east' }));
    const b = revOf(encodeHlc({ wall: 1_700_000_000_000, counter: 6, node: 'eu-west' }));
    const c = revOf(encodeHlc({ wall: 1_700_000_000_001, counter: 0, node: 'eu-west' }));
    expect(a < b && b < c).toBe(true);
    expect(a).toMatch(/^_[0-9a-z]{13}~us-east$/);
    expect(() => revOf('nope')).toThrow();
  });
});
