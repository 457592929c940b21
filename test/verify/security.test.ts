// Security checks (specs/verification.md layers 2 and 7, specs/emulator.md §1–2, cli.md):
//  * every route of the live route table, on every region listener, refuses a caller without
//    credentials (401); new routes are covered as soon as handlers/index.ts lists them;
//  * a read-only key changes nothing through any mutating route; a `none` key reads nothing;
//  * a non-loopback --host is refused without --allow-remote, with the reason;
//  * profile files are 0600 in a 0700 dir;
//  * no secret (API key, password, JWT) shows up in CLI output, --debug logs, errors or the
//    emulator log (the READY line, which by contract carries the emulator's API key, excepted).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/emulator/handlers/index.js';
import type { Route } from '../../src/emulator/http/route.js';
import { api, rawRequest, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';
import { CLI_BIN, runCli, type CliResult } from '../helpers/run-cli.js';

const API_KEY = 'sec.admin.Zq8wX3kP9vLm2Rt';
const PASSWORD = 'S3cret-Passw0rd-!xyz';
const EMAIL = 'sec-admin@c8spot.test';
const COLL = 'secdocs';
const DOC = 'doc1';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** POST routes that only read (a query or a parse), mapped to a body that reads. */
const READ_ONLY_POSTS: Record<string, unknown> = {
  '/_api/cursor': { query: `FOR d IN ${COLL} RETURN d` },
  '/_api/query': { query: `FOR d IN ${COLL} RETURN d` },
  '/_api/explain': { query: `FOR d IN ${COLL} RETURN d` },
  '/_api/export': { query: `FOR d IN ${COLL} RETURN d` },
};

/** Fills :params with names that exist, so a missing access check cannot hide behind a 404. */
function concretePath(r: Route, ids: { key: string }): string {
  const path = r.path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
    const n = name.toLowerCase();
    if (n === 'keyid') return ids.key;
    if (n === 'id' || n === 'user') return ids.key;
    if (n.includes('coll') || n === 'name') return COLL;
    if (n === 'key' || n.includes('handle') || n.includes('doc')) return DOC;
    if (n === 'db' || n.includes('fabric')) return '_system';
    if (n === 'dc' || n.includes('region')) return 'us-east';
    return 'probe';
  });
  return r.scope === 'fabric' ? `/_fabric/_system${path}` : path;
}

function sampleBody(r: Route): unknown {
  if (r.method === 'GET' || r.method === 'HEAD' || r.method === 'DELETE') return undefined;
  return READ_ONLY_POSTS[r.path] ?? { name: 'sec-new', _key: 'evil', value: 1, grant: 'rw', keyid: 'evil', query: `INSERT {_key:'evil'} INTO ${COLL}` };
}

/** Fabric-scoped routes that carry no fabric data. */
const NOT_FABRIC_DATA = /^\/_api\/(version|database|database\/user)$/;

let emu: EmulatorHandle;
let admin: ApiClient;

/** Everything an admin can see, to prove a forbidden request changed nothing. */
async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const p of ['/_api/key', '/_api/user', '/_api/database', '/_fabric/_system/_api/collection']) {
    const res = await admin.get(p);
    parts.push([p, res.status, res.body]);
  }
  parts.push((await admin.get(`/_fabric/_system/_api/document/${COLL}/${DOC}`)).body);
  parts.push((await admin.get(`/_fabric/_system/_api/collection/${COLL}/count`)).body?.count);
  parts.push((await admin.get('/_emulator/faults')).body);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  emu = await startTestEmulator({ apiKey: API_KEY, password: PASSWORD, email: EMAIL });
  admin = api(emu);
  const created = await admin.post('/_fabric/_system/_api/collection', { name: COLL });
  expect(created.status, created.text).toBe(200);
  expect((await admin.post(`/_fabric/_system/_api/document/${COLL}`, { _key: DOC, value: 0 })).status).toBe(202);
  for (const [keyid, grant] of [
    ['reader', 'ro'],
    ['nobody', 'none'],
  ] as const) {
    const k = await admin.post('/_api/key', { keyid });
    expect(k.status, k.text).toBe(201);
    keys[keyid] = k.body.key;
    expect((await admin.put(`/_api/key/${keyid}/database/_system`, { grant })).status).toBe(200);
  }
});
afterAll(() => emu?.close());
const keys: Record<string, string> = {};

describe('every route needs credentials', () => {
  const protectedRoutes = allRoutes.filter((r) => r.scope !== 'open');

  it('answers 401 without credentials on every region listener', async () => {
    expect(protectedRoutes.length).toBeGreaterThan(20);
    const bases = [emu.url, ...Object.values(emu.regions)];
    let checked = 0;
    for (const base of bases) {
      for (const r of protectedRoutes) {
        const res = await rawRequest(base, r.method, concretePath(r, { key: 'reader' }), { auth: 'none', body: sampleBody(r) });
        expect(res.status, `${r.method} ${r.path} at ${base}`).toBe(401);
        checked++;
      }
    }
    console.log(`[verify] security: ${protectedRoutes.length} protected routes × ${bases.length} listeners → 401 (${checked} requests)`);
  });

  it('answers 401 with a forged or expired-looking JWT', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJfbW0iLCJ1c2VyIjoicm9vdCJ9.AAAA';
    for (const r of protectedRoutes.filter((x) => x.method === 'GET')) {
      const res = await rawRequest(emu.url, r.method, concretePath(r, { key: 'reader' }), { auth: { jwt: forged } });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });
});

describe('access levels', () => {
  it('a read-only key changes nothing through any mutating route', async () => {
    const before = await snapshot();
    const reader = api(emu, emu.url, { auth: { apiKey: keys.reader! } });
    let refused = 0;
    for (const r of allRoutes.filter((x) => x.scope !== 'open' && MUTATING.has(x.method))) {
      const res = await reader.request(r.method, concretePath(r, { key: 'reader' }), { body: sampleBody(r) });
      if (r.path in READ_ONLY_POSTS) continue;
      expect(res.status, `${r.method} ${r.path} → ${res.status} ${res.text.slice(0, 160)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500);
      refused++;
    }
    expect(await snapshot()).toBe(before);
    console.log(`[verify] security: read-only key refused on ${refused} mutating routes; state unchanged`);
  });

  it('a read-only key can still read', async () => {
    const reader = api(emu, emu.url, { auth: { apiKey: keys.reader! } });
    expect((await reader.get('/_fabric/_system/_api/database/current')).status).toBe(200);
    expect((await reader.get(`/_fabric/_system/_api/document/${COLL}/${DOC}`)).status).toBe(200);
    const put = await reader.put(`/_fabric/_system/_api/document/${COLL}/${DOC}`, { value: 9 });
    expect(put.status, put.text).toBe(403);
    const write = await reader.post('/_fabric/_system/_api/cursor', { query: `INSERT {_key:'x'} INTO ${COLL}` });
    expect(write.status, write.text).toBe(403);
  });

  it('a key with `none` reads nothing in the fabric', async () => {
    const nobody = api(emu, emu.url, { auth: { apiKey: keys.nobody! } });
    let refused = 0;
    const reads = allRoutes.filter((r) => r.scope === 'fabric' && (r.method === 'GET' || r.method === 'HEAD' || r.path in READ_ONLY_POSTS));
    for (const r of reads) {
      const res = await nobody.request(r.method, concretePath(r, { key: 'nobody' }), { body: sampleBody(r) });
      // Server facts (version) and the caller's own fabric list (which then shows nothing)
      // are not fabric data; everything else must be refused.
      if (res.status < 300) {
        expect(JSON.stringify(res.body ?? ''), `${r.method} ${r.path} leaked`).not.toContain(DOC);
        expect(r.path, `${r.method} ${r.path} answered ${res.status}`).toMatch(NOT_FABRIC_DATA);
        continue;
      }
      expect([401, 403, 404], `${r.method} ${r.path} → ${res.status}`).toContain(res.status);
      refused++;
    }
    expect(refused).toBeGreaterThan(0);
    console.log(`[verify] security: none key refused on ${refused}/${reads.length} read routes`);
  });
});

// ---- CLI and emulator process checks ----

interface Started {
  readonly ready: string;
  readonly stop: () => Promise<{ stdout: string; stderr: string }>;
}

/** `emulator start` in the foreground as a child; resolves once READY is printed. */
function startChild(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, 'emulator', 'start', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no READY within 20 s: ${stderr}`));
    }, 20_000);
    createInterface({ input: child.stdout.setEncoding('utf8') }).on('line', (line) => {
      stdout += line + '\n';
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      resolve({
        ready: line,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
          return { stdout, stderr };
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code} before READY: ${stderr}`));
    });
  });
}

// A private XDG_DATA_HOME too: `emulator start` refuses when the default data dir's state
// file names a live emulator, and other emulators may be running on this machine.
function cliEnv(configDir: string): NodeJS.ProcessEnv {
  return { C8SPOT_CONFIG_DIR: configDir, XDG_DATA_HOME: join(configDir, 'xdg-data'), NO_COLOR: '1' };
}

describe('emulator process and CLI', () => {
  const dirs: string[] = [];
  const tmp = (prefix: string): string => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a non-loopback host without --allow-remote and says why', async () => {
    const res = await runCli(['emulator', 'start', '--in-memory', '--port', '0', '--host', '0.0.0.0'], { env: cliEnv(tmp('c8s-cfg-')) });
    expect(res.code).not.toBe(0);
    expect(res.code).not.toBeNull();
    expect(res.stderr).toContain('--allow-remote');
    expect(res.stderr).toMatch(/0\.0\.0\.0/);
    expect(res.stdout).not.toContain('READY');
  });

  // 14 CLI runs in a row: room for a loaded machine (verify:long runs heavier files alongside).
  it('keeps the profile file 0600 in a 0700 dir and leaks no secret', { timeout: 120_000 }, async () => {
    const configDir = join(tmp('c8s-cfg-'), 'nested');
    const dataDir = tmp('c8s-data-');
    const env = { ...cliEnv(configDir), C8SPOT_EMULATOR_API_KEY: API_KEY, C8SPOT_EMULATOR_PASSWORD: PASSWORD, C8SPOT_EMULATOR_EMAIL: EMAIL };
    const started = await startChild(['--data-dir', dataDir, '--port', '0', '--latency-scale', '0'], env);
    const ready = JSON.parse(started.ready.slice('READY '.length)) as { url: string; apiKey: string };
    expect(ready.apiKey).toBe(API_KEY);

    const outputs: [string, CliResult | { stdout: string; stderr: string }][] = [];
    const cli = async (label: string, args: string[], input?: string): Promise<CliResult> => {
      const r = await runCli(args, { env: cliEnv(configDir), ...(input === undefined ? {} : { input }) });
      outputs.push([label, r]);
      return r;
    };
    await cli('status', ['emulator', 'status', '--data-dir', dataDir]);
    await cli('status --json', ['emulator', 'status', '--data-dir', dataDir, '--json']);
    // Commands of other groups, when present: each runs with --debug and -v (logs headers).
    const login = await cli('login', ['--debug', 'login', '--url', ready.url, '--profile', 'sec', '--email', EMAIL, '--password-stdin'], PASSWORD + '\n');
    const loginKey = await cli('login key', ['--debug', 'login', '--url', ready.url, '--profile', 'seckey', '--api-key-stdin'], API_KEY + '\n');
    for (const [label, args] of [
      ['whoami', ['--debug', '-p', 'sec', 'whoami']],
      ['fabric list', ['--debug', '-v', '-p', 'sec', 'fabric', 'list']],
      ['region list', ['--debug', '-p', 'seckey', 'region', 'list']],
      ['collection create', ['--debug', '-p', 'seckey', 'collection', 'create', 'secret-col']],
      ['query', ['--debug', '-p', 'seckey', 'query', 'RETURN 1']],
      ['bad query', ['--debug', '-p', 'seckey', 'query', 'RETURN (']],
      ['wrong key', ['--debug', '--url', ready.url, 'fabric', 'list']],
      ['profile show', ['profile', 'show', 'sec']],
      ['profile list', ['profile', 'list', '--json']],
    ] as const) {
      await cli(label, [...args]);
    }
    outputs.push(['emulator start', await started.stop()]);

    // The JWT of the email login, if login worked, must not be printed either.
    const configFile = join(configDir, 'config.json');
    expect(existsSync(configFile)).toBe(true);
    const config = readFileSync(configFile, 'utf8');
    const jwt = /"jwt":\s*"([^"]+)"/.exec(config)?.[1];
    const secrets = [PASSWORD, API_KEY, ...(jwt ? [jwt] : [])];

    const logFile = join(dataDir, 'emulator.log');
    if (existsSync(logFile)) outputs.push(['emulator.log', { stdout: readFileSync(logFile, 'utf8'), stderr: '' }]);
    let scanned = 0;
    for (const [label, out] of outputs) {
      // The READY line carries the emulator's API key by contract (specs/emulator.md §1).
      const stdout = out.stdout
        .split('\n')
        .filter((l) => !(label === 'emulator start' && l.startsWith('READY ')))
        .join('\n');
      for (const s of secrets) {
        expect(stdout.includes(s), `${label}: secret in stdout`).toBe(false);
        expect(out.stderr.includes(s), `${label}: secret in stderr`).toBe(false);
        // Also catch a secret split by redaction that kept a long prefix.
        expect(out.stderr.includes(s.slice(0, 12)) || stdout.includes(s.slice(0, 12)), `${label}: secret prefix`).toBe(false);
      }
      scanned++;
    }
    const ran = outputs.filter(([, o]) => !/unknown command|error: unknown/i.test(o.stderr)).map(([l]) => l);
    console.log(`[verify] security: scanned ${scanned} outputs (${ran.length} commands present: ${ran.join(', ')}) for ${secrets.length} secrets: none found`);
    // A failed login only narrows the scan (no JWT to look for); say so rather than fail here.
    for (const [label, r] of [['login', login], ['login key', loginKey]] as const) {
      if (r.code !== 0) console.log(`[verify] security: ${label} exited ${r.code}: ${r.stderr.split('\n')[0]}`);
    }

    // Profile file permissions.
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);
  });

  it('keeps secrets out of a detached emulator\'s argv and log', async () => {
    const configDir = tmp('c8s-cfg-');
    const dataDir = tmp('c8s-data-');
    const env = { ...cliEnv(configDir), C8SPOT_EMULATOR_API_KEY: API_KEY, C8SPOT_EMULATOR_PASSWORD: PASSWORD };
    const res = await runCli(['emulator', 'start', '--detach', '--data-dir', dataDir, '--port', '0'], { env });
    expect(res.code, res.stderr).toBe(0);
    try {
      const state = JSON.parse(readFileSync(join(dataDir, 'emulator.state.json'), 'utf8')) as { pid: number };
      const argv = readFileSync(`/proc/${state.pid}/cmdline`, 'utf8');
      expect(argv).toContain('emulator');
      for (const s of [API_KEY, PASSWORD]) expect(argv.includes(s)).toBe(false);
      expect(res.stderr.includes(PASSWORD)).toBe(false);
    } finally {
      const stop = await runCli(['emulator', 'stop', '--data-dir', dataDir], { env });
      expect(stop.code, stop.stderr).toBe(0);
    }
    const log = readFileSync(join(dataDir, 'emulator.log'), 'utf8');
    for (const s of [API_KEY, PASSWORD]) expect(log.includes(s)).toBe(false);
  });
});
