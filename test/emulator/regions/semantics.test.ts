// Multi-region semantics over HTTP (specs/emulator.md §4), deterministic: a ManualClock
// drives every simulated delay, so "only after the delay" is checked to the millisecond.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/emulator/clock.js';
import { api, startTestEmulator, type EmulatorHandle } from '../../helpers/emulator.js';

const REGIONS = ['us-east', 'eu-west', 'ap-south'];
const running: EmulatorHandle[] = [];
afterEach(async () => {
  for (const e of running.splice(0)) await e.close();
});

async function start(opts: Parameters<typeof startTestEmulator>[0] = {}): Promise<{ emu: EmulatorHandle; clock: ManualClock }> {
  const clock = new ManualClock(1_700_000_000_000);
  const emu = await startTestEmulator({ regions: REGIONS, clock, ...opts });
  running.push(emu);
  return { emu, clock };
}

const at = (emu: EmulatorHandle, region: string) => api(emu, emu.regions[region]);
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Waits (real time, briefly) until a routed spot request is queued on the link. */
async function queuedSpotRequest(emu: EmulatorHandle, from: string, to: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (emu.core.network.links.queued(from, to, 'spot-request') > 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the spot request never reached the link');
}

async function setUp(emu: EmulatorHandle, spot: boolean): Promise<string> {
  const fabric = spot ? 'spotfab' : 'globfab';
  const f = await api(emu).post('/_api/database', { name: fabric, options: { dcList: REGIONS.join(','), spotDc: 'us-east' } });
  expect(f.status, f.text).toBe(201);
  const c = await api(emu).post(`/_fabric/${fabric}/_api/collection`, { name: 'accounts', ...(spot ? { isSpot: true } : {}) });
  expect(c.status, c.text).toBe(200);
  return fabric;
}

const doc = (emu: EmulatorHandle, region: string, fabric: string, key: string, strong?: boolean) =>
  at(emu, region).get(`/_fabric/${fabric}/_api/document/accounts/${key}${strong === undefined ? '' : `?strongConsistency=${strong}`}`);

describe('global collections', () => {
  it('show a write in other regions only after the link delay plus the replication lag', async () => {
    const { emu, clock } = await start({ replicationLagMs: 1000 });
    const fabric = await setUp(emu, false);
    const w = await at(emu, 'us-east').post(`/_fabric/${fabric}/_api/document/accounts`, { _key: 'a1', balance: 10 });
    expect(w.status).toBe(202);
    expect((await doc(emu, 'us-east', fabric, 'a1')).body.balance).toBe(10);
    clock.advance(999);
    await settle();
    expect((await doc(emu, 'eu-west', fabric, 'a1')).status).toBe(404);
    clock.advance(1);
    await settle();
    const r = await doc(emu, 'eu-west', fabric, 'a1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ _key: 'a1', balance: 10, _rev: w.body._rev });
  });

  it('converge to the same document everywhere after concurrent conflicting writes', async () => {
    const { emu, clock } = await start({ replicationLagMs: 100 });
    const fabric = await setUp(emu, false);
    await at(emu, 'us-east').post(`/_fabric/${fabric}/_api/document/accounts`, { _key: 'k', owner: 'ann', balance: 10 });
    clock.advance(100);
    await settle();
    // Both regions update the same document before seeing each other's change.
    const e = await at(emu, 'us-east').patch(`/_fabric/${fabric}/_api/document/accounts/k`, { balance: 20, city: 'ashburn' });
    const w = await at(emu, 'eu-west').patch(`/_fabric/${fabric}/_api/document/accounts/k`, { balance: 30, note: 'dublin' });
    expect(e.status).toBe(202);
    expect(w.status).toBe(202);
    clock.advance(100);
    await settle();
    const all = await Promise.all(REGIONS.map((r) => doc(emu, r, fabric, 'k')));
    for (const r of all) expect(r.body).toEqual(all[0]!.body);
    // Field-level LWW: untouched and disjoint fields survive; the contested one goes to the
    // write with the greater HLC, which `_rev` encodes in string order.
    const winner = e.body._rev > w.body._rev ? 20 : 30;
    expect(all[0]!.body).toMatchObject({ owner: 'ann', city: 'ashburn', note: 'dublin', balance: winner });
    expect(all[0]!.body._rev).toBe(e.body._rev > w.body._rev ? e.body._rev : w.body._rev);
    const stats = await api(emu).get('/_emulator/stats');
    expect(stats.body.replication.conflicts).toBeGreaterThanOrEqual(1);
  });
});

describe('spot collections', () => {
  it('show a write to strong reads from every region as soon as it is acknowledged', async () => {
    // A huge replication lag: only spot routing can make the write visible elsewhere.
    const { emu } = await start({ replicationLagMs: 60_000 });
    const fabric = await setUp(emu, true);
    const w = await at(emu, 'ap-south').post(`/_fabric/${fabric}/_api/document/accounts`, { _key: 's1', balance: 5 });
    expect(w.status).toBe(202);
    for (const r of REGIONS) {
      const strong = await doc(emu, r, fabric, 's1', true);
      expect(strong.status, r).toBe(200);
      expect(strong.body.balance).toBe(5);
      expect(strong.headers['x-gdn-region']).toBe('us-east');
    }
    // Unflagged reads are local and may be stale: ap-south's replica has not heard yet.
    expect((await doc(emu, 'ap-south', fabric, 's1')).status).toBe(404);
    expect((await doc(emu, 'us-east', fabric, 's1', false)).status).toBe(200);
  });

  it('rejects the strong flag on a global collection with 400/10', async () => {
    const { emu } = await start();
    const fabric = await setUp(emu, false);
    const r = await doc(emu, 'us-east', fabric, 'nope', true);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: true, errorNum: 10 });
  });
});

describe('faults', () => {
  it('partition: spot ops from the cut-off side time out 504/1457, global writes continue and replicate after heal', async () => {
    const { emu, clock } = await start({ spotTimeoutMs: 2000 });
    const spotFabric = await setUp(emu, true);
    const globFabric = await setUp(emu, false);
    await api(emu).post('/_emulator/faults', { partition: [['ap-south']] });

    const pending = at(emu, 'ap-south').post(`/_fabric/${spotFabric}/_api/document/accounts`, { _key: 'p1', v: 1 });
    await queuedSpotRequest(emu, 'ap-south', 'us-east');
    clock.advance(2000);
    const timedOut = await pending;
    expect(timedOut.status).toBe(504);
    expect(timedOut.body).toMatchObject({ error: true, code: 504, errorNum: 1457 });

    const strongRead = at(emu, 'ap-south').get(`/_fabric/${spotFabric}/_api/document/accounts/p1?strongConsistency=true`);
    await queuedSpotRequest(emu, 'ap-south', 'us-east');
    clock.advance(2000);
    expect((await strongRead).status).toBe(504);

    const g = await at(emu, 'ap-south').post(`/_fabric/${globFabric}/_api/document/accounts`, { _key: 'g1', v: 7 });
    expect(g.status).toBe(202);
    await settle();
    expect((await doc(emu, 'us-east', globFabric, 'g1')).status).toBe(404);

    await api(emu).post('/_emulator/heal');
    await settle();
    for (const r of REGIONS) expect((await doc(emu, r, globFabric, 'g1')).body.v, r).toBe(7);
    // The timed-out spot write was withdrawn before it reached the spot region: never applied.
    expect((await doc(emu, 'us-east', spotFabric, 'p1', true)).status).toBe(404);
  });

  it('spot region down: spot writes fail fast with 503/1478; its listener refuses', async () => {
    const { emu } = await start();
    const fabric = await setUp(emu, true);
    await api(emu).post('/_emulator/faults', { down: 'us-east' });
    const r = await at(emu, 'eu-west').post(`/_fabric/${fabric}/_api/document/accounts`, { _key: 'd1' });
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ errorNum: 1478 });
    await expect(at(emu, 'us-east').get('/_admin/ready')).rejects.toThrow();
    await api(emu).post('/_emulator/heal');
    expect((await at(emu, 'eu-west').post(`/_fabric/${fabric}/_api/document/accounts`, { _key: 'd1' })).status).toBe(202);
  });
});

describe('replication backlog', () => {
  it('makes global writes of the lagging region read-only (503/1004) past --max-backlog; reads and spot writes go on', async () => {
    const { emu } = await start({ maxBacklog: 1 });
    const glob = await setUp(emu, false);
    const spot = await setUp(emu, true);
    await api(emu).post('/_emulator/faults', { partition: [['us-east']] });
    const w = (k: string) => at(emu, 'us-east').post(`/_fabric/${glob}/_api/document/accounts`, { _key: k });
    expect((await w('b1')).status).toBe(202);
    expect((await w('b2')).status).toBe(202);
    const refused = await w('b3');
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: true, errorNum: 1004 });
    expect((await doc(emu, 'us-east', glob, 'b1')).status).toBe(200);
    expect((await at(emu, 'us-east').post(`/_fabric/${spot}/_api/document/accounts`, { _key: 's' })).status).toBe(202);
    expect((await at(emu, 'eu-west').post(`/_fabric/${glob}/_api/document/accounts`, { _key: 'elsewhere' })).status).toBe(202);
    await api(emu).post('/_emulator/heal');
    await emu.core.network.replicator!.idle();
    expect((await w('b3')).status).toBe(202);
  });
});

describe('restart', () => {
  it('resumes queued replication from the data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8spot-restart-'));
    try {
      const first = await startTestEmulator({ regions: REGIONS, dataDir: dir, inMemory: false });
      const fabric = await setUp(first, false);
      await api(first).post('/_emulator/faults', { partition: [['ap-south']] });
      const w = await api(first, first.regions['us-east']).post(`/_fabric/${fabric}/_api/document/accounts`, { _key: 'q1', v: 'queued' });
      expect(w.status).toBe(202);
      await first.close();

      const second = await startTestEmulator({ regions: REGIONS, dataDir: dir, inMemory: false });
      running.push(second);
      await second.core.network.replicator!.idle();
      const r = await doc(second, 'ap-south', fabric, 'q1');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ v: 'queued', _rev: w.body._rev });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
