import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, rawRequest, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

describe('server skeleton', () => {
  it('is ready on every listener and names the serving region', async () => {
    const g = await rawRequest(emu.url, 'GET', '/_admin/ready');
    expect(g.status).toBe(200);
    expect(g.headers['x-gdn-region']).toBe('us-east');
    expect(g.headers['x-gdn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    for (const [region, url] of Object.entries(emu.regions)) {
      const r = await rawRequest(url, 'GET', '/_admin/ready');
      expect(r.status).toBe(200);
      expect(r.headers['x-gdn-region']).toBe(region);
    }
    expect(Object.keys(emu.regions)).toEqual(['us-east', 'eu-west', 'ap-south']);
  });

  it('answers unknown routes with a 404 envelope', async () => {
    const r = await api(emu).get('/_api/nope');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: true, code: 404, errorNum: 404, errorMessage: "unknown path '/_api/nope'" });
  });
});
