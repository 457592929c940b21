// For benchmarks 1, 4 and 5: the real `c8spot emulator start` as its own child process over
// plain HTTP, in memory, with a private config dir and XDG data dir (so it neither touches the
// user's profiles nor refuses to start because another emulator's state file exists), plus a
// small keep-alive JSON caller and child-process timing helpers.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

export interface ChildEmulator {
  readonly pid: number;
  /** Global URL (served by the first region). */
  readonly url: string;
  /** Region name → its own URL, in the emulator's order. */
  readonly regions: Readonly<Record<string, string>>;
  readonly apiKey: string;
  /** Environment for CLI children: the private config dir the emulator wrote its `local` profile to. */
  readonly cliEnv: NodeJS.ProcessEnv;
  /** JSON call with the admin key on the global URL (or `base`); throws on a non-2xx status. */
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, base?: string): Promise<T>;
  stop(): Promise<void>;
}

export interface ChildEmulatorOptions {
  readonly cliPath: string;
  /** Private directory for the config dir and XDG data dir. */
  readonly dir: string;
  readonly seed: number;
  /** Extra `emulator start` flags, e.g. ['--latency-scale', '0']. */
  readonly args?: readonly string[];
}

export async function startChildEmulator(o: ChildEmulatorOptions): Promise<ChildEmulator> {
  const configDir = join(o.dir, 'config');
  const dataHome = join(o.dir, 'xdg-data');
  mkdirSync(configDir, { recursive: true });
  mkdirSync(dataHome, { recursive: true });
  const cliEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, C8SPOT_CONFIG_DIR: configDir, XDG_DATA_HOME: dataHome };
  const argv = [o.cliPath, 'emulator', 'start', '--port', '0', '--in-memory', '--seed', String(o.seed), ...(o.args ?? [])];
  const emu = await spawnEmulator(argv, cliEnv, () => new Agent({ keepAliveTimeout: 30_000 }));
  return { ...emu, cliEnv };
}

/** What `spawnEmulator` gives: the READY line's fields, an admin-key JSON caller, and stop. */
export interface SpawnedEmulator {
  readonly pid: number;
  readonly url: string;
  readonly regions: Readonly<Record<string, string>>;
  readonly apiKey: string;
  call<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, base?: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Runs `node <argv>` (an `emulator start` in the foreground, as its own process) and waits for
 * its READY line. Every benchmark's emulator starts here, with its own flags; the caller's agent
 * is made after READY (a TLS agent needs the certificate the emulator writes on first start).
 */
export async function spawnEmulator(argv: readonly string[], env: NodeJS.ProcessEnv, makeAgent: () => Agent): Promise<SpawnedEmulator> {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ url: string; regions: Record<string, string>; apiKey: string }>((resolve, reject) => {
    let out = '';
    const onData = (d: string): void => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (!line) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(JSON.parse(line.slice('READY '.length)) as { url: string; regions: Record<string, string>; apiKey: string });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited (${code}) before READY: ${stderr.slice(-500)}`)));
  });
  const agent = makeAgent();
  return {
    pid: child.pid ?? 0,
    url: ready.url,
    regions: ready.regions,
    apiKey: ready.apiKey,
    async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, base = ready.url): Promise<T> {
      const res = await request(base + path, {
        method,
        dispatcher: agent,
        headers: { authorization: `apikey ${ready.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 300)}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    async stop() {
      await agent.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** bench/bare-server.js running as its own process. */
export interface Bare {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the bare node:http server answering every request with `body`. */
export async function startBare(body: string): Promise<Bare> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'bare-server.js');
  const child = spawn(process.execPath, [script, Buffer.from(body).toString('base64')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
  });
  return {
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Wall time of one child process from spawn to exit, in ms. Synchronous on purpose: the
 * benchmark process does nothing else meanwhile (the emulator is another process), so no
 * event-loop work of ours is counted in the child's time.
 */
export function timeChild(args: readonly string[], env: NodeJS.ProcessEnv): { ms: number; status: number | null; stdout: string; stderr: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (r.error) throw r.error;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile of a non-empty sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) throw new Error('percentile of an empty sample');
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const ms = (x: number): string => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
export const ratio = (x: number): string => `${x.toFixed(2)}×`;
