// Verification layers 2 and 7 for the HTTP core: every protected route refuses a caller
// without credentials, and bad input of any kind gets a 4xx envelope, never a crash.
// The route list is the live one, so routes added by other modules are covered too.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/emulator/handlers/index.js';
import type { Route } from '../../src/emulator/http/route.js';
import { api, rawRequest, startTestEmulator, type EmulatorHandle, type RawResponse } from '../helpers/emulator.js';

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => emu.close());

function concretePath(r: Route): string {
  const path = r.path.replace(/:[A-Za-z_]+/g, 'probe');
  return r.scope === 'fabric' ? `/_fabric/_system${path}` : path;
}

function expectEnvelope(r: RawResponse, what: string): void {
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 200)}`).toBeLessThan(500);
  if (r.status >= 400 && r.text !== '') {
    expect(Object.keys(r.body ?? {}), `${what} body ${r.text.slice(0, 200)}`).toEqual(
      expect.arrayContaining(['error', 'code', 'errorNum', 'errorMessage']),
    );
    expect(r.body.error).toBe(true);
    expect(r.body.code).toBe(r.status);
  }
}

describe('credentials', () => {
  const protectedRoutes = allRoutes.filter((r) => r.scope !== 'open' && r.method !== 'HEAD');

  it('has protected routes to check', () => {
    expect(protectedRoutes.length).toBeGreaterThan(20);
  });

  it('every protected route answers 401 without credentials, and with a bad key', async () => {
    for (const r of protectedRoutes) {
      for (const auth of ['none', { apiKey: 'c8spot.admin.wrong' }] as const) {
        const res = await rawRequest(emu.url, r.method, concretePath(r), { auth, body: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} });
        expect(res.status, `${r.method} ${r.path}`).toBe(401);
        expect(res.body, `${r.method} ${r.path}`).toEqual({ error: true, code: 401, errorNum: 401, errorMessage: 'Unauthorized' });
      }
    }
  });
});

describe('bad input', () => {
  const bodies: unknown[] = [[], 'text', 42, null, { name: {} }, { options: [] }, { grant: 7 }, { metadata: 'x' }];

  it('every route survives wrongly typed bodies with an envelope', async () => {
    const c = api(emu);
    for (const r of allRoutes.filter((x) => x.method !== 'GET' && x.method !== 'HEAD' && x.bodyMode !== 'stream')) {
      for (const body of bodies) {
        const res = await c.request(r.method, concretePath(r), { raw: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expectEnvelope(res, `${r.method} ${r.path} ${JSON.stringify(body)}`);
      }
    }
    expect((await c.get('/_admin/ready')).status).toBe(200);
  });

  it('random paths, methods and bodies never crash the server', async () => {
    const c = api(emu);
    const segment = fc.oneof(
      fc.constantFrom('_fabric', '_system', '_api', '_tenant', 'database', 'key', 'user', 'datacenter', 'collection', '..', '%', '%zz', '%E0%A4%A', '%00', ''),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { maxLength: 7 }),
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        async (segs, method, raw) => {
          const res = await c.request(method, '/' + segs.join('/'), raw === undefined ? {} : { raw });
          expectEnvelope(res, `${method} /${segs.join('/')}`);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    expect((await c.get('/_admin/ready')).status).toBe(200);
  });

  it('garbage Authorization and Host headers → 401 / default region', async () => {
    for (const header of ['apikey', 'apikey  ', 'bearer x.y.z', `bearer ${'a'.repeat(5000)}`, 'Bearer ..', 'Negotiate abc', 'apikey \u00e9']) {
      const res = await rawRequest(emu.url, 'GET', '/_api/user', { auth: { header } });
      expect(res.status, header.slice(0, 20)).toBe(401);
    }
    for (const host of ['', '...', 'api-.x', ':80', 'api-eu-west.', '[::1]:8529']) {
      const res = await api(emu).get('/datacenter/local', { headers: { host } });
      expect(res.status, host).toBeLessThan(500);
    }
  });
});
