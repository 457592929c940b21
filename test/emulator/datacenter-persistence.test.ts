// A region's spot capability set by an admin (PUT /datacenter/{dc}/{bool}, and jsC8's
// /_api/datacenter/… form) is kept across a restart on the same data dir, and keeps
// steering automatic spot-region choice afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'c8spot-dc-'));
  dirs.push(d);
  return d;
}

async function spotFlags(emu: EmulatorHandle): Promise<Record<string, boolean>> {
  const all = (await api(emu).get('/datacenter/all')).body as { name: string; spot_region: boolean }[];
  return Object.fromEntries(all.map((d) => [d.name, d.spot_region]));
}

describe('datacenter spot flag persistence', () => {
  it('survives a restart; both path forms write it; later fabrics honour it', async () => {
    const dir = tempDir();
    const a = await startTestEmulator({ inMemory: false, dataDir: dir });
    try {
      expect(await spotFlags(a)).toEqual({ 'us-east': true, 'eu-west': true, 'ap-south': true });
      const pyForm = await api(a).put('/datacenter/us-east/false');
      expect([pyForm.status, pyForm.body]).toEqual([200, { result: true }]);
      const jsForm = await api(a).put('/_api/datacenter/eu-west/0');
      expect([jsForm.status, jsForm.body]).toEqual([200, { result: true }]);
      expect(await spotFlags(a)).toEqual({ 'us-east': false, 'eu-west': false, 'ap-south': true });
    } finally {
      await a.close();
    }

    const b = await startTestEmulator({ inMemory: false, dataDir: dir });
    try {
      expect(await spotFlags(b)).toEqual({ 'us-east': false, 'eu-west': false, 'ap-south': true });
      // The single-DC record leaves spot_region out; the tenant list carries it.
      const tenant = (await api(b).get(`/datacenter/_tenant/${b.tenant}`)).body[0].dcInfo as { name: string; spot_region: boolean }[];
      expect(tenant.map((d) => [d.name, d.spot_region])).toEqual([
        ['us-east', false],
        ['eu-west', false],
        ['ap-south', true],
      ]);
      // No spotDc given: the first spot-capable region of the list, now ap-south.
      const made = await api(b).post('/_fabric/_system/_api/database', { name: 'auto', options: { dcList: 'us-east,eu-west,ap-south' } });
      expect(made.status).toBe(201);
      expect((await api(b).get('/_fabric/auto/_api/database/current')).body.result.options.spotDc).toBe('ap-south');
      // Naming a region that is no longer spot-capable is refused.
      const refused = await api(b).post('/_fabric/_system/_api/database', { name: 'pinned', options: { dcList: 'us-east', spotDc: 'us-east' } });
      expect([refused.status, refused.body.errorNum]).toEqual([400, 10]);
      // Turning it back on is persisted the same way.
      expect((await api(b).put('/datacenter/us-east/true')).status).toBe(200);
    } finally {
      await b.close();
    }

    const c = await startTestEmulator({ inMemory: false, dataDir: dir });
    try {
      expect(await spotFlags(c)).toEqual({ 'us-east': true, 'eu-west': false, 'ap-south': true });
    } finally {
      await c.close();
    }
  });

  it('a restart with fewer regions ignores the missing one and forgets nothing', async () => {
    const dir = tempDir();
    const a = await startTestEmulator({ inMemory: false, dataDir: dir });
    await api(a).put('/datacenter/ap-south/false');
    await a.close();
    const b = await startTestEmulator({ inMemory: false, dataDir: dir, regions: ['us-east', 'eu-west'] });
    expect(await spotFlags(b)).toEqual({ 'us-east': true, 'eu-west': true });
    await b.close();
    const c = await startTestEmulator({ inMemory: false, dataDir: dir });
    expect((await spotFlags(c))['ap-south']).toBe(false);
    await c.close();
  });

  it('only the admin may change it; bad flags and unknown regions are refused', async () => {
    const emu = await startTestEmulator();
    try {
      const c = api(emu);
      const key = (await c.post('/_api/key', { keyid: 'plain' })).body.key as string;
      expect((await c.put('/datacenter/eu-west/false', undefined, { auth: { apiKey: key } })).status).toBe(403);
      expect((await c.put('/datacenter/eu-west/maybe')).body.errorNum).toBe(10);
      expect((await c.put('/datacenter/mars/false')).body.errorNum).toBe(102024);
      expect(await spotFlags(emu)).toEqual({ 'us-east': true, 'eu-west': true, 'ap-south': true });
    } finally {
      await emu.close();
    }
  });
});
