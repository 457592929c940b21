// The official pyC8 spot sample (reference/gdn-api.md §9.1) replayed request by request as
// raw HTTP: the same methods, paths, headers and bodies pyC8 1.1.2 sends, over TLS with an
// API key, and assertions on exactly the reply fields pyC8 reads (and would crash or raise
// without). pyC8's success test is "2xx and no errorNum in the body" (reference §1.5), so
// every step is checked with that rule too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle, type RawResponse } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ tls: true });
});
afterAll(() => emu.close());

/** pyC8's requests: apikey auth plus its fixed `charset` and `content-type` headers on every call. */
function pyc8(e: EmulatorHandle, host: string): ApiClient {
  return api(e, e.url, { headers: { charset: 'utf-8', 'content-type': 'application/json', host } });
}

/** pyC8 `Response.is_success`: 200 ≤ status < 300 and no `errorNum` in the body. */
function pyOk(res: RawResponse, step: string): void {
  expect(res.status, `${step}: ${res.text}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${step}: ${res.text}`).toBeLessThan(300);
  if (res.body !== null && typeof res.body === 'object' && !Array.isArray(res.body)) {
    expect(Object.keys(res.body), `${step}: errorNum in a success body`).not.toContain('errorNum');
  }
}

/** What pyC8 `collections()` does with each list entry: it indexes these without defaults. */
function pyCollection(entry: Record<string, unknown>): { name: string; system: boolean; type: string; status: string; isSpot: boolean } {
  const types: Record<number, string> = { 2: 'document', 3: 'edge' };
  const statuses: Record<number, string> = { 1: 'new', 2: 'unloaded', 3: 'loaded', 4: 'unloading', 5: 'deleted', 6: 'loading' };
  expect(typeof entry.id).toBe('string');
  expect(entry).toHaveProperty('collectionModel');
  const type = types[entry.type as number];
  const status = statuses[entry.status as number];
  expect(type, JSON.stringify(entry)).toBeDefined();
  expect(status, JSON.stringify(entry)).toBeDefined();
  return {
    name: entry.name as string,
    system: entry.isSystem as boolean,
    type: type!,
    status: status!,
    isSpot: (entry.isSpot ?? entry.strongConsistency ?? false) as boolean,
  };
}

describe('pyC8 spot sample sequence (§9.1)', () => {
  it('replays the sample from C8Client() to delete_fabric()', async () => {
    // The sample's host is a region URL; pyC8 turns it into https://api-<host>:443.
    const c = pyc8(emu, 'api-eu-west.c8spot.local');
    // The sample's KEY_ID is the id of the key it authenticates with.
    const keyId = emu.core.auth.principalForKey(emu.apiKey)!.id;

    // 1. C8Client(protocol='https', host=URL, port=443, apikey=K, geofabric='_system')
    const who = await c.get('/_api/user');
    pyOk(who, 'C8Client: GET /_api/user');
    const tenant = who.body.result[0].tenant as string;
    expect(tenant).toBe(emu.tenant);
    // Host routing put the whole replay on the region the sample named.
    expect(who.headers['x-gdn-region']).toBe('eu-west');
    // 2. t = client.tenant(apikey=K): a second connection, the same call.
    const who2 = await c.get('/_api/user');
    pyOk(who2, 'tenant(): GET /_api/user');
    expect(who2.body.result[0].tenant).toBe(tenant);

    // 3. t.dclist(detail=False): [dc["name"] for dc in body[0]["dcInfo"]]
    const dcs = await c.get(`/datacenter/_tenant/${tenant}`);
    pyOk(dcs, 'dclist');
    const dcl = (dcs.body[0].dcInfo as { name: string }[]).map((d) => d.name);
    expect(dcl).toEqual(['us-east', 'eu-west', 'ap-south']);

    // 4. fabric = t.useFabric('_system'); fabric.has_fabric('spot') → 'spot' in result
    const fabrics = await c.get('/_fabric/_system/_api/database');
    pyOk(fabrics, 'has_fabric');
    expect(fabrics.body.result).toContain('_system');
    expect(fabrics.body.result).not.toContain('spot');

    // 5. create_fabric('spot', dclist=dcl, spot_creation_type=SPOT_REGION, spot_dc=<URL-like>)
    const created = await c.post('/_fabric/_system/_api/database', {
      name: 'spot',
      options: { dcList: dcl.join(','), spotDc: 'eu-west.paas.macrometa.io' },
    });
    pyOk(created, 'create_fabric');
    expect(created.status).toBe(201);

    // 6. client.set_database_access_level(KEY_ID, 'spot', 'rw')
    const grant = await c.put(`/_api/key/${keyId}/database/spot`, { grant: 'rw' });
    pyOk(grant, 'set_database_access_level');
    expect(grant.body.result).toBe('rw');

    // 7. client = t.useFabric('spot'); client.properties(): pops `isSystem`, reads options.spotDc
    const props = await c.get('/_fabric/spot/_api/database/current');
    pyOk(props, 'properties');
    expect(props.body.result).toHaveProperty('isSystem', false);
    expect(props.body.result.options.spotDc).toBe('eu-west');
    expect(props.body.result.options.dcList.split(',')).toEqual(dcl);

    // 8. client.has_collection('accounts') scans client.collections() (isSpot read per entry)
    const before = await c.get('/_fabric/spot/_api/collection');
    pyOk(before, 'collections');
    const beforeList = (before.body.result as Record<string, unknown>[]).map(pyCollection);
    expect(beforeList.map((x) => x.name)).not.toContain('accounts');

    // 9. client.create_collection('accounts', spot_collection=True): the body pyC8 1.1.2 builds,
    //    then the list again (its existence check).
    const made = await c.post('/_fabric/spot/_api/collection', {
      name: 'accounts',
      waitForSync: false,
      keyOptions: { type: 'traditional', allowUserKeys: true },
      type: 2,
      isSpot: true,
      strongConsistency: true,
      isLocal: false,
      isSystem: false,
      stream: false,
    });
    pyOk(made, 'create_collection');
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ name: 'accounts', isSpot: true, type: 2 });
    const after = await c.get('/_fabric/spot/_api/collection');
    pyOk(after, 'collections (after create)');
    const accounts = (after.body.result as Record<string, unknown>[]).map(pyCollection).find((x) => x.name === 'accounts');
    expect(accounts).toEqual({ name: 'accounts', system: false, type: 'document', status: 'loaded', isSpot: true });

    // 10. get_all_restql(), save_restql({"query":{name, value}}), execute_restql('read_query') with {}
    const none = await c.get('/_fabric/spot/_api/restql/user');
    pyOk(none, 'get_all_restql');
    expect(none.body.result).toEqual([]);
    const saved = await c.post('/_fabric/spot/_api/restql', {
      query: { name: 'read_query', value: 'FOR account IN accounts RETURN account' },
    });
    pyOk(saved, 'save_restql');
    expect(saved.status).toBe(200);
    expect(saved.body.result).toMatchObject({ name: 'read_query', value: 'FOR account IN accounts RETURN account' });
    const listed = await c.get('/_fabric/spot/_api/restql/user');
    expect((listed.body.result as { name: string }[]).map((q) => q.name)).toEqual(['read_query']);
    const ran = await c.post('/_fabric/spot/_api/restql/execute/read_query', {});
    pyOk(ran, 'execute_restql');
    expect(ran.status).toBe(201);
    expect(ran.body).toMatchObject({ result: [], hasMore: false });

    // 11. Cleanup: collection.truncate(), delete_collection('accounts'), then from _system
    //     delete_fabric('spot'). pyC8 sends these with its JSON content-type and no body.
    const truncated = await c.put('/_fabric/spot/_api/collection/accounts/truncate');
    pyOk(truncated, 'truncate');
    expect(truncated.body).toMatchObject({ name: 'accounts', isSpot: true });
    const dropped = await c.delete('/_fabric/spot/_api/collection/accounts');
    pyOk(dropped, 'delete_collection');
    expect(dropped.status).toBe(200);
    expect(typeof dropped.body.id).toBe('string');
    const gone = await c.get('/_fabric/spot/_api/collection');
    expect((gone.body.result as Record<string, unknown>[]).map(pyCollection).map((x) => x.name)).not.toContain('accounts');
    const del = await c.delete('/_fabric/_system/_api/database/spot');
    pyOk(del, 'delete_fabric');
    expect(del.body.result).toBe(true);
    // delete_fabric(name, ignore_missing=True) on a second run: 404/1228 → False, not a raise.
    const again = await c.delete('/_fabric/_system/_api/database/spot');
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ error: true, errorNum: 1228 });
  });

  it('grants of a dropped fabric go with it', async () => {
    const c = api(emu);
    await c.post('/_fabric/_system/_api/database', { name: 'spot2', options: { dcList: '', spotDc: 'us-east' } });
    await c.post('/_api/key', { keyid: 'sample' });
    expect((await c.put('/_api/key/sample/database/spot2', { grant: 'rw' })).body.result).toBe('rw');
    expect((await c.delete('/_fabric/_system/_api/database/spot2')).body.result).toBe(true);
    expect(emu.core.auth.explicitGrant('key', 'sample', 'spot2')).toBeUndefined();
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
