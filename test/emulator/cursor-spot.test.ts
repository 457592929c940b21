// The query region seam: a query writing a spot collection, or flagged strongConsistency,
// runs at the fabric's spot region; other queries run where they arrive.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/emulator/clock.js';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

const REGIONS = ['us-east', 'eu-west'];
let emu: EmulatorHandle | undefined;
afterAll(() => emu?.close());

describe('cursor region choice', () => {
  it('writes spot collections at the spot region; strong reads see them, local reads wait for replication', async () => {
    // A long replication lag: only spot routing makes the write visible from eu-west.
    emu = await startTestEmulator({ regions: REGIONS, clock: new ManualClock(1_700_000_000_000), replicationLagMs: 60_000 });
    const root = api(emu);
    expect((await root.post('/_api/database', { name: 'sf', options: { dcList: REGIONS.join(','), spotDc: 'us-east' } })).status).toBe(201);
    expect((await root.post('/_fabric/sf/_api/collection', { name: 'acc', isSpot: true })).status).toBe(200);
    expect((await root.post('/_fabric/sf/_api/collection', { name: 'glob' })).status).toBe(200);
    const eu = api(emu, emu.regions['eu-west']);
    const w = await eu.post('/_fabric/sf/_api/cursor', { query: 'INSERT {_key: "q1"} INTO acc RETURN NEW._key' });
    expect(w.status, w.text).toBe(201);
    expect(w.body.result).toEqual(['q1']);
    const strong = await eu.post('/_fabric/sf/_api/cursor', { query: 'FOR d IN acc RETURN d._key', options: { strongConsistency: true } });
    expect(strong.body.result).toEqual(['q1']);
    const local = await eu.post('/_fabric/sf/_api/cursor', { query: 'FOR d IN acc RETURN d._key' });
    expect(local.body.result).toEqual([]);
    const flaggedGlobal = await eu.post('/_fabric/sf/_api/cursor', { query: 'FOR d IN glob RETURN d', strongConsistency: true });
    expect([flaggedGlobal.status, flaggedGlobal.body.errorNum]).toEqual([400, 10]);
  });
});
