// `npm run bench` must keep working: compile the benchmarks, run every one at --quick sizes
// (figures meaningless there, so nothing here is timed) and check each produced its rows
// with a measured figure, and that no benchmark failed.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Row {
  bench: string;
  metric: string;
  target: string;
  measured: string;
  pass?: boolean;
}
interface Report {
  benchmarks: Array<{ name: string; rows: Row[]; error?: string }>;
}

let report: Report;
let registered: string[];

beforeAll(async () => {
  // The bench has its own tsconfig (rootDir '.', out dist-bench); npm test's pretest builds only src.
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.bench.json')], { cwd: root, stdio: 'inherit' });
  const out = execFileSync(process.execPath, [join(root, 'dist-bench', 'bench', 'run.js'), '--quick', '--no-write', '--json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  report = JSON.parse(out) as Report;
  const { loadBenchmarks } = (await import(pathToFileURL(join(root, 'dist-bench', 'bench', 'registry.js')).href)) as { loadBenchmarks: () => Promise<Array<{ name: string }>> };
  registered = (await loadBenchmarks()).map((b) => b.name);
}, 240_000);

describe('npm run bench --quick', () => {
  it('runs every registered benchmark, none failing', () => {
    expect(registered.length).toBeGreaterThanOrEqual(5);
    expect(report.benchmarks.map((b) => b.name)).toEqual(registered);
    for (const b of report.benchmarks) expect(b.error, b.name).toBeUndefined();
  });

  it('each benchmark reports rows with a target and a measured figure', () => {
    for (const b of report.benchmarks) {
      expect(b.rows.length, b.name).toBeGreaterThan(0);
      for (const r of b.rows) {
        expect(r.measured, `${b.name}: ${r.metric}`).toMatch(/\d/);
        expect(r.target, `${b.name}: ${r.metric}`).not.toBe('');
      }
      // Every benchmark states at least one target it is judged against.
      expect(b.rows.some((r) => typeof r.pass === 'boolean'), b.name).toBe(true);
    }
  });
});
