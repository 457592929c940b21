// The package as a user gets it: `npm pack` from a clean copy of the checkout (so prepack must
// build dist/ by itself), the tarball's file list, then `npm install -g` into a fresh prefix and
// the installed `c8spot` run from a temp dir with nothing of the checkout on PATH.
// The install is real: dependencies resolve from the registry (npm's cache first) and
// better-sqlite3's install script builds its native addon, which takes a minute or two.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cmd: string, args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** This process's environment less npm's lifecycle variables (`npm test` sets npm_config_* that would steer a nested npm). */
function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** What a fresh clone holds: tracked and untracked-but-not-ignored files (no dist/, no node_modules/). */
function copyCheckout(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(ROOT, f)));
  for (const f of files) {
    mkdirSync(dirname(join(to, f)), { recursive: true });
    copyFileSync(join(ROOT, f), join(to, f));
  }
  // Dev dependencies for the prepack build, as `npm ci` would have installed them.
  symlinkSync(join(ROOT, 'node_modules'), join(to, 'node_modules'), 'dir');
}

interface PackEntry {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

const work = mkdtempSync(join(tmpdir(), 'c8spot-pack-'));
const checkout = join(work, 'checkout');
const prefix = join(work, 'prefix');
const home = join(work, 'home');
let packed: PackEntry;

beforeAll(async () => {
  mkdirSync(checkout);
  mkdirSync(home);
  copyCheckout(checkout);
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: checkout, env: npmEnv(), timeoutMs: 240_000 });
  expect(pack.code, pack.stderr).toBe(0);
  // prepack's build output may precede the JSON on stdout.
  packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('\n[') + 1)) as PackEntry[])[0]!;
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('holds the built CLI, bin, README, LICENSE and docs, and nothing else', () => {
    const paths = packed.files.map((f) => f.path).sort();
    for (const p of paths) expect(p).toMatch(/^(package\.json|README\.md|LICENSE|bin\/c8spot\.js|dist\/.+\.js|docs\/[\w/.-]+\.(md|sh))$/);
    for (const needed of ['LICENSE', 'README.md', 'bin/c8spot.js', 'dist/cli/main.js', 'dist/cli/program.js', 'dist/emulator/index.js', 'docs/commands.md', 'docs/emulator.md', 'docs/ci.md', 'docs/examples/ci.sh', 'docs/emulator-differences.md']) {
      expect(paths).toContain(needed);
    }
    expect(paths.filter((p) => /^(src|test|bench|dist-bench|\.ci|node_modules)\//.test(p) || p.endsWith('.map') || p.startsWith('dist/cli/docs/'))).toEqual([]);
  });
});

describe('npm install -g from the tarball', () => {
  let cli: (args: readonly string[], env?: NodeJS.ProcessEnv) => Promise<Run>;
  let installed: Run;

  beforeAll(async () => {
    installed = await run(
      'npm',
      ['install', '-g', '--prefix', prefix, join(work, packed.filename), '--prefer-offline', '--allow-scripts=better-sqlite3', '--no-audit', '--no-fund'],
      // JOBS: node-gyp compiles better-sqlite3's two sources in parallel (about a minute of CPU).
      { cwd: work, env: { ...npmEnv(), JOBS: 'max' }, timeoutMs: 420_000 },
    );
    const binDir = process.platform === 'win32' ? prefix : join(prefix, 'bin');
    // Only the install's bin dir and node itself: no checkout, no node_modules/.bin.
    const path = [binDir, dirname(process.execPath)].join(delimiter);
    cli = (args, env = {}) => run('c8spot', args, { cwd: home, env: { PATH: path, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), C8SPOT_CONFIG_DIR: join(home, 'c8spot'), ...env }, timeoutMs: 60_000 });
  }, 480_000);

  it('installs, with the native SQLite addon built', () => {
    expect(installed.code, installed.stderr).toBe(0);
    const pkg = join(prefix, 'lib', 'node_modules', 'c8spot');
    expect(realpathSync(join(prefix, 'bin', 'c8spot'))).toBe(join(realpathSync(pkg), 'bin', 'c8spot.js'));
    expect(existsSync(join(pkg, 'src'))).toBe(false);
    expect(existsSync(join(pkg, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(realpathSync(pkg).startsWith(realpathSync(ROOT) + sep)).toBe(false);
  });

  it('runs c8spot --version', async () => {
    const r = await cli(['--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('runs the demo with JSON output', { timeout: 90_000 }, async () => {
    const r = await cli(['demo', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; spotRegion: string; inserted: number; regionRead: { agree: boolean; regions: unknown[] } };
    expect(out).toMatchObject({ ok: true, spotRegion: 'us-east', regionRead: { agree: true } });
    expect(out.inserted).toBeGreaterThan(0);
    expect(out.regionRead.regions).toHaveLength(3);
  });

  it('starts the emulator detached, serves it to other commands, and stops it', { timeout: 90_000 }, async () => {
    const data = join(home, 'emulator');
    const start = await cli(['emulator', 'start', '--detach', '--port', '0', '--data-dir', data]);
    expect(start.code, start.stderr).toBe(0);
    const ready = JSON.parse(start.stdout.trim().replace(/^READY /, '')) as { url: string; regions: Record<string, string> };
    expect(Object.keys(ready.regions)).toEqual(['us-east', 'eu-west', 'ap-south']);
    try {
      // `emulator start` wrote the local profile, so a client command needs no flags.
      const regions = await cli(['region', 'list', '-o', 'json']);
      expect(regions.code, regions.stderr).toBe(0);
      expect((JSON.parse(regions.stdout) as { name: string }[]).map((r) => r.name)).toEqual(['us-east', 'eu-west', 'ap-south']);
      expect(existsSync(join(data, 'emulator.db'))).toBe(true);
    } finally {
      const stop = await cli(['emulator', 'stop', '--data-dir', data]);
      expect(stop.code, stop.stderr).toBe(0);
    }
    const status = await cli(['emulator', 'status', '--data-dir', data]);
    expect(status.code).not.toBe(0);
    expect(status.stderr).toMatch(/not running/);
  });
});
