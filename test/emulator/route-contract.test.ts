// The route contract other handler modules rely on (src/emulator/http/route.ts), tested
// through a server built with test-only routes.
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccess } from '../../src/emulator/auth/access.js';
import { createCore, type EmulatorCore } from '../../src/emulator/core.js';
import { GdnError } from '../../src/emulator/errors.js';
import { result, type Route } from '../../src/emulator/http/route.js';
import { resolveOptions } from '../../src/emulator/options.js';
import { startServer, type EmulatorServer } from '../../src/emulator/server.js';
import { api, rawRequest } from '../helpers/emulator.js';

const routes: Route[] = [
  {
    method: 'POST',
    path: '/_api/echo/:name',
    scope: 'fabric',
    handler: (ctx) =>
      result(200, { fabric: ctx.fabric, region: ctx.region, params: ctx.params, query: ctx.query, body: ctx.body, who: ctx.principal?.id }),
  },
  {
    method: 'POST',
    path: '/_api/raw',
    scope: 'fabric',
    bodyMode: 'buffer',
    handler: (ctx) => ({ status: 200, raw: `got ${(ctx.body as Buffer | undefined)?.length ?? 0} bytes`, headers: { 'content-type': 'text/plain' } }),
  },
  {
    method: 'POST',
    path: '/_api/stream-in',
    scope: 'fabric',
    bodyMode: 'stream',
    bodyLimit: 10_000_000,
    handler: async (ctx) => {
      let n = 0;
      for await (const chunk of ctx.body as Readable) n += (chunk as Buffer).length;
      return result(200, n);
    },
  },
  {
    method: 'GET',
    path: '/_api/stream-out',
    scope: 'fabric',
    handler: () => ({
      status: 200,
      headers: { 'content-type': 'application/x-ndjson' },
      stream: (async function* () {
        for (let i = 0; i < 3; i++) yield JSON.stringify({ i }) + '\n';
      })(),
    }),
  },
  {
    method: 'GET',
    path: '/_api/guarded/:collection',
    scope: 'fabric',
    handler: (ctx) => {
      requireAccess(ctx, 'ro', ctx.params.collection);
      return result(200, 'ok');
    },
  },
  {
    method: 'GET',
    path: '/_api/gdn-error',
    scope: 'fabric',
    handler: () => {
      throw new GdnError(412, 1200, 'precondition failed', { _rev: '_abc' });
    },
  },
  {
    method: 'GET',
    path: '/_api/crash',
    scope: 'fabric',
    handler: () => {
      throw new TypeError('boom');
    },
  },
  { method: 'GET', path: '/_emulator/open-thing', scope: 'open', handler: (ctx) => result(200, ctx.principal ?? null) },
];

let core: EmulatorCore;
let server: EmulatorServer;
const apiKey = 'c8spot.admin.contract-test-key';
beforeAll(async () => {
  core = createCore(resolveOptions({ port: 0, inMemory: true, latencyScale: 0, seed: 1, apiKey }));
  server = await startServer(core, routes);
});
afterAll(async () => {
  await server.close();
  await core.close();
});

const c = () => api({ url: server.url, apiKey });

describe('route contract', () => {
  it('passes fabric, region, decoded params, last-wins query, parsed body and principal', async () => {
    const r = await c().post('/_fabric/_system/echo/a%20b?x=1&x=2&flag=true', { k: [1] });
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({
      fabric: '_system', region: 'us-east', params: { name: 'a b' }, query: { x: '2', flag: 'true' }, body: { k: [1] }, who: 'admin',
    });
    const none = await c().post('/_api/echo/x');
    expect(none.body.result.body).toBeUndefined();
  });

  it('buffer and stream body modes; raw and streamed replies', async () => {
    const raw = await c().request('POST', '/_api/raw', { raw: 'not json at all' });
    expect(raw.text).toBe('got 15 bytes');
    const big = Buffer.alloc(3_000_000, 'a');
    const s = await c().request('POST', '/_api/stream-in', { raw: big });
    expect(s.body.result).toBe(3_000_000);
    const out = await c().get('/_api/stream-out');
    expect(out.headers['content-type']).toBe('application/x-ndjson');
    expect(out.text.trim().split('\n').map((l) => JSON.parse(l).i)).toEqual([0, 1, 2]);
  });

  it('thrown GdnError keeps its extras; other errors become 500/4', async () => {
    const e = await c().get('/_api/gdn-error');
    expect(e.status).toBe(412);
    expect(e.body).toEqual({ _rev: '_abc', error: true, code: 412, errorNum: 1200, errorMessage: 'precondition failed' });
    const crash = await c().get('/_api/crash');
    expect(crash.status).toBe(500);
    expect(crash.body).toMatchObject({ error: true, code: 500, errorNum: 4 });
    // The server survives.
    expect((await c().get('/_api/stream-out')).status).toBe(200);
  });

  it('requireAccess resolves collection → * → fabric grants', async () => {
    const key = core.auth.createKey('limited');
    const asKey = api({ url: server.url, apiKey: key });
    expect((await asKey.get('/_api/guarded/c1')).status).toBe(403);
    core.auth.setGrant('key', 'limited', '_system', '', 'ro');
    expect((await asKey.get('/_api/guarded/c1')).status).toBe(200);
    core.auth.setGrant('key', 'limited', '_system', '*', 'none');
    expect((await asKey.get('/_api/guarded/c1')).status).toBe(403);
    core.auth.setGrant('key', 'limited', '_system', 'c1', 'ro');
    expect((await asKey.get('/_api/guarded/c1')).status).toBe(200);
    expect((await asKey.get('/_api/guarded/c2')).status).toBe(403);
  });

  it('open routes need no credentials and see no principal', async () => {
    const r = await rawRequest(server.url, 'GET', '/_emulator/open-thing');
    expect(r.status).toBe(200);
    expect(r.body.result).toBeNull();
  });

  it('region listeners can be taken down and brought back on the same port', async () => {
    const url = server.regions['eu-west']!;
    await core.listeners.down('eu-west');
    expect(core.listeners.isUp('eu-west')).toBe(false);
    await expect(rawRequest(url, 'GET', '/_api/stream-out')).rejects.toThrow();
    await core.listeners.up('eu-west');
    expect((await api({ url, apiKey }).get('/_api/stream-out')).headers['x-gdn-region']).toBe('eu-west');
  });
});
