// `npm run bench`: runs every benchmark in bench/registry.ts, prints target vs measured,
// and writes docs/performance.md (unless --quick or --no-write).
//   --quick        tiny sizes (the smoke test in npm test uses this)
//   --only <name>  run the benchmarks whose name contains <name>
//   --no-write     do not touch docs/performance.md
//   --seed <n>     data seed (default 42)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBenchmarks } from './registry.js';
import type { BenchOptions, BenchRow } from './types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = argValue(args, '--only');
  const seed = Number(argValue(args, '--seed') ?? 42);
  const workDir = mkdtempSync(join(tmpdir(), 'c8spot-bench-'));
  const opts: BenchOptions = {
    quick,
    seed,
    workDir,
    cliPath: join(repoRoot, 'bin', 'c8spot.js'),
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const rows: BenchRow[] = [];
  try {
    for (const b of await loadBenchmarks()) {
      if (only !== undefined && !b.name.includes(only)) continue;
      opts.log(`== ${b.name}`);
      rows.push(...(await b.run(opts)));
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  for (const r of rows) {
    const verdict = r.pass === undefined ? 'info' : r.pass ? 'ok' : 'MISSED';
    process.stdout.write(`${r.bench}\t${r.metric}\t${r.target}\t${r.measured}\t${verdict}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
