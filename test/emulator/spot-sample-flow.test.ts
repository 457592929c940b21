// The request sequence of the official pyC8 spot sample (reference/gdn-api.md §9.1), as
// raw HTTP with an API key, up to the point where collections take over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

describe('pyC8 spot sample sequence', () => {
  it('tenant from /_api/user, dclist, has_fabric, create with URL-like spotDc, grant, properties, delete', async () => {
    const c = api(emu);
    const who = await c.get('/_api/user', { headers: { charset: 'utf-8' } });
    const tenant = who.body.result[0].tenant as string;
    expect(tenant).toBe(emu.tenant);

    const dcl = (await c.get(`/datacenter/_tenant/${tenant}`)).body[0].dcInfo.map((d: { name: string }) => d.name) as string[];
    expect(dcl).toEqual(['us-east', 'eu-west', 'ap-south']);

    expect((await c.get('/_fabric/_system/_api/database')).body.result).not.toContain('spot');
    const created = await c.post('/_fabric/_system/_api/database', {
      name: 'spot',
      options: { dcList: dcl.join(','), spotDc: 'eu-west.paas.macrometa.io' },
    });
    expect(created.status).toBe(201);

    await c.post('/_api/key', { keyid: 'sample' });
    const grant = await c.put('/_api/key/sample/database/spot', { grant: 'rw' });
    expect(grant.body.result).toBe('rw');

    const props = await c.get('/_fabric/spot/_api/database/current');
    expect(props.body.result.options.spotDc).toBe('eu-west');
    expect(props.body.result.isSystem).toBe(false);

    const del = await c.delete('/_fabric/_system/_api/database/spot');
    expect(del.body.result).toBe(true);
    // Grants of a dropped fabric go with it.
    expect(emu.core.auth.explicitGrant('key', 'sample', 'spot')).toBeUndefined();
  });

  it('a key with rw on _system may create fabrics and gets rw on them', async () => {
    const c = api(emu);
    const key = (await c.post('/_api/key', { keyid: 'creator' })).body.key as string;
    await c.put('/_api/key/creator/database/_system', { grant: 'rw' });
    const asKey = api(emu, emu.url, { auth: { apiKey: key } });
    expect((await asKey.post('/_api/database', { name: 'mine' })).status).toBe(201);
    expect((await asKey.get('/_fabric/mine/_api/database/current')).status).toBe(200);
    expect((await asKey.put('/_fabric/mine/_api/database/metadata', { metadata: { x: 1 } })).status).toBe(201);
    const visible = (await asKey.get('/_api/database/user')).body.result.map((f: { name: string }) => f.name);
    expect(visible.sort()).toEqual(['_system', 'mine']);
    // Spot-region changes stay admin-only.
    expect((await asKey.put('/_fabric/mine/_api/database/eu-west')).status).toBe(403);
    expect((await asKey.delete('/_api/database/mine')).status).toBe(200);
  });
});
