import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdnClient, fabricPath, retryAfterMs, type RequestLogEntry } from '../../src/api/client.js';
import { createCollection, isSpotCollection, listCollections } from '../../src/api/collections.js';
import { getDocument, insertMany, isItemError } from '../../src/api/documents.js';
import { GdnError, HttpError, NetworkError } from '../../src/api/errors.js';
import { createFabric, getFabric } from '../../src/api/fabrics.js';
import { listRegions } from '../../src/api/regions.js';
import { REDACTED, redact } from '../../src/api/redact.js';
import { normaliseUrl } from '../../src/api/url.js';
import { startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let client: GdnClient;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  client = new GdnClient({ url: emu.url, auth: { apiKey: emu.apiKey }, onRequest: (e) => log.push(e) });
});
afterAll(async () => {
  await client?.close();
  await emu?.close();
});

describe('GdnClient against the emulator', { timeout: 30_000 }, () => {
  it('creates a spot fabric and collection, inserts many in order with per-item errors', async () => {
    await createFabric(client, { name: 'f-one', spotDc: 'us-east' });
    expect((await getFabric(client, 'f-one')).options.spotDc).toBe('us-east');
    await createCollection(client, 'f-one', { name: 'c', spot: true });
    const list = await listCollections(client, 'f-one');
    expect(list.map((c) => [c.name, isSpotCollection(c)])).toEqual([['c', true]]);
    const r = await insertMany(client, 'f-one', 'c', [{ _key: 'a' }, { _key: 'a' }, { _key: 'b/x' }]);
    expect(r).toHaveLength(3);
    expect(isItemError(r[0]!)).toBe(false);
    expect(isItemError(r[1]!) && r[1].errorNum).toBe(1210);
    expect(isItemError(r[2]!)).toBe(true);
    expect(await getDocument(client, 'f-one', 'c', 'a', { strongConsistency: true })).toMatchObject({ _key: 'a' });
  });

  it('encodes every path segment', () => {
    expect(fabricPath('a b/c', 'x')).toBe('/_fabric/a%20b%2Fc/_api/x');
  });

  it('throws GdnError with status and errorNum for an envelope', async () => {
    const err = await getFabric(client, 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GdnError);
    expect(err).toMatchObject({ status: 404, errorNum: 1228 });
  });

  it('rejects a wrong API key with 401', async () => {
    const bad = new GdnClient({ url: emu.url, auth: { apiKey: 'c8spot.admin.wrong' } });
    const err = await listRegions(bad).catch((e: unknown) => e);
    await bad.close();
    expect(err).toBeInstanceOf(GdnError);
    expect((err as GdnError).status).toBe(401);
  });

  it('binds a client to a region through its published port', async () => {
    const dcs = await listRegions(client);
    const eu = dcs.find((d) => d.name === 'eu-west')!;
    const r = await client.forRegion(eu).requestJson<{ name: string; local: boolean }>({ method: 'GET', path: '/datacenter/local' });
    expect(r).toMatchObject({ name: 'eu-west', local: true });
  });

  it('logs requests with the secret redacted', () => {
    expect(log.length).toBeGreaterThan(0);
    const text = JSON.stringify(log);
    expect(text).not.toContain(emu.apiKey);
    expect(log[0]!.reqHeaders.authorization).toBe(REDACTED);
  });

  it('maps a refused connection to NetworkError refused without retrying', async () => {
    const seen: RequestLogEntry[] = [];
    const d2 = new GdnClient({ url: `http://127.0.0.1:1`, auth: { apiKey: 'k' }, retries: 5, backoffMs: 1, onRequest: (e) => seen.push(e) });
    const err = await d2.requestJson({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).kind).toBe('refused');
    expect(seen).toHaveLength(1);
    await d2.close();
  });
});

describe('GdnClient retry policy (MockAgent: faults the emulator cannot produce on demand)', () => {
  function mock(): { agent: MockAgent; c: GdnClient } {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const c = new GdnClient({ url: 'https://api-x.example', auth: { token: 't' }, dispatcher: agent, backoffMs: 1, random: () => 0.5, retries: 3 });
    return { agent, c };
  }

  it('retries a GET on 503 then succeeds', async () => {
    const { agent, c } = mock();
    const pool = agent.get('https://api-x.example');
    pool.intercept({ path: '/datacenter/all', method: 'GET' }).reply(503, { error: true, errorNum: 1478, errorMessage: 'down', code: 503 });
    pool.intercept({ path: '/datacenter/all', method: 'GET' }).reply(200, [{ name: 'a' }]);
    expect(await c.requestJson({ method: 'GET', path: '/datacenter/all' })).toEqual([{ name: 'a' }]);
  });

  it('does not retry a POST on 503 unless marked idempotent', async () => {
    const { agent, c } = mock();
    const pool = agent.get('https://api-x.example');
    pool.intercept({ path: '/p', method: 'POST' }).reply(503, 'busy');
    const err = await c.requestJson({ method: 'POST', path: '/p', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    pool.intercept({ path: '/p', method: 'POST' }).reply(429, 'slow down', { headers: { 'retry-after': '0' } });
    pool.intercept({ path: '/p', method: 'POST' }).reply(200, { ok: 1 });
    expect(await c.requestJson({ method: 'POST', path: '/p', body: {}, idempotent: true })).toEqual({ ok: 1 });
  });

  it('gives up after the retry budget and maps a reset', async () => {
    const { agent, c } = mock();
    const pool = agent.get('https://api-x.example');
    for (let i = 0; i < 4; i++) pool.intercept({ path: '/r', method: 'GET' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const err = await c.requestJson({ method: 'GET', path: '/r' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).kind).toBe('reset');
  });

  it('parses Retry-After seconds and dates, capped', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('9999')).toBe(30_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 9_000)).toBe(1000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('redact and url', () => {
  it('redacts secret fields and inline credentials', () => {
    expect(redact({ password: 'p', nested: { apiKey: 'k', ok: 1 }, auth: 'apikey abc.def' })).toEqual({ password: REDACTED, nested: { apiKey: REDACTED, ok: 1 }, auth: `apikey ${REDACTED}` });
    expect(redact('{"jwt":"eyJ","x":1}')).toBe(`{"jwt":"${REDACTED}","x":1}`);
  });

  it('normalises URLs like the SDKs: api- prefix for GDN hosts, loopback as given', () => {
    expect(normaliseUrl('play.paas.macrometa.io')).toBe('https://api-play.paas.macrometa.io');
    expect(normaliseUrl('https://api-play.paas.macrometa.io/')).toBe('https://api-play.paas.macrometa.io');
    expect(normaliseUrl('http://127.0.0.1:8529')).toBe('http://127.0.0.1:8529');
    expect(normaliseUrl('localhost:8529')).toBe('http://localhost:8529');
    expect(() => normaliseUrl('ftp://x')).toThrow();
  });
});
