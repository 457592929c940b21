import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdnError } from '../../../src/emulator/errors.js';
import { queryRegion, runIn, servedBy, servingRegion, strongFlag } from '../../../src/emulator/regions/routing.js';
import { startTestEmulator, type EmulatorHandle } from '../../helpers/emulator.js';

let emu: EmulatorHandle;
let always: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west', 'ap-south'] });
  always = await startTestEmulator({ regions: ['us-east', 'eu-west'], spotReads: 'always', debugPlantBug: 'spot-local-write' });
  emu.core.fabrics.create({ name: 'spotty', dcList: ['us-east', 'eu-west', 'ap-south'], spotDc: 'eu-west', metadata: null });
  emu.core.fabrics.create({ name: 'nospot', dcList: ['us-east', 'eu-west'], spotDc: '', metadata: null });
});
afterAll(async () => {
  await emu.close();
  await always.close();
});

const SPOT = { isSpot: true, isLocal: false };
const GLOBAL = { isSpot: false, isLocal: false };
const ctxOf = (e: EmulatorHandle, region: string, fabric = 'spotty') => ({ core: e.core, region, fabric, signal: new AbortController().signal });

describe('strongFlag', () => {
  it('reads the query string, then the body root, then body.options', () => {
    expect(strongFlag({ query: { strongConsistency: '1' }, body: undefined })).toBe(true);
    expect(strongFlag({ query: { strongConsistency: 'false' }, body: { strongConsistency: true } })).toBe(false);
    expect(strongFlag({ query: {}, body: { query: 'RETURN 1', strongConsistency: true } })).toBe(true);
    expect(strongFlag({ query: {}, body: { options: { strongConsistency: false } } })).toBe(false);
    expect(strongFlag({ query: {}, body: [1] })).toBeUndefined();
    expect(strongFlag({ query: {}, body: undefined })).toBeUndefined();
  });

  it('rejects values that are not booleans with 400/10', () => {
    expect(() => strongFlag({ query: { strongConsistency: 'maybe' }, body: undefined })).toThrow(expect.objectContaining({ status: 400, errorNum: 10 }));
    expect(() => strongFlag({ query: {}, body: { strongConsistency: 'yes' } })).toThrow(expect.objectContaining({ status: 400, errorNum: 10 }));
  });
});

describe('servingRegion', () => {
  it('sends spot writes and flagged spot reads to the spot region, unflagged reads stay local', () => {
    const ctx = ctxOf(emu, 'ap-south');
    expect(servingRegion(ctx, SPOT, 'write', undefined)).toBe('eu-west');
    expect(servingRegion(ctx, SPOT, 'read', true)).toBe('eu-west');
    expect(servingRegion(ctx, SPOT, 'read', undefined)).toBe('ap-south');
    expect(servingRegion(ctx, SPOT, 'read', false)).toBe('ap-south');
  });

  it('keeps global and local collections at the entry region', () => {
    const ctx = ctxOf(emu, 'ap-south');
    expect(servingRegion(ctx, GLOBAL, 'write', undefined)).toBe('ap-south');
    expect(servingRegion(ctx, { isSpot: false, isLocal: true }, 'read', false)).toBe('ap-south');
  });

  it('answers 400/10 for the flag on a global collection', () => {
    expect(() => servingRegion(ctxOf(emu, 'us-east'), GLOBAL, 'read', true)).toThrow(expect.objectContaining({ status: 400, errorNum: 10 }));
  });

  it('answers 400/10 for a spot collection in a fabric without a spot region', () => {
    expect(() => servingRegion(ctxOf(emu, 'us-east', 'nospot'), SPOT, 'write', undefined)).toThrow(/has no spot region/);
  });

  it('makes every spot read strong with spotReads always, unless explicitly unflagged', () => {
    const ctx = ctxOf(always, 'eu-west', '_system');
    expect(servingRegion(ctx, SPOT, 'read', undefined)).toBe('us-east');
    expect(servingRegion(ctx, SPOT, 'read', false)).toBe('eu-west');
  });

  it('executes spot writes locally when the negative-control bug is planted', () => {
    expect(servingRegion(ctxOf(always, 'eu-west', '_system'), SPOT, 'write', undefined)).toBe('eu-west');
    expect(servingRegion(ctxOf(emu, 'ap-south'), SPOT, 'write', undefined)).toBe('eu-west');
  });
});

describe('queryRegion', () => {
  const spotRead = { isSpot: true, isLocal: false, written: false };
  const spotWrite = { isSpot: true, isLocal: false, written: true };
  const globalWrite = { isSpot: false, isLocal: false, written: true };
  it('runs queries that write a spot collection, or are flagged, at the spot region', () => {
    const ctx = ctxOf(emu, 'ap-south');
    expect(queryRegion(ctx, [spotWrite, globalWrite], undefined)).toBe('eu-west');
    expect(queryRegion(ctx, [spotRead], true)).toBe('eu-west');
    expect(queryRegion(ctx, [spotRead], undefined)).toBe('ap-south');
    expect(queryRegion(ctx, [globalWrite], undefined)).toBe('ap-south');
    expect(queryRegion(ctx, [], true)).toBe('ap-south');
  });

  it('rejects the flag on a query over global collections only, and follows spotReads always', () => {
    expect(() => queryRegion(ctxOf(emu, 'us-east'), [globalWrite], true)).toThrow(expect.objectContaining({ status: 400, errorNum: 10 }));
    expect(queryRegion(ctxOf(always, 'eu-west', '_system'), [spotRead], undefined)).toBe('us-east');
  });
});

describe('servedBy', () => {
  it('names the serving region, and the entry region when routed', () => {
    expect(servedBy({ region: 'us-east' }, 'us-east')).toEqual({ 'x-gdn-region': 'us-east' });
    expect(servedBy({ region: 'ap-south' }, 'eu-west')).toEqual({ 'x-gdn-region': 'eu-west', 'x-c8spot-entry-region': 'ap-south' });
  });
});

describe('runIn', () => {
  it('runs locally or over the links, and reports the spot region down as 503/1478', async () => {
    const ctx = ctxOf(emu, 'ap-south');
    expect(await runIn(ctx, 'ap-south', () => 'local')).toBe('local');
    expect(await runIn(ctx, 'eu-west', () => 'remote')).toBe('remote');
    expect(emu.core.network.spot.stats.routed).toBe(1);
    emu.core.network.faults.setDown('eu-west', true);
    try {
      await expect(runIn(ctx, 'eu-west', () => 'never')).rejects.toMatchObject({ status: 503, errorNum: 1478 });
      await expect(runIn(ctxOf(emu, 'eu-west'), 'eu-west', () => 'never')).rejects.toBeInstanceOf(GdnError);
    } finally {
      emu.core.network.faults.heal();
    }
  });
});
