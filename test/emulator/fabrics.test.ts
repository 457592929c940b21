import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

const c = () => api(emu);

describe('fabric create', () => {
  it('201 result:true; current shows dcList, spotDc, isSystem, metadata', async () => {
    const r = await c().post('/_fabric/_system/_api/database', {
      name: 'spot',
      users: ['root'],
      options: { dcList: 'us-east,eu-west', spotDc: 'eu-west', metadata: { k: 'v' } },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ error: false, code: 201, result: true });
    const cur = await c().get('/_fabric/spot/database/current');
    expect(cur.status).toBe(200);
    expect(cur.body.result).toEqual({
      name: 'spot',
      isSystem: false,
      options: {
        associated_regions: ['us-east', 'eu-west'],
        clusters: ['us-east', 'eu-west'],
        dcList: 'us-east,eu-west',
        dynamo_local_tables: false,
        metadata: { k: 'v' },
        name: `${emu.tenant}.spot`,
        realTime: true,
        spotDc: 'eu-west',
        status: 'available',
        tenant: emu.tenant,
      },
    });
  });

  it('dcList as an array; URL-like names normalised; spotDc absent → first spot-capable', async () => {
    await c().post('/_api/database', { name: 'arr', options: { dcList: ['api-ap-south.c8spot.local', 'eu-west.example.com'] } });
    const o = (await c().get('/_fabric/arr/_api/database/current')).body.result.options;
    expect(o.dcList).toBe('ap-south,eu-west');
    expect(o.spotDc).toBe('ap-south');
  });

  it('spotDc "" → none; empty dcList → the serving region; spotDc outside dcList joins it', async () => {
    await c().post('/_api/database', { name: 'nospot', options: { dcList: '', spotDc: '' } });
    const o = (await c().get('/_fabric/nospot/_api/database/current')).body.result.options;
    expect(o).toMatchObject({ dcList: 'us-east', spotDc: '' });
    const eu = api(emu, emu.regions['eu-west']);
    await eu.post('/_api/database', { name: 'served', options: { dcList: '' } });
    expect((await c().get('/_fabric/served/_api/database/current')).body.result.options.dcList).toBe('eu-west');
    await c().post('/_api/database', { name: 'joins', options: { dcList: 'us-east', spotDc: 'eu-west.paas.macrometa.io' } });
    expect((await c().get('/_fabric/joins/_api/database/current')).body.result.options).toMatchObject({
      dcList: 'us-east,eu-west',
      spotDc: 'eu-west',
    });
  });

  it('unknown regions → 400/10 listing the valid ones', async () => {
    for (const options of [{ dcList: 'us-east,moon' }, { dcList: 'us-east', spotDc: 'moon' }]) {
      const r = await c().post('/_api/database', { name: 'bad', options });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        error: true, code: 400, errorNum: 10, errorMessage: "unknown region 'moon'; valid regions: us-east, eu-west, ap-south",
      });
    }
  });

  it('duplicate → 409/1207 with the recorded wording; bad names → 400/1229', async () => {
    const r = await c().post('/_api/database', { name: 'spot' });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({ error: true, code: 409, errorNum: 1207, errorMessage: `duplicate database name '${emu.tenant}.spot'` });
    expect((await c().post('/_api/database', { name: '_system' })).status).toBe(409);
    for (const name of ['', '1abc', 'a b', 7]) {
      const b = await c().post('/_api/database', { name });
      expect(b.status).toBe(400);
      expect(b.body.errorNum).toBe(1229);
    }
  });

  it('create/drop outside _system → 403/1230; unknown current fabric → 404/1228', async () => {
    const r = await c().post('/_fabric/spot/_api/database', { name: 'x' });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: true, code: 403, errorNum: 1230, errorMessage: 'operation only allowed in system database' });
    expect((await c().delete('/_fabric/spot/_api/database/arr')).body.errorNum).toBe(1230);
    const u = await c().post('/_fabric/nope/_api/database', { name: 'x' });
    expect(u.status).toBe(404);
    expect(u.body).toEqual({ error: true, code: 404, errorNum: 1228, errorMessage: 'database not found' });
  });
});

describe('fabric list, user list, metadata, delete, spot change', () => {
  it('lists names from _system only', async () => {
    const r = await c().get('/_fabric/_system/database');
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual(expect.arrayContaining(['_system', 'spot']));
    expect((await c().get('/_fabric/spot/_api/database')).status).toBe(403);
    const u = await c().get('/_fabric/spot/_api/database/user');
    expect(u.body.result.map((f: { name: string }) => f.name)).toContain('_system');
    expect(u.body.result.find((f: { name: string }) => f.name === '_system').isSystem).toBe(true);
  });

  it('_system spans every region and has a spot region', async () => {
    const r = await c().get('/_api/database/current');
    expect(r.body.result.isSystem).toBe(true);
    expect(r.body.result.options).toMatchObject({ dcList: 'us-east,eu-west,ap-south', spotDc: 'us-east' });
  });

  it('metadata get / put (replace) / patch (merge) → 201', async () => {
    const put = await c().put('/_fabric/spot/database/metadata', { metadata: { a: 1, b: 2 } });
    expect(put.status).toBe(201);
    expect(put.body).toEqual({ error: false, code: 201, result: true });
    await c().patch('/_fabric/spot/database/metadata', { metadata: { b: 3, c: 4 } });
    const got = await c().get('/_fabric/spot/_api/database/metadata');
    expect(got.body.result.options.metadata).toEqual({ a: 1, b: 3, c: 4 });
    expect((await c().put('/_fabric/spot/database/metadata', { metadata: 5 })).status).toBe(400);
  });

  it('spot-region change via PUT /_fabric/{f}/database/{dc} and the legacy /_tenant form', async () => {
    const r = await c().put('/_fabric/spot/database/ap-south');
    expect(r.status).toBe(200);
    let o = (await c().get('/_fabric/spot/database/current')).body.result.options;
    expect(o).toMatchObject({ spotDc: 'ap-south', dcList: 'us-east,eu-west,ap-south' });
    await c().put(`/_tenant/${emu.tenant}/_fabric/spot/database/eu-west`);
    o = (await c().get('/_fabric/spot/database/current')).body.result.options;
    expect(o.spotDc).toBe('eu-west');
    expect((await c().put('/_fabric/spot/database/moon')).body.errorNum).toBe(10);
  });

  it('delete 200 result:true, then 404/1228 everywhere; _system cannot be dropped', async () => {
    let dropped = '';
    emu.core.events.onFabricDropped((f) => (dropped = f));
    const r = await c().delete('/_fabric/_system/_api/database/arr');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ error: false, code: 200, result: true });
    expect(dropped).toBe('arr');
    const again = await c().delete('/_api/database/arr');
    expect(again.status).toBe(404);
    expect(again.body.errorNum).toBe(1228);
    expect((await c().get('/_fabric/arr/database/current')).body.errorNum).toBe(1228);
    expect((await c().delete('/_api/database/_system')).status).toBe(403);
  });
});
