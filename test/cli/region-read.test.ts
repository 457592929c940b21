// `c8spot region-read` (the built binary) against a detached emulator with a long
// replication lag: spot documents read strongly agree everywhere at once; a global one
// read inside the lag window does not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/emulator.js';
import { runCli, tempConfigDir } from '../helpers/run-cli.js';

const data = mkdtempSync(join(tmpdir(), 'c8spot-rr-'));
const env = { C8SPOT_CONFIG_DIR: tempConfigDir() };
let ready: { url: string; regions: Record<string, string>; apiKey: string };

async function call(base: string, method: string, path: string, body?: unknown) {
  const r = await rawRequest(base, method, path, { auth: { apiKey: ready.apiKey }, ...(body === undefined ? {} : { body }) });
  expect(r.status, `${method} ${path}: ${r.text}`).toBeLessThan(300);
  return r;
}

beforeAll(async () => {
  const start = await runCli(['emulator', 'start', '--detach', '--port', '0', '--data-dir', data, '--latency-scale', '0', '--replication-lag-ms', '60000'], { env });
  expect(start.code, start.stderr).toBe(0);
  ready = JSON.parse(start.stdout.trim().slice('READY '.length));
  await call(ready.url, 'POST', '/_api/database', { name: 'rr', options: { dcList: 'us-east,eu-west,ap-south', spotDc: 'us-east' } });
  await call(ready.url, 'POST', '/_fabric/rr/_api/collection', { name: 'spotty', isSpot: true });
  await call(ready.url, 'POST', '/_fabric/rr/_api/collection', { name: 'glob' });
  await call(ready.regions['ap-south']!, 'POST', '/_fabric/rr/_api/document/spotty', { _key: 'k', v: 1 });
  await call(ready.regions['us-east']!, 'POST', '/_fabric/rr/_api/document/glob', { _key: 'k', v: 1 });
});
afterAll(async () => {
  await runCli(['emulator', 'stop', '--data-dir', data], { env });
  rmSync(data, { recursive: true, force: true });
  rmSync(env.C8SPOT_CONFIG_DIR, { recursive: true, force: true });
});

describe('c8spot region-read', () => {
  it('--verify exits 0 on a spot collection under replication lag (strong reads)', async () => {
    const r = await runCli(['region-read', '--fabric', 'rr', '--collection', 'spotty', '--key', 'k', '--verify'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/all regions agree · compared with us-east \(spot\) · strong reads/);
    expect(r.stdout.split('\n').filter((l) => / yes /.test(l))).toHaveLength(3);
  });

  it('--verify exits 6 on a global collection read inside the lag window, and says how far behind', async () => {
    const r = await runCli(['region-read', '--fabric', 'rr', '--collection', 'glob', '--key', 'k', '--verify'], { env });
    expect(r.code).toBe(6);
    expect(r.stdout).toMatch(/regions DISAGREE · compared with us-east \(newest\) · local reads/);
    expect(r.stdout).toMatch(/eu-west +0 .* NO +1 rows/);
    expect(r.stderr).toMatch(/regions disagree: eu-west, ap-south/);
  });

  it('-o json gives every region\'s rows; --no-strong reads the local replicas of a spot collection', async () => {
    const r = await runCli(['region-read', '--fabric', 'rr', '--collection', 'spotty', '--key', 'k', '--no-strong', '-o', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ fabric: 'rr', strong: false, spotRegion: 'us-east', agree: false });
    expect(out.results.find((x: { region: string }) => x.region === 'us-east').rows[0]).toMatchObject({ _key: 'k', v: 1 });
    expect(out.results.find((x: { region: string }) => x.region === 'eu-west').rows).toEqual([]);
  });

  it('limits to --regions and rejects unknown ones', async () => {
    const r = await runCli(['region-read', '--fabric', 'rr', '--collection', 'glob', '--key', 'k', '--regions', 'us-east', '--verify'], { env });
    expect(r.code, r.stderr).toBe(0);
    const bad = await runCli(['region-read', '--fabric', 'rr', '--collection', 'glob', '--key', 'k', '--regions', 'mars'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown region mars; the fabric's regions: us-east, eu-west, ap-south/);
  });
});
