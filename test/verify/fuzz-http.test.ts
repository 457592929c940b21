// Bad input at the HTTP surface (specs/verification.md layer 7): mutated JSON bodies on every
// route that takes one, pathological JSON (deep nesting, huge strings, odd numbers), bodies
// over the limit, wrong content types, odd methods, odd headers, query strings, and raw
// protocol garbage. Every answer is a 4xx with the error envelope (or a bare 4xx from Node's
// HTTP parser for protocol-level garbage); nothing 5xx; the server keeps answering
// /_admin/ready on every listener afterwards.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/emulator/handlers/index.js';
import type { Route } from '../../src/emulator/http/route.js';
import { api, rawRequest, startTestEmulator, type EmulatorHandle, type RawResponse } from '../helpers/emulator.js';
import { printReport, runSeed, sized } from './lib/report.js';

const SEED = runSeed(8080);
const LIMIT = 64 * 1024;

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startTestEmulator({ maxBodyBytes: LIMIT, seed: SEED });
  const c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'fz' });
  await c.post('/_fabric/_system/_api/document/fz', { _key: 'k1', v: 1 });
});
afterAll(() => emu?.close());

let requests = 0;
const statuses = new Map<number, number>();

function expectEnvelope(r: RawResponse, what: string): void {
  requests++;
  statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
  expect(r.status, `${what} → ${r.status} ${r.text.slice(0, 200)}`).toBeLessThan(500);
  if (r.status >= 400 && r.text !== '') {
    expect(r.body, `${what}: not JSON: ${r.text.slice(0, 200)}`).toBeTypeOf('object');
    expect(r.body.error, what).toBe(true);
    expect(r.body.code, what).toBe(r.status);
    expect(typeof r.body.errorNum, what).toBe('number');
    expect(typeof r.body.errorMessage, what).toBe('string');
  }
  if (r.status < 300 && r.body && typeof r.body === 'object' && !Array.isArray(r.body)) {
    expect('errorNum' in r.body, `${what}: success body with errorNum`).toBe(false);
  }
}

function concretePath(r: Route): string {
  const path = r.path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => (/coll|name/i.test(name) ? 'fz' : /key|doc|handle/i.test(name) ? 'k1' : 'probe'));
  return r.scope === 'fabric' ? `/_fabric/_system${path}` : path;
}

async function allReady(): Promise<void> {
  for (const base of [emu.url, ...Object.values(emu.regions)]) {
    expect((await rawRequest(base, 'GET', '/_admin/ready')).status).toBe(200);
  }
}

const VALID_BODIES: readonly unknown[] = [
  { name: 'fzfab', options: { dcList: 'us-east,eu-west', spotDc: 'us-east' } },
  { name: 'fzcoll', isSpot: true, type: 2, keyOptions: { type: 'traditional', allowUserKeys: true } },
  { _key: 'k2', v: [1, 2, { a: null }], s: 'text' },
  [{ _key: 'k3' }, { _key: 'k4', x: true }],
  { query: 'FOR d IN fz FILTER d.v > @v RETURN d', bindVars: { v: 0 }, batchSize: 2, count: true },
  { keyid: 'fzkey', grant: 'ro' },
  { partition: [['us-east'], ['eu-west']], lag: { from: 'us-east', to: 'eu-west', ms: 5 } },
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', 'null', '1e999', '-', '\u0000', '\ud800', 'é', '{"__proto__":{"x":1}}', '"constructor"') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, ms: readonly Mutation[]): string {
  let s = text;
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'truncate') s = s.slice(0, at);
    else s = s.slice(0, at) + s.slice(at, at + m.len) + s.slice(at);
  }
  return s;
}

describe('HTTP surface under bad input', () => {
  const bodyRoutes = allRoutes.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.bodyMode !== 'stream');

  it('mutated JSON bodies on every body-taking route → envelope, never 5xx', { timeout: sized(30_000, 300_000) }, async () => {
    const c = api(emu);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        fc.constantFrom(...VALID_BODIES),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        async (route, body, ms) => {
          const raw = mutate(JSON.stringify(body), ms);
          const res = await c.request(route.method, concretePath(route), { raw, headers: { 'content-type': 'application/json' } });
          expectEnvelope(res, `${route.method} ${route.path} ${JSON.stringify(raw).slice(0, 120)}`);
        },
      ),
      { seed: SEED, numRuns: sized(250, 2000) },
    );
    await allReady();
  });

  it('pathological JSON: deep nesting, huge strings, odd numbers, prototype keys', async () => {
    const c = api(emu);
    const deep = (n: number, open: string, close: string): string => open.repeat(n) + close.repeat(n);
    const payloads = [
      deep(30_000, '[', ']'),
      deep(10_000, '{"a":', '}').replace(/}$/, '1}'),
      `{"_key":"x","v":"${'a'.repeat(60_000)}"}`,
      '{"v":1e400,"w":-0,"x":123456789012345678901234567890}',
      '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"_key":"proto"}',
      '{"a":1,"a":2}',
      '\ufeff{"a":1}',
      '{"_key":"\\ud800"}',
      '',
      ' ',
      'null',
    ];
    for (const route of bodyRoutes) {
      for (const raw of payloads) {
        const res = await c.request(route.method, concretePath(route), { raw, headers: { 'content-type': 'application/json' } });
        expectEnvelope(res, `${route.method} ${route.path} ${raw.slice(0, 30)}…(${raw.length})`);
      }
    }
    await allReady();
  });

  it('bodies over the limit → 413 envelope', async () => {
    const c = api(emu);
    for (const route of bodyRoutes.slice(0, 12)) {
      const res = await c.request(route.method, concretePath(route), { raw: `{"x":"${'y'.repeat(LIMIT + 10)}"}`, headers: { 'content-type': 'application/json' } });
      expectEnvelope(res, `${route.method} ${route.path} huge`);
      if (route.scope !== 'open' && !route.bodyLimit) expect(res.status, `${route.method} ${route.path}`).toBe(413);
    }
    await allReady();
  });

  it('wrong content types, odd methods, odd headers and query strings', async () => {
    const c = api(emu);
    for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'garbage']) {
      const res = await c.post('/_fabric/_system/_api/document/fz', undefined, { raw: '{"_key":"ct"}', headers: { 'content-type': ct } });
      expectEnvelope(res, `content-type ${ct}`);
    }
    for (const method of ['OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL']) {
      const res = await c.request(method, '/_fabric/_system/_api/collection');
      expectEnvelope(res, method);
    }
    for (const q of ['?strongConsistency=maybe', '?returnNew=2&returnNew=yes', '?%zz=1', '?silent', '?a[b]=c&__proto__=1', `?x=${'q'.repeat(4000)}`]) {
      expectEnvelope(await c.get(`/_fabric/_system/_api/document/fz/k1${q}`), `query ${q.slice(0, 40)}`);
      expectEnvelope(await c.post(`/_fabric/_system/_api/document/fz${q}`, { v: 1 }), `insert query ${q.slice(0, 40)}`);
    }
    for (const headers of <Record<string, string>[]>[{ 'if-match': '' }, { 'if-match': '"' + 'x'.repeat(2000) }, { 'if-none-match': '*' }, { 'x-gdn-region': 'nowhere' }, { 'accept-encoding': 'br;q=xyz' }]) {
      expectEnvelope(await c.get('/_fabric/_system/_api/document/fz/k1', { headers }), JSON.stringify(headers).slice(0, 60));
      expectEnvelope(await c.put('/_fabric/_system/_api/document/fz/k1', { v: 2 }, { headers }), JSON.stringify(headers).slice(0, 60));
    }
    // A header past Node's limit is refused by the HTTP parser itself (431, no body).
    const big = await rawRequest(emu.url, 'GET', '/_api/version', { headers: { 'x-big': 'b'.repeat(40_000) } }).catch(() => undefined);
    if (big) expect(big.status).toBe(431);
    await allReady();
  });

  it('raw protocol garbage and cut-off bodies leave the server up', async () => {
    const { hostname, port } = new URL(emu.url);
    const send = (data: string): Promise<string> =>
      new Promise((resolve) => {
        const sock = connect(Number(port), hostname);
        let out = '';
        sock.setEncoding('utf8').on('data', (d: string) => (out += d));
        sock.on('error', () => resolve(out));
        sock.on('close', () => resolve(out));
        sock.write(data);
        // Cut-off bodies: hang up without sending the rest.
        setTimeout(() => sock.end(), 100);
      });
    const garbage = [
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'GET /_api/version HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      'POST /_fabric/_system/_api/document/fz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"_key":',
      'POST /_fabric/_system/_api/document/fz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      '\u0000\u0001\u0002\r\n\r\n',
    ];
    for (const g of garbage) {
      const out = await send(g);
      if (out !== '') expect(out, JSON.stringify(g)).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    await allReady();
    printReport({
      workload: 'fuzz-http',
      config: 'in-process',
      seed: SEED,
      anomalies: { '5xx': [...statuses].filter(([s]) => s >= 500).reduce((n, [, k]) => n + k, 0), crashes: 0 },
      extra: { requests, statuses: JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b))) },
    });
  });
});
