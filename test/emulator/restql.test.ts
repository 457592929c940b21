// RestQL (saved queries) and query validate/explain over raw HTTP (reference §7.3, §8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;
const R = '/_fabric/_system/_api/restql';

beforeAll(async () => {
  emu = await startTestEmulator();
  c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'rq' });
  await c.post('/_fabric/_system/_api/document/rq', Array.from({ length: 5 }, (_, i) => ({ _key: `d${i}`, v: i })));
});
afterAll(() => emu.close());

describe('restql', () => {
  it('saves (200), lists, executes with defaults from parameter, pages with fetch, updates and deletes', async () => {
    const saved = await c.post(R, { query: { name: 'atLeast', value: 'FOR d IN rq FILTER d.v >= @min RETURN d.v', parameter: { min: 3 }, type: 'c8ql' } });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ error: false, code: 200, result: { name: 'atLeast', type: 'c8ql', value: 'FOR d IN rq FILTER d.v >= @min RETURN d.v' } });
    expect(saved.body.result._key).toMatch(/\.atLeast$/);
    expect(saved.body.result._key.split('.')).toHaveLength(5);

    const list = await c.get(`${R}/user`);
    expect(list.status).toBe(200);
    expect(list.body.result.map((q: { name: string }) => q.name)).toEqual(['atLeast']);

    const byDefault = await c.post(`${R}/execute/atLeast`, {});
    expect(byDefault.status).toBe(201);
    expect(byDefault.body).toMatchObject({ error: false, code: 201, result: [3, 4], hasMore: false, cached: false });

    const paged = await c.post(`${R}/execute/atLeast`, { bindVars: { min: 0 }, batchSize: 2 });
    expect(paged.body).toMatchObject({ result: [0, 1], hasMore: true });
    const next = await c.put(`${R}/fetch/${paged.body.id}`);
    expect(next.status).toBe(200);
    expect(next.body.result).toEqual([2, 3]);
    const last = await c.put(`${R}/fetch/${paged.body.id}`);
    expect(last.body).toMatchObject({ result: [4], hasMore: false });
    expect((await c.put(`${R}/fetch/${paged.body.id}`)).body.errorNum).toBe(1600);

    const upd = await c.put(`${R}/atLeast`, { query: { value: 'RETURN @min', parameter: { min: 9 } } });
    expect(upd.status).toBe(200);
    expect(upd.body.result).toMatchObject({ sqlValue: '(non-representable type)', value: 'RETURN @min' });
    expect((await c.post(`${R}/execute/atLeast`, {})).body.result).toEqual([9]);

    const del = await c.delete(`${R}/atLeast`);
    expect(del.body).toEqual({ error: false, code: 200, result: [] });
    expect((await c.get(`${R}/user`)).body.result).toEqual([]);
  });

  it('answers errors as GDN does', async () => {
    const noValue = await c.post(R, { query: { name: 'x' } });
    expect(noValue.status).toBe(400);
    expect(noValue.body).toMatchObject({ errorNum: 400, errorMessage: "query 'value' missing or is not a string." });
    const missing = await c.post(`${R}/execute/nope`, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ errorNum: 1502, errorMessage: 'query is empty' });
    const upd = await c.put(`${R}/nope`, { query: { value: 'RETURN 1' } });
    expect(upd.status).toBe(400);
    expect(upd.body).toMatchObject({ errorNum: 404, errorMessage: 'query not found.' });
    await c.post(R, { query: { name: 'dup', value: 'RETURN 1' } });
    expect((await c.post(R, { query: { name: 'dup', value: 'RETURN 1' } })).status).toBe(409);
  });

  it('imports many and runs a write query with a bare {result: []} reply', async () => {
    const imp = await c.post(`${R}/import`, { queries: [{ name: 'ins', value: 'INSERT {_key: @k} INTO rq' }, { name: 'cnt', value: 'RETURN LENGTH(rq)' }], details: false });
    expect(imp.body).toEqual({ error: false, code: 200, result: { created: 2, errors: 0 } });
    const w = await c.post(`${R}/execute/ins`, { bindVars: { k: 'new1' } });
    expect(w.status).toBe(201);
    expect(w.body).toEqual({ result: [] });
    expect((await c.post(`${R}/execute/cnt`, {})).body.result).toEqual([6]);
    expect((await c.post(`${R}/import`, { queries: [{ name: 'bad' }] })).body.errorNum).toBe(10);
  });
});

describe('query validate and explain', () => {
  it('validates without running: parsed, collections, bindVars, ast', async () => {
    const r = await c.post('/_fabric/_system/_api/query', { query: 'FOR d IN rq FILTER d.v == @v RETURN d' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ error: false, code: 200, parsed: true, collections: ['rq'], bindVars: ['v'] });
    expect(r.body.ast[0].type).toBe('root');
    const bad = await c.post('/_fabric/_system/query', { query: 'INVALID QUERY' });
    expect(bad.body).toMatchObject({ errorNum: 1501, errorMessage: "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1" });
  });

  it('explains with node types and a cost; primary-key filters use the primary index', async () => {
    const r = await c.post('/_fabric/_system/_api/query/explain', { query: 'FOR d IN rq FILTER d._key == "d1" RETURN d' });
    expect(r.status).toBe(200);
    expect(r.body.plan.nodes.map((n: { type: string }) => n.type)).toEqual(['SingletonNode', 'IndexNode', 'FilterNode', 'ReturnNode']);
    expect(r.body.plan.estimatedCost).toBeGreaterThan(0);
    const scan = await c.post('/_fabric/_system/_api/explain', { query: 'FOR d IN rq RETURN d' });
    expect(scan.body.plan.nodes[1]).toMatchObject({ type: 'EnumerateCollectionNode', collection: 'rq' });
    const bad = await c.post('/_fabric/_system/_api/query/explain', { query: 'INVALID' });
    expect(bad.body.errorMessage).toMatch(/\(while parsing\)$/);
  });
});
