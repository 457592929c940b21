import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/emulator.js';
import { CLI_BIN, runCli, tempConfigDir } from '../helpers/run-cli.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'c8spot-emu-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Ready {
  url: string;
  regions: Record<string, string>;
  apiKey: string;
}

function parseReady(stdout: string): Ready {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^READY \{/);
  return JSON.parse(lines[0]!.slice('READY '.length)) as Ready;
}

describe('c8spot emulator start --detach / status / stop / reset', { timeout: 90_000 }, () => {
  it('runs in the background, writes the local profile, and stops', async () => {
    const data = tempDir();
    const env = { C8SPOT_CONFIG_DIR: tempConfigDir() };
    dirs.push(env.C8SPOT_CONFIG_DIR);
    const start = await runCli(['emulator', 'start', '--detach', '--port', '0', '--data-dir', data, '--regions', 'us-east,eu-west'], { env });
    expect(start.code, start.stderr).toBe(0);
    const ready = parseReady(start.stdout);
    expect(Object.keys(ready.regions)).toEqual(['us-east', 'eu-west']);
    try {
      const r = await rawRequest(ready.url, 'GET', '/_api/database/current', { auth: { apiKey: ready.apiKey } });
      expect(r.status).toBe(200);

      const profile = JSON.parse(readFileSync(join(env.C8SPOT_CONFIG_DIR, 'config.json'), 'utf8')).profiles.local;
      expect(profile).toMatchObject({ url: ready.url, apiKey: ready.apiKey, tenant: 'c8spot', kind: 'emulator' });

      const status = await runCli(['emulator', 'status', '--data-dir', data, '--json'], { env });
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({ running: true, url: ready.url, regions: ready.regions });

      const second = await runCli(['emulator', 'start', '--detach', '--port', '0', '--data-dir', data], { env });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/already running/);

      const busy = await runCli(['emulator', 'reset', '--yes', '--data-dir', data], { env });
      expect(busy.code).toBe(1);
    } finally {
      const stop = await runCli(['emulator', 'stop', '--data-dir', data], { env });
      expect(stop.code).toBe(0);
      expect(stop.stderr).toMatch(/stopped/);
    }
    const after = await runCli(['emulator', 'status', '--data-dir', data], { env });
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/not running/);
    await expect(rawRequest(ready.url, 'GET', '/_admin/ready')).rejects.toThrow();

    const noYes = await runCli(['emulator', 'reset', '--data-dir', data], { env });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
    expect(existsSync(join(data, 'emulator.db'))).toBe(true);
    const reset = await runCli(['emulator', 'reset', '--yes', '--data-dir', data], { env });
    expect(reset.code).toBe(0);
    expect(existsSync(join(data, 'emulator.db'))).toBe(false);
  });

  it('foreground start prints exactly one READY line and stops cleanly on SIGTERM', async () => {
    const data = tempDir();
    const cfg = tempConfigDir();
    dirs.push(cfg);
    const child = spawn(process.execPath, [CLI_BIN, 'emulator', 'start', '--port', '0', '--data-dir', data], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, C8SPOT_CONFIG_DIR: cfg },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const line = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      rl.on('line', (l) => {
        stdout += l + '\n';
        resolve(l);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const ready = parseReady(line);
    expect((await rawRequest(ready.url, 'GET', '/_admin/ready')).status).toBe(200);
    expect(existsSync(join(data, 'emulator.state.json'))).toBe(true);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(data, 'emulator.state.json'))).toBe(false);
  });

  it('--tls records the generated certificate in the local profile, and status trusts it', async () => {
    const data = tempDir();
    const env = { C8SPOT_CONFIG_DIR: tempConfigDir() };
    dirs.push(env.C8SPOT_CONFIG_DIR);
    const start = await runCli(['emulator', 'start', '--detach', '--tls', '--port', '0', '--data-dir', data, '-q'], { env });
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr).toBe('');
    const ready = parseReady(start.stdout);
    try {
      expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const profile = JSON.parse(readFileSync(join(env.C8SPOT_CONFIG_DIR, 'config.json'), 'utf8')).profiles.local;
      expect(profile.caFile).toBe(join(data, 'tls-cert.pem'));
      const status = await runCli(['emulator', 'status', '--data-dir', data], { env });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain(ready.url);
    } finally {
      expect((await runCli(['emulator', 'stop', '--data-dir', data], { env })).code).toBe(0);
    }
  });

  it('refuses bad flags with usage errors', async () => {
    const env = { C8SPOT_CONFIG_DIR: tempConfigDir() };
    dirs.push(env.C8SPOT_CONFIG_DIR);
    const r = await runCli(['emulator', 'start', '--port', 'abc', '--in-memory'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port/);
    const remote = await runCli(['emulator', 'start', '--host', '0.0.0.0', '--in-memory', '--port', '0'], {
      env: { ...env, XDG_DATA_HOME: tempDir() },
    });
    expect(remote.code).toBe(1);
    expect(remote.stderr).toMatch(/allow-remote/);
  });
});
