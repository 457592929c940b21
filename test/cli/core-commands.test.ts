// The core commands through the built binary (run `npm run build` first), against an
// in-process emulator with a temp config dir.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/run-cli.js';
import { jsonOut, startDataCli, type DataCli } from './data-cli.js';

let cli: DataCli;

beforeAll(async () => {
  cli = await startDataCli();
});
afterAll(async () => {
  await cli?.close();
});

describe('region / fabric / collection', { timeout: 120_000 }, () => {
  it('lists regions as a table and as JSON', async () => {
    const t = await cli.run(['region', 'list']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/│ name\s+│ spotCapable/);
    expect(t.stderr).toMatch(/^→ emulator http:\/\/127\.0\.0\.1:\d+ · fabric _system/);
    const j = await cli.run(['region', 'list', '-o', 'json']);
    const rows = jsonOut<{ name: string; spotCapable: boolean }[]>(j);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => typeof r.spotCapable === 'boolean')).toBe(true);
  });

  it('creates a spot fabric, validates --spot-dc, and --if-not-exists is idempotent', async () => {
    const bad = await cli.run(['fabric', 'create', 'shop', '--spot-dc', 'mars']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'mars' is not a spot-capable region; spot-capable: .*us-east/);
    const a = await cli.run(['fabric', 'create', 'shop', '--spot-dc', 'us-east', '--if-not-exists', '-o', 'json']);
    expect(a.code).toBe(0);
    expect(jsonOut(a)).toMatchObject({ name: 'shop', created: true, spotDc: 'us-east' });
    const b = await cli.run(['fabric', 'create', 'shop', '--spot-dc', 'us-east', '--if-not-exists', '-o', 'json']);
    expect(b.code).toBe(0);
    expect(jsonOut(b)).toMatchObject({ created: false, spotDc: 'us-east' });
    const c = await cli.run(['fabric', 'create', 'shop', '--spot-dc', 'eu-west', '--if-not-exists']);
    expect(c.code).toBe(5);
    const dup = await cli.run(['fabric', 'create', 'shop', '-o', 'json']);
    expect(dup.code).toBe(5);
    expect(jsonOut<{ error: { errorNum: number; httpStatus: number; hint: string } }>(dup).error).toMatchObject({ errorNum: 1207, httpStatus: 409 });
  });

  it('refuses --spot on a fabric without spot region before sending anything', async () => {
    expect((await cli.run(['fabric', 'create', 'plain', '--no-spot', '-q'])).code).toBe(0);
    const r = await cli.run(['collection', 'create', 'orders', '--spot', '--fabric', 'plain']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no spot region.*--spot-dc/);
    const list = await cli.http.get('/_fabric/plain/_api/collection?excludeSystem=true');
    expect((list.body as { result: unknown[] }).result).toEqual([]);
  });

  it('creates, lists, shows and deletes collections; destructive commands need --yes in a pipe', async () => {
    const a = await cli.run(['collection', 'create', 'orders', '--spot', '--fabric', 'shop', '--if-not-exists', '-o', 'json']);
    expect(jsonOut(a)).toMatchObject({ name: 'orders', created: true, spot: true, spotRegion: 'us-east' });
    const again = await cli.run(['collection', 'create', 'orders', '--spot', '--fabric', 'shop', '--if-not-exists', '-o', 'json']);
    expect(jsonOut(again)).toMatchObject({ created: false });
    const differs = await cli.run(['collection', 'create', 'orders', '--fabric', 'shop', '--if-not-exists']);
    expect(differs.code).toBe(5);
    const l = await cli.run(['collection', 'list', '--fabric', 'shop']);
    expect(l.stdout).toMatch(/│ orders │ document │ true\s+│ false │ us-east/);
    const csv = await cli.run(['collection', 'list', '--fabric', 'shop', '-o', 'csv']);
    expect(csv.stdout).toBe('name,type,spot,local,spotRegion\r\norders,document,true,false,us-east\r\n');
    const show = await cli.run(['collection', 'show', 'orders', '--fabric', 'shop', '-o', 'yaml']);
    expect(show.stdout).toMatch(/^name: orders$/m);
    expect(show.stdout).toMatch(/^count: 0$/m);
    const noYes = await cli.run(['collection', 'delete', 'orders', '--fabric', 'shop']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
    const del = await cli.run(['collection', 'delete', 'orders', '--fabric', 'shop', '--yes', '-o', 'json']);
    expect(jsonOut(del)).toEqual({ name: 'orders', deleted: true });
    const gone = await cli.run(['collection', 'show', 'orders', '--fabric', 'shop']);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(/collection list/);
  });

  it('unknown fabric → exit 3 with the list hint', async () => {
    const r = await cli.run(['collection', 'list', '--fabric', 'nowhere']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/c8spot fabric list/);
  });
});

describe('doc', { timeout: 120_000 }, () => {
  it('reads spot documents strongly by default, --no-strong locally; updates and deletes', async () => {
    await cli.run(['collection', 'create', 'accts', '--spot', '--fabric', 'shop', '-q']);
    expect((await cli.http.post('/_fabric/shop/_api/document/accts', { _key: 'a1', bal: 5 })).status).toBe(202);
    const g = await cli.run(['doc', 'get', 'accts', 'a1', '--fabric', 'shop', '-o', 'json']);
    expect(g.code).toBe(0);
    expect(jsonOut(g)).toMatchObject({ _key: 'a1', bal: 5 });
    expect(g.stderr).toMatch(/read: strong \(spot region\)/);
    const n = await cli.run(['doc', 'get', 'accts', 'a1', '--fabric', 'shop', '--no-strong', '-o', 'json']);
    expect(n.stderr).toMatch(/local replica \(--no-strong\)/);
    const u = await cli.run(['doc', 'update', 'accts', 'a1', '-', '--fabric', 'shop', '-o', 'json'], '{"bal":7}');
    expect(jsonOut<{ new: { bal: number } }>(u).new.bal).toBe(7);
    const bad = await cli.run(['doc', 'replace', 'accts', 'a1', '{nope', '--fabric', 'shop']);
    expect(bad.code).toBe(2);
    const stale = await cli.run(['doc', 'update', 'accts', 'a1', '{"bal":1}', '--if-match', '_stale', '--fabric', 'shop']);
    expect(stale.code).toBe(5);
    expect((await cli.run(['doc', 'delete', 'accts', 'a1', '--fabric', 'shop'])).code).toBe(2);
    expect((await cli.run(['doc', 'delete', 'accts', 'a1', '--fabric', 'shop', '--yes'])).code).toBe(0);
    expect((await cli.run(['doc', 'get', 'accts', 'a1', '--fabric', 'shop'])).code).toBe(3);
  });
});

describe('login / whoami / profiles', { timeout: 120_000 }, () => {
  it('login verifies before saving, files are 0600/0700, whoami says where values came from', async () => {
    const config = tempConfigDir();
    const env = { C8SPOT_CONFIG_DIR: config };
    const wrong = await runCli(['login', '--url', cli.emu.url, '--api-key-stdin', '-p', 'dev'], { env, input: 'c8spot.admin.wrong\n' });
    expect(wrong.code).toBe(4);
    const ok = await runCli(['login', '--url', cli.emu.url, '--api-key-stdin', '-p', 'dev', '-o', 'json'], { env, input: `${cli.emu.apiKey}\n` });
    expect(ok.code).toBe(0);
    expect(jsonOut(ok)).toMatchObject({ profile: 'dev', tenant: expect.any(String) });
    const show = await runCli(['profile', 'show', '-o', 'json'], { env });
    expect(show.stdout).not.toContain(cli.emu.apiKey);
    const file = `${config}/config.json`;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    const who = await runCli(['whoami', '-o', 'json', '--fabric', 'shop'], { env });
    expect(jsonOut(who)).toMatchObject({ profile: { value: 'dev', from: 'profile' }, url: { from: 'profile' }, fabric: { value: 'shop', from: 'flag' }, credential: { value: 'apiKey', from: 'profile' } });
    const envWins = await runCli(['whoami', '-o', 'json'], { env: { ...env, C8SPOT_FABRIC: 'envfab', C8SPOT_URL: cli.emu.url } });
    expect(jsonOut(envWins)).toMatchObject({ fabric: { value: 'envfab', from: 'env' }, url: { from: 'env' } });
    const list = await runCli(['profile', 'list'], { env });
    expect(list.stdout).toMatch(/│ \*\s+│ dev /);
    expect((await runCli(['profile', 'remove', 'dev'], { env })).code).toBe(2);
    expect((await runCli(['profile', 'remove', 'dev', '--yes'], { env })).code).toBe(0);
  });

  it('wrong API key → exit 4 with the login hint; --debug never prints the secret', async () => {
    const r = await cli.run(['fabric', 'list', '--debug'], undefined, { C8SPOT_API_KEY: 'c8spot.admin.wrongsecret' });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/c8spot login/);
    expect(r.stderr).not.toContain('wrongsecret');
    const ok = await cli.run(['fabric', 'list', '--debug']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/GET \/_fabric\/_system\/_api\/database\/user 200/);
    expect(ok.stderr).not.toContain(cli.emu.apiKey.split('.').at(-1));
  });

  it('emulator down → exit 8 with the start hint, JSON envelope on stdout', async () => {
    const r = await cli.run(['region', 'list', '-o', 'json'], undefined, { C8SPOT_URL: 'http://127.0.0.1:1' });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/c8spot emulator start/);
    expect(jsonOut<{ error: { code: string } }>(r).error.code).toBe('NETWORK_REFUSED');
  });
});

describe('completion and help topics', { timeout: 60_000 }, () => {
  it('prints completion scripts and help topics; bad shell is a usage error', async () => {
    const bash = await runCli(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toMatch(/complete -F _c8spot c8spot/);
    expect(bash.stdout).toMatch(/"fabric"\) words="create list show delete set-spot/);
    expect((await runCli(['completion', 'fish'])).stdout).toMatch(/complete -c c8spot -n '__fish_use_subcommand' -a fabric/);
    expect((await runCli(['completion', 'tcsh'])).code).toBe(2);
    const codes = await runCli(['help', 'exit-codes']);
    expect(codes.stdout).toMatch(/130 interrupted/);
    expect((await runCli(['help', 'collection', 'create'])).stdout).toMatch(/Usage: c8spot collection create/);
    expect((await runCli(['fabric', 'create', '--help'])).stdout).toMatch(/Examples:[\s\S]*-o json/);
  });
});

