// Collections over raw HTTP against an in-process emulator: statuses, envelopes, shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, rawRequest, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;
const C = '/_fabric/_system/_api/collection';

beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west'] });
  c = api(emu);
});
afterAll(() => emu.close());

describe('collection create', () => {
  it('answers 200 with the recorded create body, isSpot and strongConsistency both reported', async () => {
    const r = await c.post(C, { name: 'accounts', isSpot: true, keyOptions: { type: 'traditional', allowUserKeys: true } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      error: false, code: 200, name: 'accounts', type: 2, status: 3, statusString: 'loaded', collectionModel: 'DOC',
      isSpot: true, strongConsistency: true, isLocal: false, isSystem: false, waitForSync: false, hasStream: false,
      keyOptions: { type: 'traditional', allowUserKeys: true, lastValue: 0 },
    });
    expect(typeof r.body.id).toBe('string');
    expect(typeof r.body.globallyUniqueId).toBe('string');
    expect(r.body).not.toHaveProperty('errorNum');
    const s = await c.post(C, { name: 'strong', strongConsistency: true });
    expect(s.body).toMatchObject({ isSpot: true, strongConsistency: true });
  });

  it('autoincrement key options, edge type, stream flag', async () => {
    const r = await c.post(C, { name: 'auto', type: 3, stream: true, keyOptions: { type: 'autoincrement', increment: 2, offset: 10 } });
    expect(r.body).toMatchObject({ type: 3, hasStream: true, keyOptions: { type: 'autoincrement', offset: 10, increment: 2 } });
  });

  it('duplicate 409/1207, bad name 400/1208, spot+local 400/10, no spot region 400/10', async () => {
    await c.post(C, { name: 'dup' });
    const d = await c.post(C, { name: 'dup' });
    expect(d.status).toBe(409);
    expect(d.body).toEqual({ error: true, code: 409, errorNum: 1207, errorMessage: "duplicate name 'dup'" });
    for (const name of ['1abc', 'a b', '', '_sys', 5]) {
      const b = await c.post(C, { name });
      expect([b.status, b.body.errorNum]).toEqual([400, 1208]);
    }
    const sl = await c.post(C, { name: 'sl', isSpot: true, isLocal: true });
    expect([sl.status, sl.body.errorNum]).toEqual([400, 10]);
    await c.post('/_fabric/_system/_api/database', { name: 'nospot', options: { dcList: 'us-east', spotDc: '' } });
    const ns = await c.post('/_fabric/nospot/_api/collection', { name: 'x', isSpot: true });
    expect(ns.status).toBe(400);
    expect(ns.body).toEqual({ error: true, code: 400, errorNum: 10, errorMessage: "fabric 'nospot' has no spot region; recreate it with a spotDc" });
  });
});

describe('collection reads and changes', () => {
  it('list (with and without system entries), get, properties, count, figures', async () => {
    await c.post(C, { name: 'listed' });
    const all = await c.get(C);
    expect(all.status).toBe(200);
    const names = all.body.result.map((e: { name: string }) => e.name);
    expect(names).toContain('listed');
    expect(names).toContain('_collections');
    const user = await c.get(`${C}?excludeSystem=1`);
    expect(user.body.result.every((e: { isSystem: boolean }) => !e.isSystem)).toBe(true);
    const entry = user.body.result.find((e: { name: string }) => e.name === 'listed');
    expect(entry).toMatchObject({ status: 3, type: 2, collectionModel: 'DOC', isSpot: false, strongConsistency: false, isLocal: false, isSystem: false });
    expect(typeof entry.id).toBe('string');
    const g = await c.get('/_fabric/_system/collection/listed');
    expect(g.body).toMatchObject({ error: false, code: 200, name: 'listed', status: 3 });
    const p = await c.get(`${C}/listed/properties`);
    expect(p.body).toMatchObject({ name: 'listed', waitForSync: false, keyOptions: { type: 'traditional' } });
    const pu = await c.put(`${C}/listed/properties`, { waitForSync: true, hasStream: true });
    expect(pu.body).toMatchObject({ waitForSync: true, hasStream: true });
    await c.post('/_fabric/_system/_api/document/listed', [{ a: 1 }, { a: 2 }]);
    const n = await c.get(`${C}/listed/count`);
    expect(n.body).toMatchObject({ error: false, code: 200, name: 'listed', count: 2 });
    const fg = await c.get(`${C}/listed/figures`);
    expect(fg.body).toMatchObject({ count: 2, collectionModel: 0, figures: { indexes: { count: 1 } } });
    expect(fg.body.figures.documentsSize).toBeGreaterThan(0);
  });

  it('truncate 200 + body, rename, delete 200 {id}, then 404/1203', async () => {
    const made = await c.post(C, { name: 'gone' });
    await c.post('/_fabric/_system/_api/document/gone', { a: 1 });
    const t = await c.put(`${C}/gone/truncate`);
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ error: false, code: 200, name: 'gone' });
    expect((await c.get(`${C}/gone/count`)).body.count).toBe(0);
    await c.post('/_fabric/_system/_api/document/gone', { _key: 'k', a: 1 });
    const rn = await c.put(`${C}/gone/rename`, { name: 'gone2' });
    expect(rn.body).toMatchObject({ name: 'gone2', id: made.body.id });
    expect((await c.get('/_fabric/_system/_api/document/gone2/k')).body).toMatchObject({ _id: 'gone2/k', a: 1 });
    const d = await c.delete(`${C}/gone2`);
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ error: false, code: 200, id: made.body.id });
    for (const path of [`${C}/gone2`, `${C}/gone2/count`, `${C}/gone2/properties`]) {
      const r = await c.get(path);
      expect(r.body).toEqual({ error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found' });
    }
    expect((await c.delete(`${C}/gone2`)).status).toBe(404);
  });

  it('local collections exist only in their home region', async () => {
    const east = api(emu, emu.regions['us-east']);
    const west = api(emu, emu.regions['eu-west']);
    const r = await west.post(C, { name: 'loc', isLocal: true });
    expect(r.body).toMatchObject({ isLocal: true, isSpot: false });
    expect((await west.get(`${C}/loc`)).status).toBe(200);
    const e = await east.get(`${C}/loc`);
    expect([e.status, e.body.errorNum]).toEqual([404, 1203]);
    expect((await east.get(`${C}?excludeSystem=true`)).body.result.map((x: { name: string }) => x.name)).not.toContain('loc');
    expect((await east.post('/_fabric/_system/_api/document/loc', { a: 1 })).status).toBe(404);
    const dup = await east.post(C, { name: 'loc' });
    expect(dup.status).toBe(409);
  });

  it('dropping a fabric drops its collections and documents', async () => {
    await c.post('/_fabric/_system/_api/database', { name: 'tmpfab', options: { dcList: 'us-east,eu-west' } });
    await c.post('/_fabric/tmpfab/_api/collection', { name: 'x' });
    await c.post('/_fabric/tmpfab/_api/document/x', { _key: 'k' });
    expect((await c.delete('/_fabric/_system/_api/database/tmpfab')).status).toBe(200);
    const n = emu.core.db.prepare("SELECT count(*) AS n FROM documents WHERE fabric = 'tmpfab'").get() as { n: number };
    expect(n.n).toBe(0);
    await c.post('/_fabric/_system/_api/database', { name: 'tmpfab', options: { dcList: 'us-east' } });
    expect((await c.get('/_fabric/tmpfab/_api/collection/x')).body.errorNum).toBe(1203);
  });

  it('403 for a read-only key on changes, 403 for none on reads', async () => {
    const key = await c.post('/_api/key', { keyid: 'collreader' });
    await c.put('/_api/key/collreader/database/_system', { grant: 'ro' });
    const ro = api(emu, emu.url, { auth: { apiKey: key.body.key } });
    expect((await ro.get(`${C}/listed`)).status).toBe(200);
    for (const r of [await ro.post(C, { name: 'nope' }), await ro.put(`${C}/listed/truncate`), await ro.delete(`${C}/listed`),
      await ro.put(`${C}/listed/properties`, { waitForSync: false })]) {
      expect([r.status, r.body.errorNum]).toEqual([403, 11]);
    }
    await c.put('/_api/key/collreader/database/_system', { grant: 'none' });
    expect((await ro.get(`${C}/listed/count`)).status).toBe(403);
  });

  it('401 without credentials, 404/1228 on an unknown fabric', async () => {
    expect((await rawRequest(emu.url, 'GET', C)).status).toBe(401);
    const nf = await c.get('/_fabric/nofab/_api/collection');
    expect([nf.status, nf.body.errorNum]).toEqual([404, 1228]);
  });
});
