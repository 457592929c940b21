// `c8spot emulator status` output contract (the built binary, a detached emulator in a temp
// data dir): the report is data on stdout, every line ends with a newline, nothing goes to
// stderr (status reports the emulator itself: no "→ target" banner); nothing running is
// exit 8 "target unreachable" (specs/cli.md exit codes), in table and JSON modes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir, type CliResult } from '../helpers/run-cli.js';

const data = mkdtempSync(join(tmpdir(), 'c8spot-status-'));
const empty = mkdtempSync(join(tmpdir(), 'c8spot-status-none-'));
const env = { C8SPOT_CONFIG_DIR: tempConfigDir() };
const cli = (args: readonly string[]): Promise<CliResult> => runCli(args, { env, timeoutMs: 40_000 });
let url = '';

beforeAll(async () => {
  const start = await cli(['emulator', 'start', '--detach', '--port', '0', '--data-dir', data, '--latency-scale', '0']);
  expect(start.code, start.stderr).toBe(0);
  url = (JSON.parse(start.stdout.trim().slice('READY '.length)) as { url: string }).url;
}, 60_000);
afterAll(async () => {
  await cli(['emulator', 'stop', '--data-dir', data]);
  rmSync(data, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
  rmSync(env.C8SPOT_CONFIG_DIR, { recursive: true, force: true });
});

describe('c8spot emulator status', { timeout: 60_000 }, () => {
  it('running: the report on stdout ends with a newline; stderr stays empty (no banner)', async () => {
    const r = await cli(['emulator', 'status', '--data-dir', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^running {2}pid \d+ since /);
    expect(r.stdout).toContain(`url      ${url}\n`);
    expect(r.stdout.endsWith('faults   no faults\n')).toBe(true);
    const json = await cli(['emulator', 'status', '--data-dir', data, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toBe('');
    expect(json.stdout.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json.stdout)).toMatchObject({ running: true, url });
  });

  it('nothing running: exit 8 with the start hint (table and JSON)', async () => {
    const r = await cli(['emulator', 'status', '--data-dir', empty]);
    expect(r.code).toBe(8);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/the emulator is not running \(data dir .*\); start it with `c8spot emulator start`\n$/);
    const json = await cli(['emulator', 'status', '--data-dir', empty, '-o', 'json']);
    expect(json.code).toBe(8);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { message: expect.stringMatching(/not running/) } });
  });

  it('fault with nothing running: exit 8 with the start hint', async () => {
    for (const args of [['emulator', 'fault', 'partition', 'us-east', 'eu-west'], ['emulator', 'fault', 'down', 'ap-south']]) {
      const r = await cli([...args, '--data-dir', empty]);
      expect(r.code, r.stderr).toBe(8);
      expect(r.stderr).toContain('the emulator is not running; start it with `c8spot emulator start`');
    }
  });
});
