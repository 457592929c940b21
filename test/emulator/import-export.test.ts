// Bulk import/export over raw HTTP (reference §6.7): counts, errorNumber details, paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;

beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west'] });
  c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'imp' });
});
afterAll(() => emu.close());

describe('import', () => {
  it('creates documents, reports errors with errorNumber, honours primaryKey and replace', async () => {
    const r = await c.post('/_fabric/_system/_api/import/imp', { data: [{ name: 'a', v: 1 }, { name: 'b' }, { name: 'a' }, 7], details: true, primaryKey: 'name' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ error: false, code: 200, result: { created: 2, errors: 2, unprocessed: 0 } });
    expect(r.body.result.details.unprocessed).toEqual([]);
    expect(r.body.result.details.errors[0]).toMatchObject({ document: { name: 'a' }, errorNumber: 1210 });
    expect(r.body.result.details.errors[0].errorMessage).toMatch(/^3: Each document/);
    expect(r.body.result.details.errors[1]).toMatchObject({ document: 7, errorNumber: 1227 });
    expect(r.body).not.toHaveProperty('errorNum');
    const rep = await c.post('/_fabric/_system/_api/import/imp', { data: [{ name: 'a', v: 2 }], primaryKey: 'name', replace: true });
    expect(rep.body.result).toEqual({ created: 1, errors: 0, unprocessed: 0 });
    expect((await c.get('/_fabric/_system/_api/document/imp/a')).body).toMatchObject({ v: 2 });
    expect((await c.post('/_fabric/_system/_api/import/imp', { data: 'x' })).status).toBe(400);
    expect((await c.post('/_fabric/_system/_api/import/none', { data: [] })).body.errorNum).toBe(1203);
  });
});

describe('export', () => {
  it('pages in key order without _id/_rev; limit at most 1000', async () => {
    await c.post('/_fabric/_system/_api/document/imp', [{ _key: 'c' }, { _key: 'd' }]);
    const r = await c.get('/_fabric/_system/_api/export/imp?offset=1&limit=2&order=asc');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ error: false, code: 200, result: [{ _key: 'b', name: 'b' }, { _key: 'c' }] });
    const d = await c.get('/_fabric/_system/_api/export/imp?limit=1&order=desc');
    expect(d.body.result).toEqual([{ _key: 'd' }]);
    const big = await c.get('/_fabric/_system/_api/export/imp?limit=1001');
    expect([big.status, big.body.errorNum]).toEqual([400, 10]);
  });
});
