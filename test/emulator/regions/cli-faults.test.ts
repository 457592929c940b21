// `c8spot emulator fault|heal|status` against a detached emulator (the real binary).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../helpers/emulator.js';
import { runCli, tempConfigDir } from '../../helpers/run-cli.js';

const data = mkdtempSync(join(tmpdir(), 'c8spot-faults-cli-'));
const env = { C8SPOT_CONFIG_DIR: tempConfigDir() };
let regions: Record<string, string> = {};
let url = '';
let apiKey = '';

beforeAll(async () => {
  const start = await runCli(['emulator', 'start', '--detach', '--port', '0', '--data-dir', data, '--latency-scale', '0'], { env });
  expect(start.code, start.stderr).toBe(0);
  const ready = JSON.parse(start.stdout.trim().slice('READY '.length)) as { url: string; apiKey: string; regions: Record<string, string> };
  ({ regions, url, apiKey } = ready);
});
afterAll(async () => {
  await runCli(['emulator', 'stop', '--data-dir', data], { env });
  rmSync(data, { recursive: true, force: true });
  rmSync(env.C8SPOT_CONFIG_DIR, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--data-dir', data], { env });

describe('c8spot emulator fault / heal / status', () => {
  it('partitions, shows it in status, and heals', async () => {
    const p = await cli('emulator', 'fault', 'partition', 'ap-south');
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toBe('partition ap-south | us-east,eu-west\n');
    const status = await cli('emulator', 'status');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/link +us-east → ap-south +0 ms · BLOCKED/);
    expect(status.stdout).toMatch(/faults +partition ap-south \| us-east,eu-west/);
    const json = await cli('emulator', 'status', '--json');
    expect(JSON.parse(json.stdout).network.faults.partitions).toEqual([['ap-south'], ['us-east', 'eu-west']]);
    const heal = await cli('emulator', 'heal');
    expect(heal.stdout).toBe('no faults\n');
  });

  it('status shows the replication backlog a partition builds up', async () => {
    await cli('emulator', 'fault', 'partition', 'ap-south');
    const w = await rawRequest(url, 'POST', '/_api/collection', { auth: { apiKey }, body: { name: 'backlogged' } });
    expect(w.status, w.text).toBe(200);
    const d = await rawRequest(regions['us-east']!, 'POST', '/_api/document/backlogged', { auth: { apiKey }, body: { _key: 'x' } });
    expect(d.status, d.text).toBe(202);
    const status = await cli('emulator', 'status');
    expect(status.stdout).toMatch(/link +us-east → ap-south +0 ms · backlog 1 \(oldest \d+ ms\)( · 1 in flight)? · BLOCKED/);
    await cli('emulator', 'heal');
    const after = await cli('emulator', 'status', '--json');
    const streams = JSON.parse(after.stdout).network.replication.streams as { from: string; to: string; backlog: number }[];
    expect(streams.find((s) => s.from === 'us-east' && s.to === 'ap-south')!.backlog).toBe(0);
  });

  it('takes a region down and up, sets lag and drop, with JSON output', async () => {
    const down = await cli('emulator', 'fault', 'down', 'eu-west');
    expect(down.stdout).toBe('down      eu-west\n');
    await expect(rawRequest(regions['eu-west']!, 'GET', '/_admin/ready')).rejects.toThrow();
    await cli('emulator', 'fault', 'up', 'eu-west');
    expect((await rawRequest(regions['eu-west']!, 'GET', '/_admin/ready')).status).toBe(200);
    const lag = await cli('emulator', 'fault', 'lag', 'us-east', 'eu-west', '300', '--one-way', '-o', 'json');
    expect(JSON.parse(lag.stdout).faults.lag).toEqual([{ from: 'us-east', to: 'eu-west', ms: 300 }]);
    const drop = await cli('emulator', 'fault', 'drop', 'us-east', 'ap-south', '0.5');
    expect(drop.stdout).toContain('drop      us-east → ap-south p=0.5');
    expect(drop.stdout).toContain('drop      ap-south → us-east p=0.5');
    await cli('emulator', 'heal');
  });

  it('reports bad input as usage errors (exit 2) naming the valid regions', async () => {
    const r = await cli('emulator', 'fault', 'down', 'mars');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown region "mars"; valid regions: us-east, eu-west, ap-south/);
    const lag = await cli('emulator', 'fault', 'lag', 'us-east', 'eu-west', 'soon');
    expect(lag.code).toBe(2);
    expect(lag.stderr).toMatch(/lag ms must be a number/);
  });

  it('says how to start the emulator when none is running', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'c8spot-none-'));
    try {
      const r = await runCli(['emulator', 'heal', '--data-dir', empty], { env });
      expect(r.code).toBe(8); // target unreachable, as `emulator status`
      expect(r.stderr).toMatch(/not running; start it with `c8spot emulator start`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a region taken down: a command sent to it exits 8 and the hint points at status and heal', async () => {
    const down = await cli('emulator', 'fault', 'down', 'ap-south');
    expect(down.code, down.stderr).toBe(0);
    try {
      // Through the detached emulator's local profile (in env's config dir).
      const r = await runCli(['--region', 'ap-south', 'fabric', 'list', '-o', 'json'], { env });
      expect(r.code, r.stderr).toBe(8);
      expect(r.stderr).toMatch(/`c8spot emulator status` shows whether this region was taken down; `c8spot emulator heal`/);
    } finally {
      expect((await cli('emulator', 'heal')).code).toBe(0);
    }
    const back = await runCli(['--region', 'ap-south', 'fabric', 'list', '-o', 'json'], { env });
    expect(back.code, back.stderr).toBe(0);
  });
});
