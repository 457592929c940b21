// `c8spot login --ca-file`: a server with a self-signed certificate (the emulator with TLS) is
// trusted through the profile, so later commands need no C8SPOT_CA_FILE; without it the TLS
// failure is exit 8 with the hint, and a bad CA file is a usage error before any request.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULT_API_KEY } from '../../src/wire/emulator-defaults.js';
import { startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { runCli, tempConfigDir, type CliResult } from '../helpers/run-cli.js';

let emu: EmulatorHandle;
const config = tempConfigDir();
const env = { C8SPOT_CONFIG_DIR: config, C8SPOT_API_KEY: EMULATOR_DEFAULT_API_KEY };
const cli = (args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> => runCli(args, { env: { ...env, ...extraEnv }, timeoutMs: 30_000 });

function savedProfile(name: string): { caFile?: string } | undefined {
  let text: string;
  try {
    text = readFileSync(join(config, 'config.json'), 'utf8');
  } catch {
    return undefined;
  }
  return (JSON.parse(text) as { profiles?: Record<string, { caFile?: string }> }).profiles?.[name];
}

beforeAll(async () => {
  emu = await startTestEmulator({ tls: true });
}, 60_000);
afterAll(async () => {
  await emu.close();
});

describe('login --ca-file', { timeout: 60_000 }, () => {
  it('without the CA the certificate is refused: exit 8 with the CA hint, nothing saved', async () => {
    const r = await cli(['login', '--url', emu.url, '-p', 'tls']);
    expect(r.code, r.stderr).toBe(8);
    expect(r.stderr).toMatch(/C8SPOT_CA_FILE|--ca-file/);
    expect(savedProfile('tls')).toBeUndefined();
  });

  it('a missing or non-PEM CA file is a usage error (exit 2)', async () => {
    const missing = await cli(['login', '--url', emu.url, '-p', 'tls', '--ca-file', join(config, 'nope.pem')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the CA file .*nope\.pem: ENOENT/);
    const junk = join(mkdtempSync(join(tmpdir(), 'c8spot-ca-')), 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    const bad = await cli(['login', '--url', emu.url, '-p', 'tls', '--ca-file', junk]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('holds no PEM certificate');
  });

  it('with --ca-file: login verifies over TLS, the profile keeps the CA path, later commands trust it', async () => {
    const caFile = emu.caFile!;
    const r = await cli(['login', '--url', emu.url, '-p', 'tls', '--ca-file', caFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(savedProfile('tls')?.caFile).toBe(caFile);
    // No C8SPOT_API_KEY and no C8SPOT_CA_FILE: everything comes from the profile.
    const list = await runCli(['fabric', 'list', '-o', 'json'], { env: { C8SPOT_CONFIG_DIR: config }, timeoutMs: 30_000 });
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((f) => f.name)).toContain('_system');
    // A second login without --ca-file keeps the stored CA.
    const again = await cli(['login', '--url', emu.url, '-p', 'tls']);
    expect(again.code, again.stderr).toBe(0);
    expect(savedProfile('tls')?.caFile).toBe(caFile);
  });
});
