// Shared by benchmark 2 (bulk insert) and 3 (streaming export): the seeded NDJSON data set,
// an emulator run as its own child process (so its RSS and CPU are its own), child-process
// measurement (wall time and peak RSS from /proc), and the loaded emulator data dir that
// benchmark 3 reuses instead of loading a million documents a second time.
//
// The emulator runs with --latency-scale 0 and ONE region: these are throughput benchmarks
// of the client and the emulator's write/read path. Simulated round trips would measure the
// latency model, and with three regions the emulator's background replication (every
// document applied again in two more replicas, on the same thread) would compete with the
// requests being measured and with whatever phase runs next.
import { spawn } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { seededRandom } from '../src/wire/random.js';
import { spawnEmulator, type SpawnedEmulator } from './emulator-child.js';
import type { BenchRow } from './types.js';

/**
 * Documents in the data set: 1,000,000, or 5,000 for the --quick smoke run.
 * C8SPOT_BENCH_DOCS overrides it (for profiling at an intermediate size).
 */
export function datasetSize(quick: boolean): number {
  const override = Number(process.env.C8SPOT_BENCH_DOCS);
  if (Number.isInteger(override) && override > 0) return override;
  return quick ? 5_000 : 1_000_000;
}

/** Spot collection names: one per client, so each starts from an empty collection. */
export const COLLECTIONS = { c8spot: 'bench_c8spot', jsc8: 'bench_jsc8' } as const;

const CITIES = ['Lisbon', 'Nairobi', 'Osaka', 'Toronto', 'Santiago', 'Oslo', 'Pune', 'Denver'];

/** One generated document (about 100 bytes as JSON), no `_key`: the server assigns it. */
export function generatedDoc(i: number, random: () => number): Record<string, unknown> {
  return {
    name: `user-${String(i).padStart(7, '0')}`,
    email: `u${i}@example.com`,
    age: 18 + Math.floor(random() * 70),
    city: CITIES[Math.floor(random() * CITIES.length)],
    score: Math.round(random() * 100_000) / 100,
    active: random() < 0.5,
  };
}

/** Writes `n` seeded documents as NDJSON, honouring back-pressure. Returns the byte size. */
export async function writeDataset(path: string, n: number, seed: number): Promise<number> {
  const random = seededRandom(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${JSON.stringify(generatedDoc(i, random))}\n`;
    if (chunk.length >= 256 * 1024 || i === n - 1) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', r));
      chunk = '';
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return bytes;
}

/** A /proc/<pid>/status figure in kB (VmRSS, VmHWM…), or undefined once the process is gone. */
export function procStatusKb(pid: number, field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export interface EmulatorProcess extends SpawnedEmulator {
  /** PEM file of the emulator's self-signed certificate (it runs with --tls). */
  readonly caFile: string;
  readonly dataDir: string;
}

/**
 * Starts `c8spot emulator start` on free ports, HTTPS (jsC8 only speaks HTTPS, so every
 * client in the comparison uses it), no simulated latency, and waits for its READY line.
 */
export async function startEmulatorProcess(cliPath: string, dataDir: string, regions: readonly string[], seed: number, nodeArgs: readonly string[] = []): Promise<EmulatorProcess> {
  const argv = [...nodeArgs, cliPath, 'emulator', 'start', '--port', '0', '--data-dir', dataDir, '--regions', regions.join(','), '--tls', '--latency-scale', '0', '--seed', String(seed)];
  // The certificate exists once the emulator is READY (it makes one on first start).
  const caFile = join(dataDir, 'tls-cert.pem');
  const emu = await spawnEmulator(argv, { PATH: process.env.PATH, HOME: process.env.HOME }, () => new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } }));
  return { ...emu, caFile, dataDir };
}

/** Creates a spot collection in `_system` (dropping an earlier one of that name). */
export async function createSpotCollection(emu: EmulatorProcess, name: string): Promise<void> {
  await emu.call('DELETE', `/_fabric/_system/_api/collection/${name}`).catch(() => undefined);
  await emu.call('POST', '/_fabric/_system/_api/collection', { name, isSpot: true });
}

export async function countOf(emu: EmulatorProcess, name: string): Promise<number> {
  const r = (await emu.call('GET', `/_fabric/_system/_api/collection/${name}/count`)) as { count: number };
  return r.count;
}

export interface ChildRun {
  readonly code: number | null;
  readonly ms: number;
  /** Peak resident set of the child in kB (VmHWM, polled). */
  readonly peakRssKb: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Send stdout to this file instead of collecting it. */
  readonly stdoutFile?: string;
  /** Called every poll with nothing; used to sample another process (the emulator) alongside. */
  readonly onPoll?: () => void;
  readonly nodeArgs?: readonly string[];
}

/**
 * Runs `node <script> <args>` and measures its wall time and peak RSS. With `stdoutFile` the
 * child's stdout is opened on that file, as the shell does for `> file`: the child writes the
 * file itself (through a pipe, this process would copy every byte on the same two cores).
 */
export async function runMeasured(script: string, args: readonly string[], opts: ChildOptions = {}): Promise<ChildRun> {
  const fd = opts.stdoutFile === undefined ? undefined : openSync(opts.stdoutFile, 'w');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], {
      stdio: ['ignore', fd ?? 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
    });
    const pid = child.pid ?? 0;
    let peak = 0;
    const poll = (): void => {
      peak = Math.max(peak, procStatusKb(pid, 'VmHWM') ?? 0);
      opts.onPoll?.();
    };
    const timer = setInterval(poll, 25);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      // 'exit' fires before the pipes close; /proc is still readable until the parent reaps it.
      child.once('exit', (c) => {
        poll();
        resolve(c);
      });
    });
    clearInterval(timer);
    const ms = performance.now() - started;
    const closed = (s: NodeJS.ReadableStream & { closed?: boolean } | null): Promise<void> =>
      new Promise<void>((resolve) => (s === null || s.closed ? resolve() : s.once('close', () => resolve())));
    await Promise.all([closed(child.stdout), closed(child.stderr)]);
    return { code, ms, peakRssKb: peak, stdout, stderr };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Environment pointing the built CLI at an emulator process, with a throw-away config dir. */
export function cliEnv(emu: EmulatorProcess, configDir: string): NodeJS.ProcessEnv {
  return { C8SPOT_URL: emu.url, C8SPOT_API_KEY: emu.apiKey, C8SPOT_CA_FILE: emu.caFile, C8SPOT_CONFIG_DIR: configDir, C8SPOT_FABRIC: '_system' };
}

/**
 * The data set benchmark 2 loaded, for benchmark 3: the emulator data dir (stopped) holding
 * `count` documents in COLLECTIONS.c8spot, and the NDJSON file they came from.
 */
export interface LoadedDataset {
  readonly workDir: string;
  readonly dataDir: string;
  readonly file: string;
  readonly count: number;
}

let loaded: LoadedDataset | undefined;

export function rememberLoaded(d: LoadedDataset): void {
  loaded = d;
}

/** The loaded data set of this run (same work dir and size), if benchmark 2 left one. */
export function loadedDataset(workDir: string, count: number): LoadedDataset | undefined {
  return loaded && loaded.workDir === workDir && loaded.count === count ? loaded : undefined;
}

export const fmt = {
  rate: (docs: number, ms: number): string => `${Math.round((docs * 1000) / ms).toLocaleString('en-US')} docs/s`,
  ratio: (x: number): string => `${x.toFixed(2)}×`,
  pct: (x: number): string => `${Math.round(x * 100)}%`,
  mb: (kb: number): string => `${Math.round(kb / 1024)} MB`,
};

/**
 * The rows benchmarks 2 and 3 share: c8spot against jsC8 (≥ 1.5×) and against the in-process
 * ceiling (≥ 50%), and c8spot's peak RSS (≤ 150 MB), with the raw figures as details.
 */
export function throughputRows(bench: string, ceilingName: string, n: number, cli: ChildRun, jsc8Ms: number, ceilingMs: number, extra: Record<string, number>): BenchRow[] {
  const vsJsc8 = jsc8Ms / cli.ms;
  const vsCeiling = ceilingMs / cli.ms;
  const details = {
    documents: n,
    c8spotDocsPerS: Math.round((n * 1000) / cli.ms),
    jsc8DocsPerS: Math.round((n * 1000) / jsc8Ms),
    ceilingDocsPerS: Math.round((n * 1000) / ceilingMs),
    c8spotMs: Math.round(cli.ms),
    jsc8Ms: Math.round(jsc8Ms),
    ceilingMs: Math.round(ceilingMs),
    c8spotPeakRssMb: Math.round(cli.peakRssKb / 1024),
    ...extra,
  };
  return [
    { bench, metric: 'c8spot / jsC8 throughput', target: '≥ 1.5×', measured: `${fmt.ratio(vsJsc8)} (${fmt.rate(n, cli.ms)} vs ${fmt.rate(n, jsc8Ms)})`, pass: vsJsc8 >= 1.5, details },
    { bench, metric: `c8spot / ${ceilingName}`, target: '≥ 50%', measured: `${fmt.pct(vsCeiling)} (ceiling ${fmt.rate(n, ceilingMs)})`, pass: vsCeiling >= 0.5, details },
    { bench, metric: 'c8spot peak RSS', target: '≤ 150 MB', measured: fmt.mb(cli.peakRssKb), pass: cli.peakRssKb <= 150 * 1024, details },
  ];
}
