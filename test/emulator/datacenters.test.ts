import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west', 'ap-south', 'mars-1'] });
});
afterAll(() => emu.close());

describe('datacenters', () => {
  it('/datacenter/all lists every region with the recorded record shape', async () => {
    const r = await api(emu).get('/datacenter/all');
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body.map((d: { name: string }) => d.name)).toEqual(['us-east', 'eu-west', 'ap-south', 'mars-1']);
    const us = r.body[0];
    expect(Object.keys(us).sort()).toEqual(['_key', 'host', 'local', 'locationInfo', 'name', 'port', 'spot_region', 'status', 'tags'].sort());
    expect(us).toMatchObject({ _key: 'us-east', name: 'us-east', local: true, spot_region: true, status: 0 });
    expect(us.tags).toEqual({ url: 'us-east.c8spot.local', api: 'api-us-east.c8spot.local' });
    expect(typeof us.locationInfo.latitude).toBe('string');
    expect(typeof us.locationInfo.longitude).toBe('string');
    expect(Number(us.locationInfo.latitude)).toBeCloseTo(39, 0); // Virginia
    expect(r.body[1].locationInfo.countrycode).toBe('IE');
    expect(r.body[2].locationInfo.countrycode).toBe('IN');
    expect(Number(r.body[3].locationInfo.latitude)).not.toBeNaN(); // custom name gets a default place
    expect(r.body.filter((d: { local: boolean }) => d.local)).toHaveLength(1);
    expect(us.port).toBe(Number(new URL(emu.regions['us-east']!).port));
  });

  it('/datacenter/local is the serving region (also under /_api and a fabric)', async () => {
    const eu = api(emu, emu.regions['eu-west']);
    for (const path of ['/datacenter/local', '/_api/datacenter/local', '/_fabric/_system/datacenter/local']) {
      const r = await eu.get(path);
      expect(r.status).toBe(200);
      expect(r.body.name).toBe('eu-west');
      expect(r.body.local).toBe(true);
    }
  });

  it('/datacenter/{dc} gives the smaller record; unknown → 404/102024', async () => {
    const r = await api(emu).get('/datacenter/ap-south');
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('ap-south');
    expect(r.body).not.toHaveProperty('_key');
    expect(r.body).not.toHaveProperty('spot_region');
    const u = await api(emu).get('/datacenter/nowhere');
    expect(u.status).toBe(404);
    expect(u.body).toEqual({ error: true, code: 404, errorNum: 102024, errorMessage: 'Datacenter does not exist' });
  });

  it('/datacenter/_tenant/{t} → [{tenant, dcInfo}]', async () => {
    const r = await api(emu).get(`/datacenter/_tenant/${emu.tenant}`);
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(1);
    expect(r.body[0].tenant).toBe(emu.tenant);
    expect(r.body[0].dcInfo.map((d: { name: string }) => d.name)).toEqual(['us-east', 'eu-west', 'ap-south', 'mars-1']);
    expect(r.body[0].dcInfo[0]).toMatchObject({ _id: '_clusters/us-east', locationInfo: { _id: '_members/us-east', _key: 'us-east' } });
    expect((await api(emu).get('/datacenter/_tenant/other')).status).toBe(404);
  });

  it('PUT /datacenter/{dc}/{bool} toggles spot capability (jsC8 path too)', async () => {
    const c = api(emu);
    const off = await c.put('/_api/datacenter/mars-1/false');
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ result: true });
    expect((await c.get('/datacenter/all')).body[3].spot_region).toBe(false);
    const bad = await c.post('/_fabric/_system/_api/database', { name: 'm', options: { dcList: 'mars-1', spotDc: 'mars-1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorNum).toBe(10);
    // With no spot-capable region in the list, an absent spotDc means none.
    await c.post('/_fabric/_system/_api/database', { name: 'm2', options: { dcList: 'mars-1' } });
    expect((await c.get('/_fabric/m2/_api/database/current')).body.result.options.spotDc).toBe('');
    expect((await c.put('/datacenter/mars-1/1')).status).toBe(200);
    expect((await c.get('/datacenter/all')).body[3].spot_region).toBe(true);
    expect((await c.put('/datacenter/mars-1/maybe')).status).toBe(400);
  });

  it('needs credentials', async () => {
    expect((await api(emu).get('/datacenter/all', { auth: 'none' })).status).toBe(401);
  });
});
