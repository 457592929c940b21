import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, rawRequest, startTestEmulator, type EmulatorHandle } from '../../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west', 'ap-south'] });
});
afterAll(() => emu.close());

describe('/_emulator/faults, /heal, /stats', () => {
  it('partitions regions, reports them in datacenter status, and heals', async () => {
    const r = await api(emu).post('/_emulator/faults', { partition: [['ap-south']] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ error: false, code: 200, faults: { partitions: [['ap-south'], ['us-east', 'eu-west']] } });
    const dcs = await api(emu, emu.regions['ap-south']).get('/datacenter/all');
    expect(dcs.body.map((d: { name: string; status: number }) => [d.name, d.status])).toEqual([
      ['us-east', 1],
      ['eu-west', 1],
      ['ap-south', 0],
    ]);
    const healed = await api(emu).post('/_emulator/heal');
    expect(healed.status).toBe(200);
    expect(healed.body.faults).toEqual({ partitions: [], down: [], lag: [], drop: [] });
    const after = await api(emu, emu.regions['ap-south']).get('/datacenter/all');
    expect(after.body.every((d: { status: number }) => d.status === 0)).toBe(true);
  });

  it('takes a region down (its listener refuses) and brings it back on heal', async () => {
    const r = await api(emu).post('/_emulator/faults', { down: 'eu-west' });
    expect(r.body.faults.down).toEqual(['eu-west']);
    await expect(rawRequest(emu.regions['eu-west']!, 'GET', '/_admin/ready')).rejects.toThrow();
    const stats = await api(emu).get('/_emulator/stats');
    expect(stats.body.regions.find((x: { name: string }) => x.name === 'eu-west').down).toBe(true);
    await api(emu).post('/_emulator/heal');
    expect((await rawRequest(emu.regions['eu-west']!, 'GET', '/_admin/ready')).status).toBe(200);
  });

  it('sets link lag both ways unless oneWay, and drop rates', async () => {
    const r = await api(emu).post('/_emulator/faults', {
      lag: [{ from: 'us-east', to: 'eu-west', ms: 250 }, { from: 'api-ap-south.c8spot.local', to: 'us-east', ms: 10, oneWay: true }],
      drop: { from: 'us-east', to: 'ap-south', probability: 0.25, oneWay: true },
    });
    expect(r.status).toBe(200);
    expect(r.body.faults.lag).toEqual([
      { from: 'us-east', to: 'eu-west', ms: 250 },
      { from: 'eu-west', to: 'us-east', ms: 250 },
      { from: 'ap-south', to: 'us-east', ms: 10 },
    ]);
    expect(r.body.faults.drop).toEqual([{ from: 'us-east', to: 'ap-south', probability: 0.25 }]);
    const stats = await api(emu).get('/_emulator/stats');
    const link = stats.body.links.find((l: { from: string; to: string }) => l.from === 'us-east' && l.to === 'eu-west');
    expect(link).toMatchObject({ faultLagMs: 250, queued: 0, blocked: false, delayMs: 0 });
    await api(emu).post('/_emulator/heal');
  });

  it('rejects bad fault requests with 400/10 and applies nothing', async () => {
    const cases: unknown[] = [
      {},
      { explode: true },
      { partition: 'us-east' },
      { partition: [['us-east', 'mars']] },
      { partition: [['us-east', 'eu-west', 'ap-south']] },
      { down: 'mars' },
      { lag: { from: 'us-east', to: 'us-east', ms: 5 } },
      { lag: { from: 'us-east', to: 'eu-west', ms: 'slow' } },
      { lag: { from: 'us-east', to: 'eu-west', ms: 5 }, drop: { from: 'us-east', to: 'eu-west', probability: 2 } },
    ];
    for (const body of cases) {
      const r = await api(emu).post('/_emulator/faults', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ error: true, code: 400, errorNum: 10 });
    }
    const now = await api(emu).get('/_emulator/faults');
    expect(now.body.faults).toEqual({ partitions: [], down: [], lag: [], drop: [] });
  });

  it('is for the tenant admin only', async () => {
    expect((await api(emu).get('/_emulator/stats', { auth: 'none' })).status).toBe(401);
    const key = await api(emu).post('/_api/key', { keyid: 'faultless' });
    expect(key.status).toBe(201);
    const r = await api(emu).post('/_emulator/heal', undefined, { auth: { apiKey: key.body.key } });
    expect(r.status).toBe(403);
  });

  it('stats list every link with its delay, queue and the spot counters', async () => {
    const r = await api(emu).get('/_emulator/stats');
    expect(r.status).toBe(200);
    expect(r.body.links).toHaveLength(6);
    expect(r.body.regions.map((x: { name: string }) => x.name)).toEqual(['us-east', 'eu-west', 'ap-south']);
    expect(r.body.spot).toEqual({ routed: 0, timedOut: 0, unavailable: 0 });
    expect(r.body).not.toHaveProperty('errorNum');
  });
});
