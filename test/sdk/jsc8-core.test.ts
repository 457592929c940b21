// Drives the emulator with the official jsC8 SDK from npm, over TLS. jsC8 rewrites every
// URL to https://api-<host>, so the test uses a region host name and an agent whose DNS
// lookup sends every name to 127.0.0.1 (the port is kept as given).
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { anyHostToLoopback } from '../helpers/loopback-lookup.js';

const require = createRequire(import.meta.url);
const Jsc8 = require('jsc8') as new (config: Record<string, unknown>) => Jsc8Client;

// The subset of jsC8's client this test calls.
interface Jsc8Client {
  login(email: string, password: string): Promise<{ jwt: string; tenant: string; username: string }>;
  useFabric(name: string): Jsc8Client;
  exists(): Promise<boolean>;
  get(): Promise<{ name: string; isSystem: boolean; options: { dcList: string; spotDc: string } }>;
  createFabric(name: string, users: string[], options: Record<string, unknown>): Promise<{ result: boolean }>;
  dropFabric(name: string): Promise<{ result: boolean }>;
  listFabrics(): Promise<string[]>;
  getAllEdgeLocations(): Promise<{ name: string; spot_region: boolean }[]>;
  changeEdgeLocationSpotStatus(dc: string, isSpot: boolean): Promise<{ result: boolean }>;
  getLocalEdgeLocation(): Promise<{ name: string; local: boolean }>;
  getDcList(): Promise<{ tenant: string; dcInfo: { name: string }[] }[]>;
  listUserFabrics(): Promise<{ name: string }[]>;
  setMetaDataForGeoFabric(metadata: Record<string, unknown>): Promise<{ result: boolean }>;
  updateMetaDataForGeoFabric(metadata: Record<string, unknown>): Promise<{ result: boolean }>;
  getGeoFabricMetaData(): Promise<{ result: { options: { metadata: Record<string, unknown> } } }>;
  updateFabricSpotRegion(tenant: string, fabric: string, dc: string): Promise<{ result: boolean }>;
  createApiKey(keyid: string): Promise<{ key: string; keyid: string }>;
  setDatabaseAccessLevel(keyid: string, fabric: string, level: string): Promise<{ result: string }>;
  getDatabaseAccessLevel(keyid: string, fabric: string): Promise<{ result: string }>;
  loginWithApiKey(key: string): Promise<void>;
  hasCollection(name: string): Promise<boolean>;
  createCollection(name: string, props: Record<string, unknown>): Promise<unknown>;
  insertDocumentMany(name: string, docs: unknown[]): Promise<unknown[]>;
  collection(name: string): { count(): Promise<{ count: number }> };
  deleteCollection(name: string): Promise<unknown>;
  executeQuery(query: string, bindVars?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<unknown[]>;
  createRestql(name: string, value: string, parameter?: Record<string, unknown>): Promise<{ result: { name: string } }>;
  getRestqls(): Promise<{ result: { name: string; value: string }[] }>;
  executeRestql(name: string, bindVars?: Record<string, unknown>): Promise<{ result: unknown[]; hasMore: boolean }>;
  updateRestql(name: string, value: string, parameter?: Record<string, unknown>): Promise<unknown>;
  deleteRestql(name: string): Promise<unknown>;
  importDocuments(name: string, data: Record<string, unknown>[], showErrors: boolean, primaryKey?: string, replace?: boolean): Promise<{ result: { created: number; errors: number } }>;
  exportDataByCollectionName(name: string, params?: Record<string, unknown>): Promise<{ result: Record<string, unknown>[] }>;
  exportDataByQuery(query: string, bindVars?: Record<string, unknown>): Promise<{ result: unknown[] }>;
  close(): void;
}

let emu: EmulatorHandle;
let client: Jsc8Client;

beforeAll(async () => {
  emu = await startTestEmulator({ tls: true });
  // Served by eu-west through Host routing: jsC8 sends Host api-eu-west.c8spot.local.
  const port = new URL(emu.url).port;
  client = new Jsc8({
    url: `https://eu-west.c8spot.local:${port}`,
    agentOptions: { rejectUnauthorized: false, lookup: anyHostToLoopback, keepAlive: false },
  });
});
afterAll(async () => {
  client?.close();
  await emu?.close();
});

describe('jsC8 1.1.0 against the emulator', () => {
  it('logs in with email and password', async () => {
    const body = await client.login(emu.email, emu.password);
    expect(body.tenant).toBe(emu.tenant);
    expect(body.jwt.split('.')).toHaveLength(3);
  });

  it('sees the regions, with the Host-routed one as local', async () => {
    const all = await client.getAllEdgeLocations();
    expect(all.map((d) => d.name)).toEqual(['us-east', 'eu-west', 'ap-south']);
    const local = await client.getLocalEdgeLocation();
    expect(local).toMatchObject({ name: 'eu-west', local: true });
  });

  it('creates a spot fabric with dcList and spotDc; exists() is false before and true after', async () => {
    client.useFabric('spotfab');
    expect(await client.exists()).toBe(false);
    client.useFabric('_system');
    const created = await client.createFabric('spotfab', ['root'], { dcList: ['us-east', 'eu-west'], spotDc: 'us-east' });
    expect(created.result).toBe(true);
    expect(await client.listFabrics()).toContain('spotfab');
    client.useFabric('spotfab');
    expect(await client.exists()).toBe(true);
    const props = await client.get();
    expect(props).toMatchObject({ name: 'spotfab', isSystem: false, options: { dcList: 'us-east,eu-west', spotDc: 'us-east' } });
  });

  it('tenant DC list, user fabrics, metadata, and the legacy spot-region change', async () => {
    const dcs = await client.getDcList();
    expect(dcs[0]!.tenant).toBe(emu.tenant);
    expect(dcs[0]!.dcInfo.map((d) => d.name)).toEqual(['us-east', 'eu-west', 'ap-south']);
    expect((await client.listUserFabrics()).map((f) => f.name)).toContain('spotfab');
    client.useFabric('spotfab');
    expect((await client.setMetaDataForGeoFabric({ owner: 'qa' })).result).toBe(true);
    await client.updateMetaDataForGeoFabric({ tier: 'gold' });
    expect((await client.getGeoFabricMetaData()).result.options.metadata).toEqual({ owner: 'qa', tier: 'gold' });
    expect((await client.updateFabricSpotRegion(emu.tenant, 'spotfab', 'eu-west')).result).toBe(true);
    expect((await client.get()).options.spotDc).toBe('eu-west');
  });

  it('API keys: create, grant, and a second client logging in with the key', async () => {
    client.useFabric('_system');
    const created = await client.createApiKey('jskey');
    expect(created.keyid).toBe('jskey');
    expect((await client.setDatabaseAccessLevel('jskey', 'spotfab', 'ro')).result).toBe('ro');
    expect((await client.getDatabaseAccessLevel('jskey', 'spotfab')).result).toBe('ro');
    const port = new URL(emu.url).port;
    const other = new Jsc8({
      url: `https://ap-south.c8spot.local:${port}`,
      agentOptions: { rejectUnauthorized: false, lookup: anyHostToLoopback, keepAlive: false },
    });
    try {
      await other.loginWithApiKey(created.key);
      other.useFabric('spotfab');
      expect(await other.exists()).toBe(true);
      await expect(other.setMetaDataForGeoFabric({ x: 1 })).rejects.toMatchObject({ errorNum: 11 });
    } finally {
      other.close();
    }
  });

  it('spot collection: hasCollection, create isSpot, insertDocumentMany, count, delete', async () => {
    client.useFabric('spotfab');
    expect(await client.hasCollection('accounts')).toBe(false);
    await client.createCollection('accounts', { isSpot: true });
    expect(await client.hasCollection('accounts')).toBe(true);
    const docs = Array.from({ length: 25 }, (_, i) => ({ _key: `a${i}`, balance: i * 10 }));
    const inserted = await client.insertDocumentMany('accounts', docs);
    expect(inserted).toHaveLength(25);
    expect((await client.collection('accounts').count()).count).toBe(25);
    await client.deleteCollection('accounts');
    expect(await client.hasCollection('accounts')).toBe(false);
  });

  it('queries with bind vars across batches, and the saved-query lifecycle', async () => {
    client.useFabric('spotfab');
    await client.createCollection('ledger', { isSpot: true });
    const docs = Array.from({ length: 30 }, (_, i) => ({ _key: `k${String(i).padStart(2, '0')}`, n: i }));
    await client.insertDocumentMany('ledger', docs);
    // batchSize 7 forces jsC8's cursor to follow hasMore/id through several PUTs.
    const rows = await client.executeQuery('FOR d IN ledger FILTER d.n >= @min SORT d.n RETURN d.n', { min: 10 }, { batchSize: 7 });
    expect(rows).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));

    await client.createRestql('big', 'FOR d IN ledger FILTER d.n >= @min RETURN d._key', { min: 25 });
    expect((await client.getRestqls()).result.map((q) => q.name)).toContain('big');
    const run = await client.executeRestql('big', { min: 28 });
    expect([...run.result].sort()).toEqual(['k28', 'k29']);
    await client.updateRestql('big', 'FOR d IN ledger FILTER d.n < @min RETURN d._key', { min: 2 });
    expect([...(await client.executeRestql('big', { min: 2 })).result].sort()).toEqual(['k00', 'k01']);
    await client.deleteRestql('big');
    expect((await client.getRestqls()).result.map((q) => q.name)).not.toContain('big');
    await client.deleteCollection('ledger');
  });

  it('bulk import, export of a collection page and export by query', async () => {
    client.useFabric('spotfab');
    await client.createCollection('ie', {});
    const imported = await client.importDocuments('ie', [{ sku: 's1', qty: 1 }, { sku: 's2', qty: 5 }, { sku: 's3', qty: 9 }], true, 'sku');
    expect(imported.result).toMatchObject({ created: 3, errors: 0 });
    const page = await client.exportDataByCollectionName('ie', { offset: 1, limit: 1, order: 'asc' });
    expect(page.result).toEqual([{ _key: 's2', sku: 's2', qty: 5 }]);
    const byQuery = await client.exportDataByQuery('FOR d IN ie FILTER d.qty > @q SORT d.qty RETURN d', { q: 2 });
    expect(byQuery.result).toEqual([
      { _key: 's2', sku: 's2', qty: 5 },
      { _key: 's3', sku: 's3', qty: 9 },
    ]);
    await expect(client.exportDataByQuery('FOR d IN ie REMOVE d IN ie', {})).rejects.toMatchObject({ errorNum: 10 });
    expect((await client.collection('ie').count()).count).toBe(3);
    await client.deleteCollection('ie');
  });

  it('changes a region\'s spot capability (PUT /_api/datacenter/{dc}/{bool}) and back', async () => {
    const spotOf = async (dc: string): Promise<boolean | undefined> => (await client.getAllEdgeLocations()).find((d) => d.name === dc)?.spot_region;
    expect((await client.changeEdgeLocationSpotStatus('ap-south', false)).result).toBe(true);
    expect(await spotOf('ap-south')).toBe(false);
    expect((await client.changeEdgeLocationSpotStatus('ap-south', true)).result).toBe(true);
    expect(await spotOf('ap-south')).toBe(true);
  });

  it('drops the fabric from _system', async () => {
    client.useFabric('_system');
    const dropped = await client.dropFabric('spotfab');
    expect(dropped.result).toBe(true);
    client.useFabric('spotfab');
    expect(await client.exists()).toBe(false);
  });
});
