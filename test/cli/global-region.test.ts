// The global `--region <dc>` option (specs/cli.md: "send to that region's endpoint"), end to
// end: the built binary against an in-process emulator whose replication lag (60 s) is far
// longer than the test, so where a write landed and where a read was served are observable:
// a document of a global collection exists only in the region that took the write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { runCli, tempConfigDir, type CliResult } from '../helpers/run-cli.js';

let emu: EmulatorHandle;
let env: NodeJS.ProcessEnv;
const cli = (args: readonly string[]): Promise<CliResult> => runCli(args, { env, timeoutMs: 30_000 });

beforeAll(async () => {
  emu = await startTestEmulator({ replicationLagMs: 60_000 });
  env = { C8SPOT_URL: emu.url, C8SPOT_API_KEY: emu.apiKey, C8SPOT_CONFIG_DIR: tempConfigDir(), C8SPOT_FABRIC: 'geo' };
  const http = api(emu);
  expect((await http.post('/_api/database', { name: 'geo', options: { dcList: 'us-east,eu-west,ap-south', spotDc: 'us-east' } })).status).toBeLessThan(300);
  expect((await http.post('/_fabric/geo/_api/collection', { name: 'glob' })).status).toBeLessThan(300);
});
afterAll(async () => {
  await emu?.close();
});

/** Status of a direct read of glob/<key> at one region's own endpoint. */
async function statusAt(region: string, key: string): Promise<number> {
  return (await api(emu, emu.regions[region]).get(`/_fabric/geo/_api/document/glob/${key}`)).status;
}

describe('--region <dc>', { timeout: 120_000 }, () => {
  it('sends a write to that region: the document exists there and not yet elsewhere', async () => {
    const r = await cli(['--region', 'eu-west', 'insert', 'glob', '--data', '{"_key":"w","v":1}', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`→ emulator ${emu.regions['eu-west']} · fabric geo · region eu-west\n`);
    expect(await statusAt('eu-west', 'w')).toBe(200);
    expect(await statusAt('us-east', 'w')).toBe(404);
    expect(await statusAt('ap-south', 'w')).toBe(404);
  });

  it('sends a read to that region: only the region that took the write has it', async () => {
    const there = await cli(['-v', '--region', 'eu-west', 'doc', 'get', 'glob', 'w', '-o', 'json']);
    expect(there.code, there.stderr).toBe(0);
    expect(JSON.parse(there.stdout)).toMatchObject({ _key: 'w', v: 1 });
    // -v: the region list is read once at the federation URL, then every request is served by eu-west.
    const requests = there.stderr.split('\n').filter((l) => /^ {2}[A-Z]+ \//.test(l));
    const afterLookup = requests.slice(requests.findIndex((l) => l.includes('/datacenter/all')) + 1);
    expect(afterLookup.length).toBeGreaterThan(0);
    for (const line of afterLookup) expect(line).toMatch(/ \d+ms eu-west [0-9a-f-]+$/);

    const elsewhere = await cli(['--region', 'ap-south', 'doc', 'get', 'glob', 'w']);
    expect(elsewhere.code).toBe(3);
    // Without --region the federation URL answers (the first region, us-east): not there yet either.
    const federation = await cli(['doc', 'get', 'glob', 'w']);
    expect(federation.code).toBe(3);
    expect(federation.stderr).toContain(`→ emulator ${emu.url} · fabric geo\n`);
  });

  it('an unknown region is a usage error that names the valid ones', async () => {
    const r = await cli(['--region', 'mars', 'collection', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown region 'mars'; regions: us-east, eu-west, ap-south/);
  });
});
