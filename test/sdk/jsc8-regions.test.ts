// The complete jsC8 1.1.0 spot workflow (issue #6, specs/verification.md layer 4), run once
// per URL a user can give the SDK: the global URL and each region's own URL, all over TLS.
// One emulator serves every target; each target uses its own fabric, key and spot region.
//
// jsC8 rewrites every URL to https://api-<host>, so each target is a made-up host name on
// the target's port, and the agent resolves every name to 127.0.0.1. The names are chosen
// NOT to name a region, so the listener (not Host routing) decides who serves the request.
//
// The emulator runs with spotReads 'always': jsC8 1.1.0 cannot put strongConsistency=true
// on document reads, and this suite checks SDK compatibility, not staleness (the
// consistency suites in test/verify cover flagged vs unflagged reads).
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { anyHostToLoopback } from '../helpers/loopback-lookup.js';

const require = createRequire(import.meta.url);
const Jsc8 = require('jsc8') as new (config: Record<string, unknown>) => Jsc8Client;

type Doc = Record<string, unknown> & { _key: string };

// The subset of jsC8's client this suite calls.
interface Jsc8Client {
  login(email: string, password: string): Promise<{ jwt: string; tenant: string; username: string }>;
  loginWithApiKey(key: string): Promise<void>;
  useFabric(name: string): Jsc8Client;
  exists(): Promise<boolean>;
  get(): Promise<{ name: string; isSystem: boolean; options: { dcList: string; spotDc: string; metadata?: unknown } }>;
  createFabric(name: string, users: string[], options: Record<string, unknown>): Promise<{ result: boolean }>;
  dropFabric(name: string): Promise<{ result: boolean }>;
  listFabrics(): Promise<string[]>;
  getAllEdgeLocations(): Promise<{ name: string; local: boolean; spot_region: boolean }[]>;
  getLocalEdgeLocation(): Promise<{ name: string; local: boolean }>;
  getDcList(): Promise<{ tenant: string; dcInfo: { name: string }[] }[]>;
  createApiKey(keyid: string): Promise<{ key: string; keyid: string }>;
  removeApiKey(keyid: string): Promise<unknown>;
  setDatabaseAccessLevel(keyid: string, fabric: string, level: string): Promise<{ result: string }>;
  getDatabaseAccessLevel(keyid: string, fabric: string): Promise<{ result: string }>;
  hasCollection(name: string): Promise<boolean>;
  createCollection(name: string, props: Record<string, unknown>): Promise<{ name: string; isSpot: boolean }>;
  listCollections(excludeSystem?: boolean): Promise<{ name: string; isSpot: boolean; type: number; status: number; isSystem: boolean }[]>;
  collection(name: string): {
    count(): Promise<{ count: number }>;
    properties(): Promise<{ name: string; isSpot: boolean; waitForSync: boolean }>;
    truncate(): Promise<{ name: string }>;
  };
  insertDocumentMany(name: string, docs: unknown[]): Promise<{ _key: string; _id: string; _rev: string }[]>;
  getDocument(name: string, key: string, graceful?: boolean): Promise<Doc | null>;
  updateDocument(name: string, key: string, patch: Record<string, unknown>, opts?: Record<string, unknown>): Promise<{ _key: string; _rev: string; _oldRev: string; new?: Doc }>;
  deleteDocument(name: string, key: string): Promise<{ _key: string }>;
  deleteCollection(name: string): Promise<unknown>;
  executeQuery(query: string, bindVars?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<unknown[]>;
  createRestql(name: string, value: string, parameter?: Record<string, unknown>): Promise<{ result: { name: string; value: string } }>;
  getRestqls(): Promise<{ result: { name: string; value: string }[] }>;
  executeRestql(name: string, bindVars?: Record<string, unknown>): Promise<{ result: unknown[]; hasMore: boolean }>;
  updateRestql(name: string, value: string, parameter?: Record<string, unknown>): Promise<unknown>;
  deleteRestql(name: string): Promise<unknown>;
  close(): void;
}

interface Target {
  readonly label: string;
  /** Which listener: 'global' or a region name. */
  readonly listener: string;
  /** The region expected to answer /datacenter/local. */
  readonly serves: string;
  /** The fabric's spot region: never the serving one, so spot writes are routed. */
  readonly spotDc: string;
}

const REGIONS = ['us-east', 'eu-west', 'ap-south'];
const TARGETS: readonly Target[] = [
  { label: 'global', listener: 'global', serves: 'us-east', spotDc: 'eu-west' },
  { label: 'us-east', listener: 'us-east', serves: 'us-east', spotDc: 'ap-south' },
  { label: 'eu-west', listener: 'eu-west', serves: 'eu-west', spotDc: 'us-east' },
  { label: 'ap-south', listener: 'ap-south', serves: 'ap-south', spotDc: 'eu-west' },
];

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ tls: true, spotReads: 'always' });
});
afterAll(async () => {
  await emu?.close();
});

function clientFor(t: Target): Jsc8Client {
  const url = t.listener === 'global' ? emu.url : emu.regions[t.listener]!;
  const port = new URL(url).port;
  // 'sdk-<label>.test' becomes Host 'api-sdk-<label>.test', which names no region.
  return new Jsc8({
    url: `https://sdk-${t.label}.test:${port}`,
    agentOptions: { rejectUnauthorized: false, lookup: anyHostToLoopback, keepAlive: false },
  });
}

const ACCOUNTS = 30;

describe.each(TARGETS)('jsC8 1.1.0 spot workflow via the $label URL', (t) => {
  const fabric = `spot_${t.label.replace('-', '_')}`;
  const keyid = `sdk${t.label.replace('-', '')}`;
  let admin: Jsc8Client;
  let keyed: Jsc8Client;

  beforeAll(() => {
    admin = clientFor(t);
    keyed = clientFor(t);
  });
  afterAll(() => {
    admin?.close();
    keyed?.close();
  });

  it('logs in with email and password', async () => {
    const body = await admin.login(emu.email, emu.password);
    expect(body.tenant).toBe(emu.tenant);
    expect(body.jwt.split('.')).toHaveLength(3);
  });

  it('lists the regions, with the serving one local', async () => {
    const all = await admin.getAllEdgeLocations();
    expect(all.map((d) => d.name)).toEqual(REGIONS);
    expect(all.filter((d) => d.local).map((d) => d.name)).toEqual([t.serves]);
    expect(all.every((d) => d.spot_region)).toBe(true);
    expect(await admin.getLocalEdgeLocation()).toMatchObject({ name: t.serves, local: true });
    const tenantDcs = await admin.getDcList();
    expect(tenantDcs[0]!.tenant).toBe(emu.tenant);
    expect(tenantDcs[0]!.dcInfo.map((d) => d.name)).toEqual(REGIONS);
  });

  it('creates a fabric with dcList (array) and spotDc; exists() turns true; properties show both', async () => {
    admin.useFabric(fabric);
    expect(await admin.exists()).toBe(false);
    admin.useFabric('_system');
    const created = await admin.createFabric(fabric, ['root'], { dcList: REGIONS, spotDc: t.spotDc });
    expect(created.result).toBe(true);
    expect(await admin.listFabrics()).toContain(fabric);
    admin.useFabric(fabric);
    expect(await admin.exists()).toBe(true);
    const props = await admin.get();
    expect(props).toMatchObject({ name: fabric, isSystem: false, options: { dcList: REGIONS.join(','), spotDc: t.spotDc } });
  });

  it('creates an API key with rw on the fabric and logs a second client in with it', async () => {
    admin.useFabric('_system');
    const created = await admin.createApiKey(keyid);
    expect(created.keyid).toBe(keyid);
    expect(created.key.startsWith(`${emu.tenant}.${keyid}.`)).toBe(true);
    expect((await admin.setDatabaseAccessLevel(keyid, fabric, 'rw')).result).toBe('rw');
    expect((await admin.getDatabaseAccessLevel(keyid, fabric)).result).toBe('rw');
    await keyed.loginWithApiKey(created.key);
    keyed.useFabric(fabric);
    expect(await keyed.exists()).toBe(true);
    expect((await keyed.get()).options.spotDc).toBe(t.spotDc);
  });

  it('creates a spot collection (isSpot) and lists it as spot', async () => {
    expect(await keyed.hasCollection('accounts')).toBe(false);
    const made = await keyed.createCollection('accounts', { isSpot: true });
    expect(made).toMatchObject({ name: 'accounts', isSpot: true });
    expect(await keyed.hasCollection('accounts')).toBe(true);
    const listed = (await keyed.listCollections()).find((c) => c.name === 'accounts');
    expect(listed).toMatchObject({ isSpot: true, type: 2, status: 3, isSystem: false });
    expect(await keyed.collection('accounts').properties()).toMatchObject({ name: 'accounts', isSpot: true, waitForSync: false });
  });

  it('inserts many, in input order', async () => {
    const docs = Array.from({ length: ACCOUNTS }, (_, i) => ({ _key: `a${String(i).padStart(2, '0')}`, n: i, balance: 100 }));
    const meta = await keyed.insertDocumentMany('accounts', docs);
    expect(meta.map((m) => m._key)).toEqual(docs.map((d) => d._key));
    expect(meta.every((m) => m._id === `accounts/${m._key}` && typeof m._rev === 'string')).toBe(true);
    expect((await keyed.collection('accounts').count()).count).toBe(ACCOUNTS);
  });

  it('gets, updates and removes single documents', async () => {
    const before = await keyed.getDocument('accounts', 'a03');
    expect(before).toMatchObject({ _key: 'a03', _id: 'accounts/a03', n: 3, balance: 100 });
    const upd = await keyed.updateDocument('accounts', 'a03', { balance: 75, note: 'paid' }, { returnNew: true });
    expect(upd._oldRev).toBe(before!._rev);
    expect(upd._rev).not.toBe(before!._rev);
    expect(upd.new).toMatchObject({ n: 3, balance: 75, note: 'paid' });
    expect(await keyed.getDocument('accounts', 'a03')).toMatchObject({ balance: 75, note: 'paid', _rev: upd._rev });
    expect((await keyed.deleteDocument('accounts', 'a04'))._key).toBe('a04');
    expect(await keyed.getDocument('accounts', 'a04', true)).toBeNull();
    await expect(keyed.getDocument('accounts', 'a04')).rejects.toMatchObject({ errorNum: 1202 });
    expect((await keyed.collection('accounts').count()).count).toBe(ACCOUNTS - 1);
  });

  it('runs a query with bind variables over several batches', async () => {
    // batchSize 4 over 19 rows: jsC8 follows hasMore/id through four PUT /cursor/{id}.
    const rows = await keyed.executeQuery('FOR a IN accounts FILTER a.n >= @min SORT a.n RETURN a.n', { min: 10 }, { batchSize: 4 });
    expect(rows).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
    const total = await keyed.executeQuery('RETURN SUM(FOR a IN @@c RETURN a.balance)', { '@c': 'accounts' });
    expect(total).toEqual([100 * (ACCOUNTS - 1) - 25]);
  });

  it('saved queries: create, list, run, update, run again, delete', async () => {
    const made = await keyed.createRestql('rich', 'FOR a IN accounts FILTER a.balance >= @min RETURN a._key', { min: 0 });
    expect(made.result).toMatchObject({ name: 'rich' });
    expect((await keyed.getRestqls()).result.map((q) => q.name)).toEqual(['rich']);
    const run = await keyed.executeRestql('rich', { min: 100 });
    expect(run.hasMore).toBe(false);
    expect(run.result).toHaveLength(ACCOUNTS - 2); // a03 now holds 75, a04 is gone
    await keyed.updateRestql('rich', 'FOR a IN accounts FILTER a.balance < @min RETURN a._key', { min: 100 });
    expect((await keyed.getRestqls()).result[0]!.value).toContain('a.balance < @min');
    expect((await keyed.executeRestql('rich', { min: 100 })).result).toEqual(['a03']);
    await keyed.deleteRestql('rich');
    expect((await keyed.getRestqls()).result).toEqual([]);
  });

  it('truncates the collection, then deletes it', async () => {
    const truncated = await keyed.collection('accounts').truncate();
    expect(truncated).toMatchObject({ name: 'accounts' });
    expect((await keyed.collection('accounts').count()).count).toBe(0);
    await keyed.deleteCollection('accounts');
    expect(await keyed.hasCollection('accounts')).toBe(false);
    expect((await keyed.listCollections()).map((c) => c.name)).not.toContain('accounts');
  });

  it('drops the fabric from _system and removes the key', async () => {
    admin.useFabric('_system');
    expect((await admin.dropFabric(fabric)).result).toBe(true);
    admin.useFabric(fabric);
    expect(await admin.exists()).toBe(false);
    admin.useFabric('_system');
    expect(await admin.listFabrics()).not.toContain(fabric);
    await admin.removeApiKey(keyid);
    await expect(keyed.get()).rejects.toMatchObject({ code: 401 });
  });
});
