// What `emulator start|status|stop|reset` do. Loaded only when one of them runs.
// A running emulator is described by a state file in its data dir (pid, URLs), written
// by the process that serves, so `status`/`stop` work for foreground and --detach alike.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EMULATOR_DEFAULT_PASSWORD, LOCAL_PROFILE, emulatorDefaultDataDir } from '../../wire/emulator-defaults.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';
import type { EmulatorHandle } from '../../emulator/index.js';
import type { DirFlags, StartFlags } from './emulator.js';

const STATE_FILE = 'emulator.state.json';
const LOG_FILE = 'emulator.log';
/** Everything the emulator keeps in its data dir; `reset` deletes exactly these. */
const DATA_FILES = ['emulator.db', 'emulator.db-wal', 'emulator.db-shm', 'tls-cert.pem', 'tls-key.pem', STATE_FILE, LOG_FILE];
const DETACH_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

interface State {
  readonly pid: number;
  readonly url: string;
  readonly regions: Record<string, string>;
  readonly tenant: string;
  readonly caFile?: string;
  readonly dataDir?: string;
  readonly inMemory: boolean;
  readonly startedAt: string;
}

function stateDir(flags: { dataDir?: string }): string {
  return resolve(flags.dataDir ?? emulatorDefaultDataDir());
}

function readState(dir: string): State | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as State;
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A detached emulator that exited stays a zombie until init reaps it; on Linux, ask /proc.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return true;
  }
}

/** Whether the state's global URL answers /_admin/ready (trusting its own certificate). */
async function ready(state: State): Promise<boolean> {
  const { answers } = await import('./emulator-local.js');
  const ca = state.caFile && existsSync(state.caFile) ? readFileSync(state.caFile, 'utf8') : undefined;
  return answers(state.url, { ...(ca ? { ca } : {}), timeoutMs: 2000 });
}

/** The running emulator of a data dir, or undefined (a stale state file is removed). */
async function running(dir: string): Promise<State | undefined> {
  const state = readState(dir);
  if (!state) return undefined;
  if (pidAlive(state.pid) && (await ready(state))) return state;
  if (!pidAlive(state.pid)) rmSync(join(dir, STATE_FILE), { force: true });
  return undefined;
}

function num(value: string | undefined, flag: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be a ${integer ? 'non-negative integer' : 'non-negative number'}, got '${value}'`);
  }
  return n;
}

function secrets(flags: StartFlags, env: NodeJS.ProcessEnv): { email?: string; password?: string; apiKey?: string } {
  return {
    email: flags.email ?? env.C8SPOT_EMULATOR_EMAIL,
    password: flags.password ?? env.C8SPOT_EMULATOR_PASSWORD,
    apiKey: flags.apiKey ?? env.C8SPOT_EMULATOR_API_KEY,
  };
}

export async function startCommand(flags: StartFlags, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if ((flags.tlsCert || flags.tlsKey) && !flags.tls) throw new UsageError('--tls-cert and --tls-key need --tls');
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new UsageError('--tls-cert and --tls-key go together');
  const port = num(flags.port, '--port', true);
  const latencyScale = num(flags.latencyScale, '--latency-scale', false);
  const replicationLagMs = num(flags.replicationLagMs, '--replication-lag-ms', false);
  const seed = num(flags.seed, '--seed', true);
  const maxBacklog = num(flags.maxBacklog, '--max-backlog', true);
  const spotTimeoutMs = num(flags.spotTimeoutMs, '--spot-timeout-ms', true);
  const dir = stateDir(flags);
  const already = await running(dir);
  if (already) throw new Error(`an emulator is already running at ${already.url} (pid ${already.pid}); stop it with \`c8spot emulator stop\``);
  if (flags.detach) return detach(flags, dir, env);

  const { startEmulator, formatReadyLine } = await import('../../emulator/index.js');
  const s = secrets(flags, env);
  const handle = await startEmulator({
    ...(flags.regions !== undefined ? { regions: flags.regions.split(',').filter((r) => r.trim() !== '') } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(flags.host !== undefined ? { host: flags.host } : {}),
    ...(flags.inMemory ? { inMemory: true } : { dataDir: dir }),
    ...(flags.tls ? { tls: flags.tlsCert ? { certFile: flags.tlsCert, keyFile: flags.tlsKey } : true } : {}),
    ...(latencyScale !== undefined ? { latencyScale } : {}),
    ...(replicationLagMs !== undefined ? { replicationLagMs } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(maxBacklog !== undefined ? { maxBacklog } : {}),
    ...(spotTimeoutMs !== undefined ? { spotTimeoutMs } : {}),
    ...(flags.spotReads !== undefined ? { spotReads: flags.spotReads as 'flagged' | 'always' } : {}),
    ...(s.email !== undefined ? { email: s.email } : {}),
    ...(s.password !== undefined ? { password: s.password } : {}),
    ...(s.apiKey !== undefined ? { apiKey: s.apiKey } : {}),
    ...(flags.allowRemote ? { allowRemote: true } : {}),
  });

  const state: State = {
    pid: process.pid,
    url: handle.url,
    regions: handle.regions,
    tenant: handle.tenant,
    ...(handle.caFile ? { caFile: handle.caFile } : {}),
    ...(handle.dataDir ? { dataDir: handle.dataDir } : {}),
    inMemory: handle.dataDir === undefined,
    startedAt: new Date().toISOString(),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, STATE_FILE), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  await writeLocalProfile(state, handle.apiKey, env);

  const err = process.stderr;
  if (flags.host && flags.allowRemote) err.write(`warning: listening on ${flags.host} with credentials anyone may know\n`);
  if (!flags.quiet) printInfo(handle);
  process.stdout.write(formatReadyLine(handle) + '\n');


  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void handle
        .close()
        .finally(() => {
          const current = readState(dir);
          if (current?.pid === process.pid) rmSync(join(dir, STATE_FILE), { force: true });
          done();
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function printInfo(handle: EmulatorHandle): void {
  const err = process.stderr;
  err.write(`c8spot emulator ${handle.url} (region ${Object.keys(handle.regions)[0]})\n`);
  for (const [region, url] of Object.entries(handle.regions)) err.write(`  ${region.padEnd(12)} ${url}\n`);
  err.write(`  tenant ${handle.tenant} · admin ${handle.email}`);
  err.write(handle.password === EMULATOR_DEFAULT_PASSWORD ? ` / ${handle.password} (default)\n` : ' (password as given)\n');
  err.write(`  data ${handle.dataDir ?? 'in memory'} · seed ${handle.seed}${handle.caFile ? ` · CA ${handle.caFile}` : ''}\n`);
  err.write(`  profile '${LOCAL_PROFILE}' updated; stop with Ctrl-C or \`c8spot emulator stop\`\n`);
}

async function writeLocalProfile(state: State, apiKey: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { ConfigStore } = await import('../config-store.js');
  const store = new ConfigStore(env);
  const { caFile: _old, ...previous } = store.getProfile(LOCAL_PROFILE) ?? { url: state.url };
  store.setProfile(LOCAL_PROFILE, {
    ...previous,
    url: state.url,
    apiKey,
    tenant: state.tenant,
    kind: 'emulator',
    ...(state.caFile ? { caFile: state.caFile } : {}),
  });
}

/** Re-runs `emulator start` in a detached child (secrets via env, not argv) and waits for READY. */
async function detach(flags: StartFlags, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const args = ['emulator', 'start'];
  const pass = (flag: string, value: string | undefined): void => {
    if (value !== undefined) args.push(flag, value);
  };
  pass('--regions', flags.regions);
  pass('--port', flags.port);
  pass('--host', flags.host);
  if (flags.inMemory) args.push('--in-memory');
  pass('--data-dir', flags.dataDir === undefined ? undefined : dir);
  if (flags.tls) args.push('--tls');
  pass('--tls-cert', flags.tlsCert && resolve(flags.tlsCert));
  pass('--tls-key', flags.tlsKey && resolve(flags.tlsKey));
  pass('--latency-scale', flags.latencyScale);
  pass('--replication-lag-ms', flags.replicationLagMs);
  pass('--seed', flags.seed);
  pass('--spot-reads', flags.spotReads);
  pass('--max-backlog', flags.maxBacklog);
  pass('--spot-timeout-ms', flags.spotTimeoutMs);
  if (flags.allowRemote) args.push('--allow-remote');
  const s = secrets(flags, env);
  const childEnv: NodeJS.ProcessEnv = { ...env };
  if (s.email !== undefined) childEnv.C8SPOT_EMULATOR_EMAIL = s.email;
  if (s.password !== undefined) childEnv.C8SPOT_EMULATOR_PASSWORD = s.password;
  if (s.apiKey !== undefined) childEnv.C8SPOT_EMULATOR_API_KEY = s.apiKey;

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const logPath = join(dir, LOG_FILE);
  const { spawnDetached } = await import('./emulator-local.js');
  const { pid, readyLine } = await spawnDetached([process.argv[1]!, ...args], childEnv, logPath, DETACH_TIMEOUT_MS);
  if (!flags.quiet) process.stderr.write(`c8spot emulator running in the background (pid ${pid ?? '?'}); log ${logPath}\n`);
  process.stdout.write(readyLine + '\n');
}

/** The running emulator of a data dir (default: the default one), or undefined. */
export function runningEmulator(flags: DirFlags): Promise<State | undefined> {
  return running(stateDir(flags));
}

export async function statusCommand(flags: DirFlags, globals: { json?: boolean; output?: string }): Promise<void> {
  const dir = stateDir(flags);
  const state = await running(dir);
  // Exit 8 ("target unreachable", specs/cli.md) so scripts can tell "not running" from a failure.
  if (!state) throw new ExitCodeError(`the emulator is not running (data dir ${dir}); start it with \`c8spot emulator start\``, ExitCode.UNREACHABLE);
  const json = globals.json === true || globals.output === 'json';
  // Regions, links, queues and faults (emulator-faults.ts); absent if the stats cannot be read.
  const { networkStats, describeNetwork } = await import('./emulator-faults.js');
  const network = await networkStats(state);
  if (json) {
    process.stdout.write(JSON.stringify({ running: true, ...state, ...(network ? { network } : {}) }) + '\n');
    return;
  }
  const lines = [`running  pid ${state.pid} since ${state.startedAt}`, `url      ${state.url}`];
  for (const [region, url] of Object.entries(state.regions)) lines.push(`region   ${region.padEnd(12)} ${url}`);
  lines.push(`tenant   ${state.tenant}`, `data     ${state.inMemory ? 'in memory' : (state.dataDir ?? dir)}`);
  if (state.caFile) lines.push(`ca       ${state.caFile}`);
  if (network) lines.push(...describeNetwork(network));
  process.stdout.write(lines.join('\n') + '\n');
}

export async function stopCommand(flags: DirFlags): Promise<void> {
  const dir = stateDir(flags);
  const state = await running(dir);
  if (!state) {
    process.stderr.write(`the emulator is not running (data dir ${dir})\n`);
    return;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (pidAlive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (pidAlive(state.pid)) {
    process.kill(state.pid, 'SIGKILL');
    process.stderr.write(`the emulator did not stop within ${STOP_TIMEOUT_MS / 1000} s; killed pid ${state.pid}\n`);
  } else {
    process.stderr.write(`stopped the emulator (pid ${state.pid})\n`);
  }
  rmSync(join(dir, STATE_FILE), { force: true });
}

export async function resetCommand(flags: DirFlags, globals: { yes?: boolean }): Promise<void> {
  const dir = stateDir(flags);
  if (!globals.yes) throw new UsageError(`reset deletes all emulator data in ${dir}; pass --yes to confirm`);
  const state = await running(dir);
  if (state) throw new Error(`the emulator is running (pid ${state.pid}); stop it first with \`c8spot emulator stop\``);
  const removed = DATA_FILES.filter((f) => existsSync(join(dir, f)));
  for (const f of removed) rmSync(join(dir, f), { force: true });
  process.stderr.write(removed.length > 0 ? `removed ${removed.join(', ')} from ${dir}\n` : `nothing to remove in ${dir}\n`);
}
