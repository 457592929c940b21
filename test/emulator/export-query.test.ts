// POST /_api/export {query, bindVars} (reference §6.7; jsC8 exportDataByQuery): the whole
// result of a read-only query in one `result`, documents without `_id`/`_rev`; queries that
// write are refused with 400/10 and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;

beforeAll(async () => {
  emu = await startTestEmulator();
  c = api(emu);
  expect((await c.post('/_fabric/_system/_api/collection', { name: 'exq' })).status).toBe(200);
  const docs = Array.from({ length: 5 }, (_, i) => ({ _key: `k${i}`, n: i, tag: i % 2 === 0 ? 'even' : 'odd' }));
  expect((await c.post('/_fabric/_system/_api/document/exq', docs)).status).toBe(202);
});
afterAll(() => emu.close());

const count = async (): Promise<number> => (await c.get('/_fabric/_system/_api/collection/exq/count')).body.count as number;

describe('export by query', () => {
  it('returns every row of a query with bind variables; documents lose _id and _rev', async () => {
    const r = await c.post('/_fabric/_system/_api/export', { query: 'FOR d IN exq FILTER d.n >= @min SORT d.n RETURN d', bindVars: { min: 3 } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      error: false,
      code: 200,
      result: [
        { _key: 'k3', n: 3, tag: 'odd' },
        { _key: 'k4', n: 4, tag: 'even' },
      ],
    });
  });

  it('passes non-document rows through and is not cut at a cursor batch', async () => {
    const nums = await c.post('/_fabric/_system/_api/export', { query: 'FOR d IN @@c SORT d.n DESC RETURN d.n', bindVars: { '@c': 'exq' } });
    expect(nums.body.result).toEqual([4, 3, 2, 1, 0]);
    const many = await c.post('/_fabric/_system/_api/export', { query: 'FOR i IN 1..2500 RETURN { i, _id: "kept?" }' });
    expect(many.status).toBe(200);
    expect(many.body.result).toHaveLength(2500);
    // Every object row is treated as a document: `_id` goes.
    expect(many.body.result[2499]).toEqual({ i: 2500 });
    expect(many.body).not.toHaveProperty('hasMore');
    expect(many.body).not.toHaveProperty('id');
  });

  it('refuses queries that write, naming the keyword, and writes nothing', async () => {
    const before = await count();
    const cases: [string, string][] = [
      ['INSERT { _key: "x" } INTO exq', 'insert'],
      ['FOR d IN exq UPDATE d WITH { n: 0 } IN exq', 'update'],
      ['FOR d IN exq REPLACE d WITH { n: 0 } IN exq', 'replace'],
      ['FOR d IN exq remove d IN exq', 'remove'],
      ['UPSERT { _key: "k1" } INSERT { _key: "k1" } UPDATE { n: 9 } IN exq', 'upsert'],
    ];
    for (const [query, kw] of cases) {
      const r = await c.post('/_fabric/_system/_api/export', { query });
      expect(r.status, query).toBe(400);
      expect(r.body, query).toEqual({ error: true, code: 400, errorNum: 10, errorMessage: `Export "query" cannot contain "${kw}" keyword.` });
    }
    expect(await count()).toBe(before);
    expect((await c.get('/_fabric/_system/_api/document/exq/k1')).body.n).toBe(1);
  });

  it('a keyword spelled inside a string is not a write', async () => {
    const r = await c.post('/_fabric/_system/_api/export', { query: 'FOR d IN exq FILTER d.tag != "insert" LIMIT 1 RETURN "remove"' });
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual(['remove']);
  });

  it('bad requests get the usual envelopes', async () => {
    const cases: [unknown, number, number][] = [
      [{}, 400, 1502],
      [{ query: '  ' }, 400, 1502],
      [{ query: 'FOR d IN' }, 400, 1501],
      [{ query: 'FOR d IN nope RETURN d' }, 404, 1203],
      [{ query: 'RETURN @x' }, 400, 1551],
      [{ query: 'RETURN 1', bindVars: [1] }, 400, 10],
      [[1, 2], 400, 10],
    ];
    for (const [body, status, errorNum] of cases) {
      const r = await c.post('/_fabric/_system/_api/export', body);
      expect([r.status, r.body.errorNum], JSON.stringify(body)).toEqual([status, errorNum]);
    }
    expect((await c.post('/_fabric/nofab/_api/export', { query: 'RETURN 1' })).body.errorNum).toBe(1228);
  });

  it('needs ro on the collections read: ro exports, none is refused, no credentials → 401', async () => {
    const keyWith = async (keyid: string, grant: string): Promise<ApiClient> => {
      const made = await c.post('/_api/key', { keyid });
      expect((await c.put(`/_api/key/${keyid}/database/_system`, { grant })).status).toBe(200);
      return api(emu, emu.url, { auth: { apiKey: made.body.key as string } });
    };
    const ro = await keyWith('exro', 'ro');
    expect((await ro.post('/_fabric/_system/_api/export', { query: 'FOR d IN exq RETURN d._key' })).body.result).toHaveLength(5);
    const nobody = await keyWith('exnone', 'none');
    expect((await nobody.post('/_fabric/_system/_api/export', { query: 'FOR d IN exq RETURN d' })).status).toBe(403);
    expect((await c.post('/_fabric/_system/_api/export', { query: 'RETURN 1' }, { auth: 'none' })).status).toBe(401);
  });
});

describe('export by query on a spot collection', () => {
  it('strongConsistency reads at the spot region from any region; the flag on a global collection → 400/10', async () => {
    await c.post('/_fabric/_system/_api/database', { name: 'exspot', options: { dcList: 'us-east,eu-west,ap-south', spotDc: 'ap-south' } });
    await c.post('/_fabric/exspot/_api/collection', { name: 'acc', isSpot: true });
    await c.post('/_fabric/exspot/_api/collection', { name: 'glob' });
    await c.post('/_fabric/exspot/_api/document/acc', [{ _key: 'a', v: 1 }, { _key: 'b', v: 2 }]);
    const eu = api(emu, emu.regions['eu-west']!);
    const r = await eu.post('/_fabric/exspot/_api/export', { query: 'FOR x IN acc SORT x._key RETURN x', strongConsistency: true });
    expect(r.status, r.text).toBe(200);
    expect(r.body.result).toEqual([
      { _key: 'a', v: 1 },
      { _key: 'b', v: 2 },
    ]);
    const bad = await eu.post('/_fabric/exspot/_api/export', { query: 'FOR x IN glob RETURN x', strongConsistency: true });
    expect([bad.status, bad.body.errorNum]).toEqual([400, 10]);
  });
});
