// `c8spot demo` and `c8spot demo bank` end to end (the built binary, --emulator: an
// in-memory emulator started inside the CLI process for the run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator } from '../helpers/emulator.js';
import { runCli, tempConfigDir } from '../helpers/run-cli.js';

// The walkthrough needs the cursor and restql routes, the bank only the cursor route;
// until they exist those tests are skipped.
const probe = await startTestEmulator();
const hasCursor = (await api(probe).post('/_api/cursor', { query: 'RETURN 1' })).status === 201;
const hasRestql = (await api(probe).post('/_api/restql', { query: { name: 'probe', value: 'RETURN 1' } })).status === 200;
await probe.close();

const env = { C8SPOT_CONFIG_DIR: tempConfigDir(), XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'c8spot-demo-xdg-')) };
afterAll(() => {
  rmSync(env.C8SPOT_CONFIG_DIR, { recursive: true, force: true });
  rmSync(env.XDG_DATA_HOME, { recursive: true, force: true });
});

describe.skipIf(!hasCursor || !hasRestql)('c8spot demo', () => {
  it('walks through the spot flow in a pipe: every step ok, every region agrees, torn down', async () => {
    const r = await runCli(['demo', '--emulator', '-v'], { env, timeoutMs: 60_000 });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    for (const step of ['connect to', 'create fabric', 'create spot collection accounts', 'insert 10 accounts', 'save query demo_accounts', 'run query demo_accounts: 10 rows', 'read from every region', 'tear down']) {
      expect(r.stdout).toContain(step);
    }
    expect(r.stdout).not.toContain('FAIL');
    expect(r.stdout).toMatch(/us-east \(spot\) +10 +[0-9a-f]{12} .* yes/);
    expect(r.stdout.match(/ yes$/gm)).toHaveLength(3);
    expect(r.stderr).toMatch(/^→ emulator http:\/\/127\.0\.0\.1:\d+/);
    // -v: the demo's requests go through the REST layer's request log, region by region.
    expect(r.stderr).toMatch(/^ {2}POST \/_fabric\/_system\/_api\/database 20\d \d+ms us-east [0-9a-f-]+$/m);
    for (const region of ['us-east', 'eu-west', 'ap-south']) expect(r.stderr).toMatch(new RegExp(`^ {2}POST /_fabric/c8spot_demo_\\w+/_api/cursor 201 \\d+ms ${region} [0-9a-f-]+$`, 'm'));
  });

  it('prints one JSON document with -o json', async () => {
    const r = await runCli(['demo', '--emulator', '-o', 'json'], { env, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, spotRegion: 'us-east', inserted: 10, queryRows: 10, kept: false, regionRead: { agree: true, referenceKind: 'spot' } });
    expect(out.steps.every((s: { ok: boolean }) => s.ok)).toBe(true);
  });

});

describe.skipIf(!hasCursor)('c8spot demo bank', () => {
  it('--compare-global: no spot violations, some global ones', async () => {
    const r = await runCli(['demo', 'bank', '--emulator', '--compare-global', '--seconds', '3', '--seed', '7', '-o', 'json'], { env, timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const spot = out.collections.find((c: { spot: boolean }) => c.spot);
    const global = out.collections.find((c: { spot: boolean }) => !c.spot);
    expect(spot.transfers).toBeGreaterThan(0);
    expect(spot.reads).toBeGreaterThan(0);
    expect(spot.violations).toBe(0);
    expect(global.violations).toBeGreaterThan(0);
    expect(out.latency.length).toBeGreaterThanOrEqual(3);
  });
});

describe('c8spot demo (argument checks)', () => {
  it('rejects bad bank sizes before touching any target', async () => {
    const r = await runCli(['demo', 'bank', '--accounts', '1'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--accounts must be an integer >= 2/);
  });
});
