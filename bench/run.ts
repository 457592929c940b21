// `npm run bench`: runs every benchmark in bench/registry.ts, prints target vs measured,
// and writes docs/performance.md (unless --quick or --no-write).
//   --quick        tiny sizes (the smoke test in npm test uses this)
//   --only <name>  run the benchmarks whose name contains <name> (implies --no-write)
//   --no-write     do not touch docs/performance.md
//   --seed <n>     data seed (default 42)
//   --json         print the results as one JSON document instead of the table (the smoke test reads it)
// A missed target is a result, not an error: the table says MISSED and the exit code stays 0.
// Only a benchmark that throws makes the run exit 1 (the others still run and print).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBenchmarks } from './registry.js';
import type { BenchOptions, BenchRow, Benchmark } from './types.js';

// Compiled to dist-bench/bench/run.js: the repository root is two levels up.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOC = join(repoRoot, 'docs', 'performance.md');
/** Hand-written profiling notes, copied into docs/performance.md on every run. */
const HOT_SPOTS = join(repoRoot, 'bench', 'hot-spots.md');

interface Ran {
  readonly benchmark: Benchmark;
  readonly rows: BenchRow[];
  readonly seconds: number;
  readonly error?: string;
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function verdict(r: BenchRow): string {
  return r.pass === undefined ? 'info' : r.pass ? 'ok' : 'MISSED';
}

const HEAD = ['bench', 'metric', 'target', 'measured', 'result'];

function cells(r: BenchRow): string[] {
  return [r.bench, r.metric, r.target, r.measured, verdict(r)];
}

/** A plain-text table for the terminal: columns padded to their widest cell. */
function textTable(rows: readonly BenchRow[]): string {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((c) => [...c[i]!].length)));
  const line = (c: string[]): string => c.map((x, i) => x + ' '.repeat(widths[i]! - [...x].length)).join('  ').trimEnd();
  return [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function markdownTable(rows: readonly BenchRow[]): string {
  const line = (c: string[]): string => `| ${c.map(mdEscape).join(' | ')} |`;
  const result = (r: BenchRow): string[] => {
    const c = cells(r);
    c[4] = r.pass === false ? '**MISSED**' : c[4]!;
    return c;
  };
  return [line(HEAD), line(HEAD.map(() => '---')), ...rows.map((r) => line(result(r)))].join('\n');
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) return `${m[1]} (${type()} ${release()})`;
  } catch {
    // Not Linux, or no os-release: the kernel name is enough.
  }
  return `${type()} ${release()}`;
}

function machine(): Record<string, string> {
  const cpu = cpus();
  return {
    CPU: cpu[0]?.model.trim() ?? 'unknown',
    cores: String(cpu.length),
    RAM: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    OS: osName(),
    Node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    'load average at start (1/5/15 min)': loadavg().map((x) => x.toFixed(2)).join(' / '),
  };
}

function performanceDoc(ran: readonly Ran[], box: Record<string, string>, seed: number, totalSeconds: number): string {
  const out: string[] = [
    '# Performance',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts); edit bench/hot-spots.md or the benchmark modules, not this file. -->',
    '',
    'Every figure below comes from one `npm run bench` run on the machine described here. Targets are',
    'ratios against a baseline measured in the same run on the same machine, because absolute times',
    'on a shared machine are noise.',
    '',
    '## Machine',
    '',
    ...Object.entries(box).map(([k, v]) => `- ${k}: ${v}`),
    `- seed: ${seed}; whole run: ${Math.round(totalSeconds)} s`,
    '',
    '## Results',
    '',
    markdownTable(ran.flatMap((r) => r.rows)),
    '',
    '## How each benchmark measures',
    '',
  ];
  for (const r of ran) {
    out.push(`### ${r.benchmark.title ?? r.benchmark.name}`, '', r.benchmark.howMeasured?.trim() ?? '(not described)', '', `Took ${Math.round(r.seconds)} s in this run.`);
    const details = r.rows.find((row) => row.details)?.details;
    if (details) out.push('', `Raw figures: ${Object.entries(details).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
    out.push('');
  }
  if (existsSync(HOT_SPOTS)) out.push(readFileSync(HOT_SPOTS, 'utf8').trim(), '');
  return out.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = argValue(args, '--only');
  // A partial run (--only) would replace the full table with part of it.
  const write = !quick && only === undefined && !args.includes('--no-write');
  const seed = Number(argValue(args, '--seed') ?? 42);
  if (!Number.isInteger(seed)) throw new Error(`--seed takes an integer, got '${argValue(args, '--seed')}'`);
  const box = machine();
  const workDir = mkdtempSync(join(tmpdir(), 'c8spot-bench-'));
  const opts: BenchOptions = {
    quick,
    seed,
    workDir,
    cliPath: join(repoRoot, 'bin', 'c8spot.js'),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const ran: Ran[] = [];
  const started = performance.now();
  try {
    for (const b of await loadBenchmarks()) {
      if (only !== undefined && !b.name.includes(only)) continue;
      opts.log(`== ${b.name}`);
      const t0 = performance.now();
      try {
        ran.push({ benchmark: b, rows: await b.run(opts), seconds: (performance.now() - t0) / 1000 });
      } catch (err) {
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        opts.log(`!! ${b.name} failed: ${error}`);
        ran.push({ benchmark: b, rows: [], seconds: (performance.now() - t0) / 1000, error });
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const failed = ran.filter((r) => r.error !== undefined);
  if (args.includes('--json')) {
    const benchmarks = ran.map((r) => ({ name: r.benchmark.name, seconds: r.seconds, rows: r.rows, ...(r.error !== undefined ? { error: r.error } : {}) }));
    process.stdout.write(`${JSON.stringify({ machine: box, seed, quick, seconds: totalSeconds, benchmarks })}\n`);
  } else {
    process.stdout.write(`${textTable(ran.flatMap((r) => r.rows))}\n`);
    for (const f of failed) process.stdout.write(`ERROR ${f.benchmark.name}: ${f.error!.split('\n')[0]}\n`);
    process.stdout.write(`${ran.length} benchmark(s) in ${Math.round(totalSeconds)} s; ${ran.flatMap((r) => r.rows).filter((r) => r.pass === false).length} target(s) missed\n`);
  }
  if (failed.length > 0) {
    // A partial table would replace a complete one: keep the last good docs/performance.md.
    process.exitCode = 1;
    return;
  }
  if (write) {
    writeFileSync(DOC, performanceDoc(ran, box, seed, totalSeconds));
    process.stderr.write(`wrote ${DOC}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
