// The figures every verification run prints (specs/verification.md, last paragraph): ops
// invoked / ok / fail / info, anomalies by type, acknowledged writes lost, and the seed, so
// any failure can be replayed with VERIFY_SEED=<seed>. With VERIFY_REPORT_FILE set, each
// report is also appended there as one JSON line (docs/verification.md is built from it).
import { appendFileSync } from 'node:fs';
import type { OutcomeCounts } from './history.js';

export interface RunFigures {
  readonly workload: string;
  /** Configuration label, e.g. 'spot+strong', 'global', 'planted-bug'. */
  readonly config: string;
  readonly seed: number;
  readonly ops?: OutcomeCounts;
  readonly durationMs?: number;
  /** Anomaly type → count (0 entries are printed too: they are the claim). */
  readonly anomalies?: Readonly<Record<string, number>>;
  /** Acknowledged writes missing after recovery (must be 0). */
  readonly ackedLost?: number;
  readonly phantoms?: number;
  /** Other figures worth printing (convergence, keys checked, failing key size, …). */
  readonly extra?: Readonly<Record<string, string | number | boolean>>;
}

export function totalAnomalies(f: Pick<RunFigures, 'anomalies'>): number {
  return Object.values(f.anomalies ?? {}).reduce((s, n) => s + n, 0);
}

export function formatReport(f: RunFigures): string {
  const parts = [`[verify] ${f.workload} (${f.config}) seed=${f.seed}`];
  if (f.ops) {
    const rate = f.durationMs ? ` in ${(f.durationMs / 1000).toFixed(1)} s` : '';
    parts.push(`ops=${f.ops.invoked} ok=${f.ops.ok} fail=${f.ops.fail} info=${f.ops.info}${rate}`);
  }
  if (f.anomalies) {
    const list = Object.entries(f.anomalies).map(([k, n]) => `${k}=${n}`);
    parts.push(`anomalies=${totalAnomalies(f)}${list.length ? ` {${list.join(', ')}}` : ''}`);
  }
  if (f.ackedLost !== undefined) parts.push(`acked-lost=${f.ackedLost}`);
  if (f.phantoms !== undefined) parts.push(`phantoms=${f.phantoms}`);
  for (const [k, v] of Object.entries(f.extra ?? {})) parts.push(`${k}=${v}`);
  return parts.join(' | ');
}

/** Prints the figures (and records them when VERIFY_REPORT_FILE is set). */
export function printReport(f: RunFigures): void {
  console.log(formatReport(f));
  const file = process.env.VERIFY_REPORT_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), long: isLongRun(), ...f })}\n`);
}

/** The seed of a run: VERIFY_SEED when given (to replay a failure), else the fixed CI seed. */
export function runSeed(fixed: number): number {
  const env = process.env.VERIFY_SEED;
  if (env === undefined || env === '') return fixed;
  const n = Number(env);
  if (!Number.isInteger(n)) throw new Error(`VERIFY_SEED must be an integer, got ${env}`);
  return n;
}

/** Runs a workload; any failure is rethrown with the seed that replays it. */
export async function withSeed<T>(label: string, seed: number, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    console.log(`[verify] FAILED ${label}: replay with VERIFY_SEED=${seed}`);
    throw new Error(`${label} failed (seed ${seed}; replay with VERIFY_SEED=${seed}): ${msg}`, { cause: err });
  }
}

/** `npm run verify:long` sets VERIFY_LONG=1: more clients, longer runs, more faults. */
export function isLongRun(): boolean {
  return process.env.VERIFY_LONG === '1';
}

/** A CI-sized figure, or the long-run one under VERIFY_LONG=1. */
export function sized(ci: number, long: number): number {
  return isLongRun() ? long : ci;
}
