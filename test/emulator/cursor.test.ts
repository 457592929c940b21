// The cursor API over raw HTTP (reference §7): statuses, bodies, batching, expiry, errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/emulator/clock.js';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;
const clock = new ManualClock(1_700_000_000_000);
const CURSOR = '/_fabric/_system/_api/cursor';

beforeAll(async () => {
  emu = await startTestEmulator({ clock });
  c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'items' });
  const docs = Array.from({ length: 25 }, (_, i) => ({ _key: `k${String(i).padStart(2, '0')}`, n: i }));
  await c.post('/_fabric/_system/_api/document/items', docs);
});
afterAll(() => emu.close());

describe('POST /_api/cursor', () => {
  it('returns everything in one batch with 201, no id, cached:false and stats', async () => {
    const r = await c.post(CURSOR, { query: 'FOR d IN items FILTER d.n < 3 RETURN d.n' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ error: false, code: 201, result: [0, 1, 2], hasMore: false, cached: false });
    expect(r.body).not.toHaveProperty('id');
    expect(r.body).not.toHaveProperty('count');
    expect(r.body).not.toHaveProperty('errorNum');
    expect(r.body.extra.stats).toMatchObject({ writesExecuted: 0, writesIgnored: 0, scannedFull: 25, scannedIndex: 0, filtered: 22 });
    expect(r.body.extra.warnings).toEqual([]);
  });

  it('pages through batches, then 404/1600 after the last one', async () => {
    const first = await c.post(CURSOR, { query: 'FOR d IN items RETURN d.n', batchSize: 10, count: true });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ hasMore: true, count: 25 });
    expect(typeof first.body.id).toBe('string');
    expect(first.body.result).toHaveLength(10);
    const second = await c.put(`${CURSOR}/${first.body.id}`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ error: false, code: 200, hasMore: true, id: first.body.id, count: 25 });
    const third = await c.put(`${CURSOR}/${first.body.id}`);
    expect(third.body.hasMore).toBe(false);
    expect(third.body).not.toHaveProperty('id');
    expect([...first.body.result, ...second.body.result, ...third.body.result]).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const spent = await c.put(`${CURSOR}/${first.body.id}`);
    expect(spent.status).toBe(404);
    expect(spent.body).toEqual({ error: true, code: 404, errorNum: 1600, errorMessage: 'cursor not found' });
  });

  it('deletes a cursor with 202, then 404/1600; a non-numeric id is 400/400', async () => {
    const r = await c.post(CURSOR, { query: 'FOR d IN items RETURN d', batchSize: 5 });
    const del = await c.delete(`${CURSOR}/${r.body.id}`);
    expect(del.status).toBe(202);
    expect(del.body).toEqual({ id: r.body.id, error: false, code: 202 });
    expect((await c.delete(`${CURSOR}/${r.body.id}`)).body.errorNum).toBe(1600);
    const bad = await c.put(`${CURSOR}/abc`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorNum: 400, errorMessage: 'invalid cursor ID' });
  });

  it('expires an idle cursor after its ttl (injected clock)', async () => {
    const r = await c.post(CURSOR, { query: 'FOR d IN items RETURN d', batchSize: 5, ttl: 10 });
    clock.advance(9_000);
    expect((await c.put(`${CURSOR}/${r.body.id}`)).status).toBe(200);
    clock.advance(10_001);
    expect((await c.put(`${CURSOR}/${r.body.id}`)).body.errorNum).toBe(1600);
  });

  it('reads options from the body root and from options; fullCount with LIMIT', async () => {
    const q = 'FOR d IN items LIMIT 2 RETURN d.n';
    const a = await c.post(CURSOR, { query: q, fullCount: true });
    const b = await c.post(CURSOR, { query: q, options: { fullCount: true } });
    expect(a.body.extra.stats.fullCount).toBe(25);
    expect(b.body.extra.stats.fullCount).toBe(25);
    expect((await c.post(CURSOR, { query: q })).body.extra.stats).not.toHaveProperty('fullCount');
  });

  it('caps batchSize at 1000', async () => {
    const r = await c.post(CURSOR, { query: 'FOR i IN 1..1500 RETURN i', batchSize: 5000 });
    expect(r.body.result).toHaveLength(1000);
    expect(r.body.hasMore).toBe(true);
  });

  it('runs writes atomically and reports writesExecuted', async () => {
    await c.post('/_fabric/_system/_api/collection', { name: 'w' });
    const ok = await c.post(CURSOR, { query: 'FOR i IN 1..3 INSERT {_key: TO_STRING(i)} INTO w' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ result: [], hasMore: false });
    expect(ok.body.extra.stats.writesExecuted).toBe(3);
    // The third insert hits a duplicate key: nothing of this query may remain.
    const bad = await c.post(CURSOR, { query: 'FOR k IN ["x", "y", "1"] INSERT {_key: k} INTO w' });
    expect(bad.status).toBe(409);
    expect(bad.body.errorNum).toBe(1210);
    const count = await c.post(CURSOR, { query: 'RETURN LENGTH(FOR d IN w RETURN 1)' });
    expect(count.body.result).toEqual([3]);
  });

  it('maps query errors to envelopes: 1501 syntax, 1203 collection, 1551/1552 binds, 1502 empty', async () => {
    const syntax = await c.post(CURSOR, { query: 'INVALID QUERY' });
    expect(syntax.status).toBe(400);
    expect(syntax.body).toEqual({ error: true, code: 400, errorNum: 1501, errorMessage: "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1" });
    const coll = await c.post(CURSOR, { query: 'FOR d IN nope RETURN d' });
    expect([coll.status, coll.body.errorNum]).toEqual([404, 1203]);
    expect((await c.post(CURSOR, { query: 'RETURN @x' })).body.errorNum).toBe(1551);
    expect((await c.post(CURSOR, { query: 'RETURN 1', bindVars: { y: 1 } })).body.errorNum).toBe(1552);
    expect((await c.post(CURSOR, { query: 'FOR d IN @@c RETURN d', bindVars: { '@c': 5 } })).body.errorNum).toBe(1553);
    expect((await c.post(CURSOR, { query: '' })).body.errorNum).toBe(1502);
  });

  it('answers on the jsC8 path without /_api and with runtime warnings', async () => {
    const r = await c.post('/_fabric/_system/cursor', { query: 'RETURN 1 / 0' });
    expect(r.status).toBe(201);
    expect(r.body.result).toEqual([null]);
    expect(r.body.extra.warnings).toEqual([{ code: 1562, message: 'division by zero' }]);
  });
});
