import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseUrl } from '../../src/emulator/http/normalise.js';
import { queryBool, queryInt } from '../../src/emulator/http/query.js';
import { api, rawRequest, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ maxBodyBytes: 4096 });
});
afterAll(() => emu.close());

describe('URL normalisation', () => {
  it.each([
    ['/_fabric/f/collection/c', '/_fabric/f/_api/collection/c'],
    ['/_fabric/f/_api/collection/c', '/_fabric/f/_api/collection/c'],
    ['/_api/collection', '/_fabric/_system/_api/collection'],
    ['/_tenant/t/_fabric/f/database/dc', '/_fabric/f/_api/database/dc'],
    ['//_fabric//f/document/c//', '/_fabric/f/_api/document/c'],
    ['/_fabric/f/_api/key/validate', '/_api/key/validate'],
    ['/_fabric/f/key/k1', '/_api/key/k1'],
    ['/_fabric/f/_admin/user/u/database/x', '/_api/user/u/database/x'],
    ['/_api/datacenter/all', '/datacenter/all'],
    ['/_fabric/f/datacenter/local', '/datacenter/local'],
    ['/datacenter/all/', '/datacenter/all'],
    ['/_open/auth', '/_open/auth'],
    ['/_admin/ready?x=1', '/_admin/ready?x=1'],
    ['/_api/cursor?batchSize=1&a=%2F', '/_fabric/_system/_api/cursor?batchSize=1&a=%2F'],
    ['/', '/'],
  ])('%s → %s', (input, output) => {
    expect(normaliseUrl(input)).toBe(output);
  });

  it('serves the same route through every variant', async () => {
    const c = api(emu);
    for (const path of [
      '/_fabric/_system/_api/database/current',
      '/_fabric/_system/database/current',
      '/_fabric/_system/database/current/',
      '//_fabric/_system//database/current',
      '/_api/database/current',
      `/_tenant/${emu.tenant}/_fabric/_system/_api/database/current`,
    ]) {
      const r = await c.get(path);
      expect(r.status, path).toBe(200);
      expect(r.body.result.name).toBe('_system');
    }
  });
});

describe('envelopes and limits', () => {
  it('malformed JSON → 400/600 envelope, also with text/plain (jsC8)', async () => {
    for (const ct of ['application/json', 'text/plain', undefined]) {
      const r = await rawRequest(emu.url, 'POST', '/_open/auth', {
        raw: '{"email": ',
        headers: ct ? { 'content-type': ct } : {},
      });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe(true);
      expect(r.body.code).toBe(400);
      expect(r.body.errorNum).toBe(600);
      expect(typeof r.body.errorMessage).toBe('string');
    }
  });

  it('JSON with a text/plain content type is parsed', async () => {
    const r = await rawRequest(emu.url, 'POST', '/_open/auth', {
      raw: JSON.stringify({ email: emu.email, password: emu.password }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(200);
  });

  it('over-limit body → 413 envelope', async () => {
    const r = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: 'x'.repeat(5000), password: 'p' } });
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ error: true, code: 413, errorNum: 413, errorMessage: 'request body too large' });
    expect(r.headers['x-gdn-region']).toBe('us-east');
  });

  it('a non-object body where an object is expected → 400/10', async () => {
    const r = await api(emu).post('/_api/database', [1, 2]);
    expect(r.status).toBe(400);
    expect(r.body.errorNum).toBe(10);
  });

  it('unknown fabric → 404/1228 before the handler; unknown route → 404/404', async () => {
    const r = await api(emu).get('/_fabric/ghost/_api/version');
    expect(r.body).toEqual({ error: true, code: 404, errorNum: 1228, errorMessage: 'database not found' });
    const u = await api(emu).delete('/_admin/ready');
    expect(u.status).toBe(404);
    expect(u.body.errorNum).toBe(404);
  });

  it('HEAD answers for GET routes without a body', async () => {
    const r = await api(emu).request('HEAD', '/_api/database/current');
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
  });

  it('version and success bodies never carry errorNum', async () => {
    const v = await api(emu).get('/_api/version');
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ server: expect.any(String), version: expect.any(String) });
    for (const path of ['/_api/version', '/_api/user', '/_api/key', '/datacenter/all', '/_api/database/current']) {
      expect((await api(emu).get(path)).text).not.toContain('errorNum');
    }
  });

  it('every reply carries x-gdn-region and x-gdn-requestid, errors included', async () => {
    for (const path of ['/_admin/ready', '/nope', '/_api/database/current']) {
      const r = await rawRequest(emu.url, 'GET', path);
      expect(r.headers['x-gdn-region'], path).toBe('us-east');
      expect(r.headers['x-gdn-requestid'], path).toBeTruthy();
    }
  });
});

describe('Host routing', () => {
  it('api-<dc>.<x> and <dc>.<x> pick the region whatever the port', async () => {
    for (const [host, region] of [
      ['api-eu-west.c8spot.local', 'eu-west'],
      ['ap-south.example.com:443', 'ap-south'],
      ['API-AP-SOUTH.gdn.local', 'ap-south'],
      ['localhost', 'us-east'],
      ['moon.example.com', 'us-east'],
    ]) {
      const r = await api(emu).get('/datacenter/local', { headers: { host: host! } });
      expect(r.headers['x-gdn-region'], host).toBe(region);
      expect(r.body.name, host).toBe(region);
    }
  });
});

describe('query helpers', () => {
  it('queryBool accepts true/false/1/0 and rejects the rest', () => {
    expect(queryBool({ a: 'true' }, 'a', false)).toBe(true);
    expect(queryBool({ a: '1' }, 'a', false)).toBe(true);
    expect(queryBool({ a: 'False' }, 'a', true)).toBe(false);
    expect(queryBool({ a: '0' }, 'a', true)).toBe(false);
    expect(queryBool({}, 'a', true)).toBe(true);
    expect(() => queryBool({ a: 'yes' }, 'a', true)).toThrow(/boolean/);
    expect(queryInt({ n: '12' }, 'n', 0)).toBe(12);
    expect(() => queryInt({ n: '-1' }, 'n', 0)).toThrow();
  });
});

describe('options', () => {
  it('names the busy port when a listener cannot bind', async () => {
    const port = Number(new URL(emu.regions['eu-west']!).port) - 2;
    await expect(startTestEmulator({ port })).rejects.toThrow(/already in use/);
  });

  it('refuses a non-loopback host without allowRemote', async () => {
    await expect(startTestEmulator({ host: '0.0.0.0' })).rejects.toThrow(/allow-remote/);
    await expect(startTestEmulator({ regions: ['Bad Name'] })).rejects.toThrow(/invalid region/);
  });
});

describe('persistence', () => {
  it('fabrics, keys and JWTs survive a restart on the same data dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8spot-emu-'));
    try {
      const a = await startTestEmulator({ inMemory: false, dataDir: dir });
      await api(a).post('/_api/database', { name: 'kept', options: { dcList: 'eu-west', spotDc: 'eu-west' } });
      const key = (await api(a).post('/_api/key', { keyid: 'persisted' })).body.key as string;
      const jwt = (await rawRequest(a.url, 'POST', '/_open/auth', { body: { email: a.email, password: a.password } })).body.jwt as string;
      await a.close();

      const b = await startTestEmulator({ inMemory: false, dataDir: dir });
      try {
        const cur = await api(b).get('/_fabric/kept/_api/database/current');
        expect(cur.status).toBe(200);
        expect(cur.body.result.options).toMatchObject({ dcList: 'eu-west', spotDc: 'eu-west' });
        expect((await rawRequest(b.url, 'GET', '/_api/user', { auth: { apiKey: key } })).status).toBe(200);
        expect((await rawRequest(b.url, 'GET', '/_api/user', { auth: { jwt } })).status).toBe(200);
      } finally {
        await b.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
