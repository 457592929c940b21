import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { api, rawRequest, startTestEmulator } from '../helpers/emulator.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'c8spot-emu-tls-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('TLS', () => {
  it('generates a certificate once, keeps it in the data dir, and serves every listener with it', async () => {
    const dir = tempDir();
    const a = await startTestEmulator({ inMemory: false, dataDir: dir, tls: true });
    const pem = readFileSync(join(dir, 'tls-cert.pem'), 'utf8');
    try {
      expect(a.caFile).toBe(join(dir, 'tls-cert.pem'));
      expect(a.url).toMatch(/^https:/);
      // Trusting exactly that certificate works for the global and each region listener.
      const trusting = new Agent({ connect: { ca: pem } });
      for (const url of [a.url, ...Object.values(a.regions)]) {
        expect((await rawRequest(url, 'GET', '/_admin/ready', { dispatcher: trusting })).status).toBe(200);
      }
      await trusting.close();
      // A client that trusts nothing extra refuses it.
      await expect(rawRequest(a.url, 'GET', '/_admin/ready', { dispatcher: new Agent() })).rejects.toThrow();
    } finally {
      await a.close();
    }
    const b = await startTestEmulator({ inMemory: false, dataDir: dir, tls: true });
    try {
      expect(readFileSync(join(dir, 'tls-cert.pem'), 'utf8')).toBe(pem);
    } finally {
      await b.close();
    }
    // Explicit cert/key files are used as given.
    const c = await startTestEmulator({ tls: { certFile: join(dir, 'tls-cert.pem'), keyFile: join(dir, 'tls-key.pem') } });
    try {
      expect(c.caFile).toBe(join(dir, 'tls-cert.pem'));
      const trusting = new Agent({ connect: { ca: pem } });
      expect((await rawRequest(c.url, 'GET', '/_admin/ready', { dispatcher: trusting })).status).toBe(200);
      await trusting.close();
    } finally {
      await c.close();
    }
  });
});

describe('credentials across restarts', () => {
  it('a changed admin key or password takes effect; the old ones stop working', async () => {
    const dir = tempDir();
    const a = await startTestEmulator({ inMemory: false, dataDir: dir });
    const oldKey = a.apiKey;
    await a.close();
    const b = await startTestEmulator({ inMemory: false, dataDir: dir, apiKey: 'c8spot.ops.new-secret-123', password: 'changed-pw' });
    try {
      expect((await rawRequest(b.url, 'GET', '/_api/user', { auth: { apiKey: oldKey } })).status).toBe(401);
      expect((await rawRequest(b.url, 'GET', '/_api/user', { auth: { apiKey: b.apiKey } })).status).toBe(200);
      expect((await api(b).get('/_api/key')).body.result.map((k: { keyid: string }) => k.keyid)).toEqual(['ops']);
      const old = await rawRequest(b.url, 'POST', '/_open/auth', { body: { email: b.email, password: 'c8spot-local' } });
      expect(old.status).toBe(401);
      const now = await rawRequest(b.url, 'POST', '/_open/auth', { body: { email: b.email, password: 'changed-pw' } });
      expect(now.status).toBe(200);
    } finally {
      await b.close();
    }
  });

  it('an inactive user cannot log in', async () => {
    const emu = await startTestEmulator();
    try {
      await api(emu).post('/_api/user', { email: 'off@example.com', passwd: 'pw-123456', active: false });
      const r = await rawRequest(emu.url, 'POST', '/_open/auth', { body: { email: 'off@example.com', password: 'pw-123456' } });
      expect(r.status).toBe(401);
    } finally {
      await emu.close();
    }
  });
});
