// The contract between the bench runner (bench/run.ts) and each benchmark module.
// A module exports `benchmark: Benchmark`; the runner calls it once per run and
// prints/writes the rows it returns.

export interface BenchOptions {
  /** Small sizes for the smoke test in `npm test`; figures are not meaningful then. */
  quick: boolean;
  /** Seed for generated data, so runs are reproducible. */
  seed: number;
  /** Scratch directory for data dirs, input files and outputs; removed by the runner. */
  workDir: string;
  /** Absolute path of bin/c8spot.js. */
  cliPath: string;
  /** Progress lines go here (stderr), never to the result table. */
  log: (line: string) => void;
}

export interface BenchRow {
  /** Benchmark number and short name, e.g. "2. bulk insert". */
  bench: string;
  /** What was measured, e.g. "c8spot / jsc8 throughput". */
  metric: string;
  /** The target as a human string, e.g. "≥ 1.5×". */
  target: string;
  /** The measured figure as a human string, e.g. "2.31×". */
  measured: string;
  /** Whether the target is met; undefined for informational rows. */
  pass?: boolean;
  /** Raw figures behind the row, for docs/performance.md. */
  details?: Record<string, number | string>;
}

export interface Benchmark {
  name: string;
  /** Heading in docs/performance.md, e.g. "2. Bulk insert"; default: `name`. */
  title?: string;
  /** How it is measured, a short markdown paragraph for docs/performance.md. */
  howMeasured?: string;
  run(opts: BenchOptions): Promise<BenchRow[]>;
}
