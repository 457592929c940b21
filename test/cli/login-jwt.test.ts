// `c8spot login --email --password-stdin` end to end (the built binary against an in-process
// emulator, temp config dir): the password is exchanged for a JWT at /_open/auth and never
// stored; the JWT then authenticates commands; an expired one means "log in again", exit 4.
// The emulator's clock is shifted (EmulatorOptions.clock) so it issues tokens that are already
// expired by this machine's time, or judges a fresh token as expired later on.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/emulator/clock.js';
import { startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { runCli, tempConfigDir, type CliResult } from '../helpers/run-cli.js';

const HOUR_MS = 3_600_000;
/** How far the emulator's clock is ahead of this machine's (negative: behind). */
let offsetMs = 0;
const shiftedClock: Clock = { now: () => Date.now() + offsetMs, setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout };

let emu: EmulatorHandle;
const config = tempConfigDir();
const env = { C8SPOT_CONFIG_DIR: config };
const cli = (args: readonly string[], input?: string): Promise<CliResult> => runCli(args, { env, ...(input === undefined ? {} : { input }), timeoutMs: 30_000 });
const configText = (): string => readFileSync(join(config, 'config.json'), 'utf8');

interface StoredProfile {
  url: string;
  email?: string;
  jwt?: string;
  jwtExpiresAt?: string;
  apiKey?: string;
  tenant?: string;
}

function stored(name: string): StoredProfile | undefined {
  return (JSON.parse(configText()) as { profiles: Record<string, StoredProfile> }).profiles[name];
}

function claims(jwt: string): { exp: number; tenant: string; preferred_username: string } {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number; tenant: string; preferred_username: string };
}

beforeAll(async () => {
  emu = await startTestEmulator({ clock: shiftedClock });
});
afterAll(async () => {
  await emu?.close();
});

describe('c8spot login with email and password', { timeout: 120_000 }, () => {
  it('exchanges the password for a JWT at /_open/auth, stores the JWT and never the password', async () => {
    offsetMs = 0;
    const r = await cli(['--debug', 'login', '--url', emu.url, '-p', 'me', '--email', emu.email, '--password-stdin'], `${emu.password}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/POST \/_open\/auth 200/);
    expect(r.stderr).toMatch(/logged in: profile me → http:\/\/127\.0\.0\.1:\d+ \(tenant c8spot\)/);
    const p = stored('me')!;
    expect(p).toMatchObject({ url: emu.url, email: emu.email, tenant: emu.tenant });
    expect(p.apiKey).toBeUndefined();
    const c = claims(p.jwt!);
    expect(c).toMatchObject({ tenant: emu.tenant });
    expect(p.jwtExpiresAt).toBe(new Date(c.exp * 1000).toISOString());
    expect(Date.parse(p.jwtExpiresAt!)).toBeGreaterThan(Date.now());
    // The password appears nowhere: not in the file, not in what the command printed (even
    // with --debug, which logs bodies); neither does the token.
    expect(configText()).not.toContain(emu.password);
    expect(r.stdout + r.stderr).not.toContain(emu.password);
    expect(r.stdout + r.stderr).not.toContain(p.jwt!);
    expect(statSync(join(config, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('the stored JWT authenticates the next commands (no API key anywhere)', async () => {
    const who = await cli(['-p', 'me', 'whoami', '-o', 'json']);
    expect(who.code, who.stderr).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ credential: { value: 'token', from: 'profile' }, tenant: { value: emu.tenant } });
    const made = await cli(['-p', 'me', 'fabric', 'create', 'jwt_made', '--no-spot', '-o', 'json']);
    expect(made.code, made.stderr).toBe(0);
    const list = await cli(['-p', 'me', 'fabric', 'list', '-o', 'json']);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((f) => f.name)).toContain('jwt_made');
    // region-read resolves its target and credential like every other command (it once required an API key).
    const rr = await cli(['-p', 'me', '--fabric', 'jwt_made', 'region-read', 'RETURN 1', '--verify', '-o', 'json']);
    expect(rr.code, rr.stderr).toBe(0);
    expect(JSON.parse(rr.stdout)).toMatchObject({ fabric: 'jwt_made', agree: true });
  });

  it('a wrong password is exit 4 and saves nothing', async () => {
    const r = await cli(['login', '--url', emu.url, '-p', 'wrong', '--email', emu.email, '--password-stdin'], 'not-the-password\n');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/Wrong credentials/);
    expect(r.stderr).toMatch(/c8spot login/);
    expect(stored('wrong')).toBeUndefined();
    expect(configText()).not.toContain('not-the-password');
  });

  it('--email without --password-stdin in a pipe is a usage error, not a hang', async () => {
    const r = await cli(['login', '--url', emu.url, '-p', 'nopw', '--email', emu.email]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--password-stdin/);
  });
});

describe('an expired JWT', { timeout: 120_000 }, () => {
  it('stored in the profile: a clear re-login message and exit 4, before anything is sent', async () => {
    // The emulator lives 13 h in the past: its 12 h token has expired an hour ago by our clock.
    offsetMs = -13 * HOUR_MS;
    const login = await cli(['login', '--url', emu.url, '-p', 'old', '--email', emu.email, '--password-stdin'], `${emu.password}\n`);
    expect(login.code, login.stderr).toBe(0);
    offsetMs = 0;
    expect(Date.parse(stored('old')!.jwtExpiresAt!)).toBeLessThan(Date.now());

    const r = await cli(['-v', '-p', 'old', 'fabric', 'list']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/your login has expired: run `c8spot login` again/);
    // -v would print one line per request: there is none.
    expect(r.stderr).not.toMatch(/GET \//);
    expect(r.stdout).toBe('');

    const j = await cli(['-p', 'old', 'fabric', 'list', '-o', 'json']);
    expect(j.code).toBe(4);
    expect(JSON.parse(j.stdout)).toMatchObject({ error: { message: expect.stringMatching(/login has expired/) } });
  });

  it('rejected by the server (its clock says expired, ours not yet): exit 4 and the login hint', async () => {
    offsetMs = 0;
    const login = await cli(['login', '--url', emu.url, '-p', 'skew', '--email', emu.email, '--password-stdin'], `${emu.password}\n`);
    expect(login.code, login.stderr).toBe(0);
    offsetMs = 13 * HOUR_MS;
    try {
      const r = await cli(['-p', 'skew', 'fabric', 'list']);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/HTTP 401/);
      expect(r.stderr).toMatch(/run `c8spot login`/);
    } finally {
      offsetMs = 0;
    }
  });

  it('logging in again replaces it and the profile works again', async () => {
    offsetMs = 0;
    const again = await cli(['login', '-p', 'old', '--email', emu.email, '--password-stdin'], `${emu.password}\n`);
    expect(again.code, again.stderr).toBe(0);
    expect(Date.parse(stored('old')!.jwtExpiresAt!)).toBeGreaterThan(Date.now());
    const r = await cli(['-p', 'old', 'fabric', 'list', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
  });
});
