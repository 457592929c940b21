// Documents over raw HTTP against an in-process emulator: statuses, shapes, options,
// batch order, preconditions, key generators, access checks, spot routing and restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;
const D = '/_fabric/_system/_api/document';
const DUP = "Each document in a collection must have a unique key, and the provided one is already used in collection 'docs'.";

beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west'] });
  c = api(emu);
  for (const body of [{ name: 'docs' }, { name: 'edges', type: 3 }, { name: 'spot', isSpot: true }, { name: 'uu', keyOptions: { type: 'uuid' } },
    { name: 'pad', keyOptions: { type: 'padded' } }, { name: 'auto', keyOptions: { type: 'autoincrement', increment: 10, offset: 5 } },
    { name: 'nokeys', keyOptions: { allowUserKeys: false } }, { name: 'sync', waitForSync: true }]) {
    expect((await c.post('/_fabric/_system/_api/collection', body)).status).toBe(200);
  }
});
afterAll(() => emu.close());

describe('insert', () => {
  it('one: 202 {_id,_key,_rev}; returnNew; waitForSync 201; silent 202 {}', async () => {
    const r = await c.post(`${D}/docs`, { _key: 'a', v: 1 });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ _id: 'docs/a', _key: 'a', _rev: expect.stringMatching(/^_/) });
    const n = await c.post(`${D}/docs?returnNew=true&waitForSync=1`, { _key: 'b', v: 2 });
    expect(n.status).toBe(201);
    expect(n.body.new).toEqual({ _id: 'docs/b', _key: 'b', _rev: n.body._rev, v: 2 });
    const s = await c.post(`${D}/docs?silent=true`, [{ v: 3 }, { v: 4 }]);
    expect([s.status, s.body]).toEqual([202, {}]);
    expect((await c.post(`${D}/sync`, {})).status).toBe(201);
  });

  it('duplicate 409/1210 verbatim; edge without _from/_to 400/1233; unknown collection 404/1203', async () => {
    const d = await c.post(`${D}/docs`, { _key: 'a' });
    expect(d.status).toBe(409);
    expect(d.body).toEqual({ error: true, code: 409, errorNum: 1210, errorMessage: DUP });
    const e = await c.post(`${D}/edges`, { _from: 'docs/a' });
    expect([e.status, e.body.errorNum]).toEqual([400, 1233]);
    expect((await c.post(`${D}/edges`, { _from: 'docs/a', _to: 'docs/b' })).status).toBe(202);
    const u = await c.post(`${D}/nope`, {});
    expect([u.status, u.body.errorNum]).toEqual([404, 1203]);
    const k = await c.post(`${D}/nokeys`, { _key: 'x' });
    expect([k.status, k.body.errorNum]).toEqual([400, 1222]);
  });

  it('many: 202 array in input order with per-item errors (no code)', async () => {
    const r = await c.post(`${D}/docs`, [{ _key: 'm1' }, { _key: 'a' }, 5, { _key: 'bad key' }, { _key: 'm2' }]);
    expect(r.status).toBe(202);
    expect(r.body).toHaveLength(5);
    expect(r.body[0]).toMatchObject({ _key: 'm1', _id: 'docs/m1' });
    expect(r.body[1]).toEqual({ error: true, errorNum: 1210, errorMessage: DUP });
    expect(r.body[2]).toEqual({ error: true, errorNum: 1227, errorMessage: 'invalid document type' });
    expect(r.body[3]).toEqual({ error: true, errorNum: 1221, errorMessage: 'illegal document key' });
    expect(r.body[4]).toMatchObject({ _key: 'm2' });
  });

  it('overwrite / overwriteMode ignore|replace|update|conflict', async () => {
    await c.post(`${D}/docs`, { _key: 'o', a: 1, n: { x: 1 } });
    const ig = await c.post(`${D}/docs?overwriteMode=ignore`, { _key: 'o', a: 2 });
    expect(ig.body).not.toHaveProperty('_oldRev');
    const up = await c.post(`${D}/docs?overwriteMode=update&returnOld=true&returnNew=true`, { _key: 'o', n: { y: 2 } });
    expect(up.body).toMatchObject({ _oldRev: ig.body._rev, old: { a: 1 }, new: { a: 1, n: { x: 1, y: 2 } } });
    const rp = await c.post(`${D}/docs?overwrite=true&returnNew=1`, { _key: 'o', b: 1 });
    expect(rp.body.new).toEqual({ _id: 'docs/o', _key: 'o', _rev: rp.body._rev, b: 1 });
    expect(rp.body._oldRev).toBe(up.body._rev);
    const cf = await c.post(`${D}/docs?overwriteMode=conflict`, { _key: 'o' });
    expect(cf.body.errorNum).toBe(1210);
    expect((await c.post(`${D}/docs?overwriteMode=bogus`, { _key: 'o' })).status).toBe(400);
  });

  it('key generators: traditional increasing numeric strings, autoincrement, padded, uuid', async () => {
    const t = await c.post(`${D}/docs`, [{}, {}, {}]);
    const keys = t.body.map((x: { _key: string }) => Number(x._key));
    expect(keys.every((k: number) => Number.isInteger(k))).toBe(true);
    expect(keys[1]).toBeGreaterThan(keys[0]);
    expect(keys[2]).toBeGreaterThan(keys[1]);
    const a = await c.post(`${D}/auto`, [{}, {}]);
    expect(a.body.map((x: { _key: string }) => x._key)).toEqual(['5', '15']);
    expect((await c.post(`${D}/pad`, {})).body._key).toBe('0000000000000001');
    expect((await c.post(`${D}/uu`, {})).body._key).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('keys in paths', () => {
  it('keys with every allowed punctuation character round-trip through the URL', async () => {
    const key = "a-b_c:d.e@f(g)+h,i=j;k$l!m*n'o%p";
    const w = await c.post(`${D}/docs`, { _key: key });
    expect(w.body._key).toBe(key);
    const g = await c.get(`${D}/docs/${encodeURIComponent(key)}`);
    expect(g.body._id).toBe(`docs/${key}`);
    expect((await c.delete(`${D}/docs/${encodeURIComponent(key)}`)).status).toBe(202);
  });
});

describe('read', () => {
  it('GET raw document, HEAD, If-None-Match 304, If-Match 412 with _id,_key,_rev, missing 404/1202', async () => {
    const w = await c.post(`${D}/docs`, { _key: 'r', v: 1 });
    const g = await c.get(`${D}/docs/r`);
    expect(g.status).toBe(200);
    expect(g.body).toEqual({ _key: 'r', _id: 'docs/r', _rev: w.body._rev, v: 1 });
    expect(g.headers['x-gdn-region']).toBe('us-east');
    expect((await c.request('HEAD', `${D}/docs/r`)).status).toBe(200);
    expect((await c.request('HEAD', `${D}/docs/zz`)).status).toBe(404);
    const nm = await c.get(`${D}/docs/r`, { headers: { 'if-none-match': w.body._rev } });
    expect([nm.status, nm.text]).toEqual([304, '']);
    const pm = await c.get(`${D}/docs/r`, { headers: { 'if-match': '_other' } });
    expect(pm.status).toBe(412);
    expect(pm.body).toEqual({ error: true, code: 412, errorNum: 1200, errorMessage: 'precondition failed', _id: 'docs/r', _key: 'r', _rev: w.body._rev });
    const m = await c.get(`${D}/docs/zz`);
    expect(m.body).toEqual({ error: true, code: 404, errorNum: 1202, errorMessage: 'document not found' });
  });
});

describe('replace / update / remove', () => {
  it('one: _oldRev always present; keepNull and mergeObjects; If-Match 412', async () => {
    const w = await c.post(`${D}/docs`, { _key: 'u', a: 1, o: { x: 1 } });
    const u = await c.patch(`${D}/docs/u?keepNull=false&mergeObjects=false&returnNew=true`, { a: null, o: { y: 2 } });
    expect(u.status).toBe(202);
    expect(u.body).toMatchObject({ _id: 'docs/u', _key: 'u', _oldRev: w.body._rev, new: { o: { y: 2 } } });
    expect(u.body.new).not.toHaveProperty('a');
    const r = await c.put(`${D}/docs/u?returnOld=1`, { z: 1 });
    expect(r.body).toMatchObject({ _oldRev: u.body._rev, old: { o: { y: 2 } } });
    expect(await c.get(`${D}/docs/u`).then((x) => x.body)).toEqual({ _key: 'u', _id: 'docs/u', _rev: r.body._rev, z: 1 });
    const pf = await c.put(`${D}/docs/u`, { z: 2 }, { headers: { 'if-match': w.body._rev } });
    expect(pf.body).toEqual({ error: true, code: 412, errorNum: 1200, errorMessage: 'precondition failed', _id: 'docs/u', _key: 'u', _rev: r.body._rev });
    const ok = await c.put(`${D}/docs/u`, { z: 2 }, { headers: { 'if-match': r.body._rev } });
    expect(ok.status).toBe(202);
    const nf = await c.patch(`${D}/docs/none`, { a: 1 });
    expect([nf.status, nf.body.errorNum]).toEqual([404, 1202]);
    const d = await c.delete(`${D}/docs/u?returnOld=true`);
    expect(d.body).toEqual({ _id: 'docs/u', _key: 'u', _rev: ok.body._rev, old: { _key: 'u', _id: 'docs/u', _rev: ok.body._rev, z: 2 } });
    expect((await c.delete(`${D}/docs/u`)).body.errorNum).toBe(1202);
  });

  it('many: replace/update by _key or _id with per-item errors, ignoreRevs=false conflicts', async () => {
    const ins = await c.post(`${D}/docs`, [{ _key: 'p1', v: 1 }, { _key: 'p2', v: 2 }]);
    const up = await c.patch(`${D}/docs`, [{ _key: 'p1', w: 1 }, { _id: 'docs/p2', w: 2 }, { _key: 'nope' }, 'x', { v: 1 }]);
    expect(up.status).toBe(202);
    expect(up.body[0]).toMatchObject({ _key: 'p1', _oldRev: ins.body[0]._rev });
    expect(up.body[1]).toMatchObject({ _key: 'p2', _oldRev: ins.body[1]._rev });
    expect(up.body[2]).toEqual({ error: true, errorNum: 1202, errorMessage: 'document not found' });
    expect(up.body[3]).toEqual({ error: true, errorNum: 1227, errorMessage: 'invalid document type' });
    expect(up.body[4]).toEqual({ error: true, errorNum: 1221, errorMessage: 'illegal document key' });
    const rp = await c.put(`${D}/docs?ignoreRevs=false`, [{ _key: 'p1', _rev: 'stale', v: 9 }, { _key: 'p2', _rev: up.body[1]._rev, v: 9 }]);
    expect(rp.body[0]).toEqual({ error: true, errorNum: 1200, errorMessage: 'conflict' });
    expect(rp.body[1]).toMatchObject({ _key: 'p2', _oldRev: up.body[1]._rev });
    expect((await c.put(`${D}/docs`, { _key: 'p1' })).status).toBe(400);
  });

  it('remove many: keys, handles and objects, in order', async () => {
    await c.post(`${D}/docs`, [{ _key: 'd1' }, { _key: 'd2' }, { _key: 'd3' }]);
    const r = await c.request('DELETE', `${D}/docs`, { body: ['d1', 'docs/d2', { _key: 'd3' }, 'd1', 'other/x'] });
    expect(r.status).toBe(202);
    expect(r.body.slice(0, 3).map((x: { _key: string }) => x._key)).toEqual(['d1', 'd2', 'd3']);
    expect(r.body[3]).toEqual({ error: true, errorNum: 1202, errorMessage: 'document not found' });
    expect(r.body[4].errorNum).toBe(1221);
  });
});

describe('more preconditions and edges', () => {
  it('HEAD honours If-Match; ignoreRevs=false checks a body _rev on single calls; edge updates are validated', async () => {
    const w = await c.post(`${D}/docs`, { _key: 'pre', v: 1 });
    expect((await c.request('HEAD', `${D}/docs/pre`, { headers: { 'if-match': '_x' } })).status).toBe(412);
    expect((await c.request('HEAD', `${D}/docs/pre`, { headers: { 'if-none-match': w.body._rev } })).status).toBe(304);
    const r = await c.put(`${D}/docs/pre?ignoreRevs=false`, { _rev: '_stale', v: 2 });
    expect(r.body).toEqual({ error: true, code: 412, errorNum: 1200, errorMessage: 'precondition failed', _id: 'docs/pre', _key: 'pre', _rev: w.body._rev });
    expect((await c.put(`${D}/docs/pre`, { _rev: '_stale', v: 2 })).status).toBe(202);
    const e = await c.post(`${D}/edges`, { _key: 'e1', _from: 'docs/a', _to: 'docs/b' });
    expect(e.status).toBe(202);
    expect((await c.patch(`${D}/edges/e1`, { _to: 'not a handle' })).body.errorNum).toBe(1233);
    expect((await c.patch(`${D}/edges/e1`, { w: 1 })).status).toBe(202);
    expect((await c.put(`${D}/edges/e1`, { w: 1 })).body.errorNum).toBe(1233);
  });

  it('update that changes nothing keeps _rev; update with keepNull default stores nulls', async () => {
    const w = await c.post(`${D}/docs`, { _key: 'same', v: 1 });
    const u = await c.patch(`${D}/docs/same`, { v: 1 });
    expect(u.body).toEqual({ _id: 'docs/same', _key: 'same', _rev: w.body._rev, _oldRev: w.body._rev });
    const n = await c.patch(`${D}/docs/same?returnNew=true`, { v: null });
    expect(n.body.new).toMatchObject({ v: null });
  });
});

describe('routing, consistency flag, access', () => {
  it('strongConsistency=true on a global collection → 400/10; spot writes run at the spot region', async () => {
    const bad = await c.get(`${D}/docs/a?strongConsistency=true`);
    expect([bad.status, bad.body.errorNum]).toEqual([400, 10]);
    const west = api(emu, emu.regions['eu-west']);
    const w = await west.post(`${D}/spot`, { _key: 's', v: 1 });
    expect(w.status).toBe(202);
    expect(w.headers['x-gdn-region']).toBe('us-east');
    const strong = await west.get(`${D}/spot/s?strongConsistency=1`);
    expect(strong.body).toMatchObject({ v: 1 });
    expect(strong.headers['x-gdn-region']).toBe('us-east');
    await emu.core.network.replicator!.idle();
    expect((await west.get(`${D}/spot/s`)).headers['x-gdn-region']).toBe('eu-west');
  });

  it('global writes replicate to the other region', async () => {
    const west = api(emu, emu.regions['eu-west']);
    await c.post(`${D}/docs`, { _key: 'rep', v: 1 });
    await emu.core.network.replicator!.idle();
    expect((await west.get(`${D}/docs/rep`)).body).toMatchObject({ v: 1 });
  });

  it('ro keys cannot write (403), none cannot read (403)', async () => {
    const key = await c.post('/_api/key', { keyid: 'docreader' });
    expect(key.status).toBe(201);
    await c.put('/_api/key/docreader/database/_system', { grant: 'ro' });
    const ro = api(emu, emu.url, { auth: { apiKey: key.body.key } });
    expect((await ro.get(`${D}/docs/a`)).status).toBe(200);
    const w = await ro.post(`${D}/docs`, {});
    expect([w.status, w.body.errorNum]).toEqual([403, 11]);
    await c.put('/_api/key/docreader/database/_system/collection/docs', { grant: 'none' });
    expect((await ro.get(`${D}/docs/a`)).status).toBe(403);
    expect((await api(emu, emu.url, { auth: 'none' }).get(`${D}/docs/a`)).status).toBe(401);
  });
});

describe('persistence', () => {
  it('documents survive a restart on the same data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8spot-docs-'));
    try {
      let e = await startTestEmulator({ inMemory: false, dataDir: dir, regions: ['us-east', 'eu-west'] });
      let x = api(e);
      await x.post('/_fabric/_system/_api/collection', { name: 'keep' });
      const w = await x.post(`${D}/keep`, { v: 1 });
      await e.close();
      e = await startTestEmulator({ inMemory: false, dataDir: dir, regions: ['us-east', 'eu-west'] });
      x = api(e);
      expect((await x.get(`${D}/keep/${w.body._key}`)).body).toMatchObject({ v: 1, _rev: w.body._rev });
      await e.core.network.replicator!.idle();
      expect((await api(e, e.regions['eu-west']).get(`${D}/keep/${w.body._key}`)).body).toMatchObject({ v: 1 });
      const next = await x.post(`${D}/keep`, {});
      expect(Number(next.body._key)).toBeGreaterThan(Number(w.body._key));
      await e.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
