// Consistency workloads (specs/verification.md layer 5): bank and register, on spot and
// global collections, with a nemesis, checked by the bank checker and the linearizability
// checker. Each configuration asserts the outcome the semantics predict, so a checker that
// never fails would fail here (global and unflagged configurations must show anomalies).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { BANK_ANOMALY_TYPES, checkBank, checkConvergence } from './lib/bank.js';
import { countOutcomes } from './lib/history.js';
import { checkLinearizable, describeCounterexample, type LinearizabilityResult } from './lib/linearizability.js';
import { printReport, runSeed, sized, withSeed } from './lib/report.js';
import { runBank, runRegister, type WorkloadConfig } from './lib/workloads.js';

const SEED = runSeed(4242);
const TIMEOUT = { timeout: sized(60_000, 240_000) };
const base = {
  clientsPerRegion: sized(2, 4),
  durationMs: sized(1500, 20_000),
  timeoutMs: 3000,
};

let emu: EmulatorHandle;
beforeAll(async () => {
  // Real (scaled-down) inter-region delays, so routing and replication overlap with clients.
  emu = await startTestEmulator({ latencyScale: 0.05, seed: SEED, spotTimeoutMs: 250 });
});
afterAll(() => emu?.close());

async function register(cfg: Omit<WorkloadConfig, 'seed' | 'clientsPerRegion' | 'durationMs'>, seed = SEED): Promise<LinearizabilityResult> {
  const full = { ...base, ...cfg, seed, keys: sized(3, 5) };
  const run = await runRegister(emu, full);
  const ops = run.history.operations();
  // Every key holds 0 (inserted before the history starts).
  const res = checkLinearizable(ops, { initial: 0 });
  // The history as Jepsen-style JSON lines, for offline cross-checks (e.g. elle-cli / knossos).
  const dump = join(tmpdir(), `c8spot-register-${cfg.name.replace(/[^a-z0-9]+/gi, '-')}-${seed}.jsonl`);
  writeFileSync(dump, run.history.toJsonLines() + '\n');
  const illegal = res.keys.filter((k) => k.verdict === 'illegal').length;
  const unknown = res.keys.filter((k) => k.verdict === 'unknown').length;
  printReport({
    workload: 'register',
    config: cfg.name,
    seed,
    ops: countOutcomes(ops),
    durationMs: run.durationMs,
    anomalies: { 'non-linearizable-keys': illegal },
    extra: {
      verdict: res.verdict,
      keys: res.keys.length,
      unknownKeys: unknown,
      ...(res.counterexample ? { failingKeyOps: res.counterexample.opCount } : {}),
      nemesisEvents: run.nemesis.events.length,
      history: dump,
    },
  });
  if (res.counterexample) console.log(describeCounterexample(res.counterexample));
  return res;
}

async function bank(cfg: Omit<WorkloadConfig, 'seed' | 'clientsPerRegion' | 'durationMs'>, seed = SEED) {
  const run = await runBank(emu, { ...base, ...cfg, seed, accounts: 5, initial: 100 });
  const model = { accounts: run.accounts, total: run.total };
  const during = checkBank(run.reads, model);
  const after = checkConvergence(run.final, model);
  const anomalies: Record<string, number> = {};
  for (const t of BANK_ANOMALY_TYPES) anomalies[t] = during.counts[t];
  anomalies['final-wrong-total'] = after.anomalies.filter((a) => a.type === 'wrong-total').length;
  anomalies.divergent = after.divergent.length;
  printReport({
    workload: 'bank',
    config: cfg.name,
    seed,
    ops: countOutcomes(run.history.operations()),
    durationMs: run.durationMs,
    anomalies,
    extra: {
      reads: run.reads.length,
      converged: run.converged,
      finalTotals: JSON.stringify(after.totals),
      nemesisEvents: run.nemesis.events.length,
      ...(during.worst ? { worst: during.worst.detail } : {}),
    },
  });
  return { during, after, run };
}

describe('register linearizability', () => {
  it('spot collection + strong reads under partitions and lag: linearizable', TIMEOUT, async () => {
    await withSeed('register spot+strong', SEED, async () => {
      const res = await register({ name: 'spot+strong+nemesis', spot: true, strongReads: true, nemesis: true });
      expect(res.verdict).toBe('ok');
    });
  });

  it('spot collection, unflagged reads under lag: violations found (stale local replica)', TIMEOUT, async () => {
    await withSeed('register spot unflagged', SEED, async () => {
      const res = await register({ name: 'spot+unflagged+lag', spot: true, strongReads: false, lagMs: 40 });
      expect(res.verdict).toBe('illegal');
    });
  });

  it('global collection under lag: violations found', TIMEOUT, async () => {
    await withSeed('register global', SEED, async () => {
      const res = await register({ name: 'global+lag', spot: false, strongReads: false, lagMs: 40 });
      expect(res.verdict).toBe('illegal');
    });
  });
});

describe('bank', () => {
  it('spot collection + strong reads under partitions and lag: 0 anomalies, converged, total kept', TIMEOUT, async () => {
    await withSeed('bank spot+strong', SEED, async () => {
      const { during, after, run } = await bank({ name: 'spot+strong+nemesis', spot: true, strongReads: true, nemesis: true });
      expect(run.reads.length).toBeGreaterThan(10);
      expect(during.valid, JSON.stringify(during.first)).toBe(true);
      expect(after.valid, JSON.stringify(after)).toBe(true);
    });
  });

  it('global collection under lag: anomalies found', TIMEOUT, async () => {
    await withSeed('bank global', SEED, async () => {
      const { during, after } = await bank({ name: 'global+lag', spot: false, strongReads: false, lagMs: 40 });
      expect(during.valid && after.valid).toBe(false);
    });
  });
});

// Negative controls: the same spot + strong configurations on an emulator with a planted bug
// (spot writes executed at the entry region, not routed to the spot region). A checker that
// passes these proves nothing; both must report anomalies.
describe('negative controls (planted bug: spot-local-write)', () => {
  let healthy: EmulatorHandle;
  beforeAll(async () => {
    healthy = emu;
    emu = await startTestEmulator({ latencyScale: 0.05, seed: SEED, spotTimeoutMs: 250, debugPlantBug: 'spot-local-write' });
  });
  afterAll(async () => {
    await emu?.close();
    emu = healthy;
  });

  it('register checker reports violations', TIMEOUT, async () => {
    await withSeed('register planted bug', SEED, async () => {
      const res = await register({ name: 'planted-bug spot+strong', spot: true, strongReads: true, lagMs: 40 });
      expect(res.verdict).toBe('illegal');
    });
  });

  it('bank checker reports anomalies', TIMEOUT, async () => {
    await withSeed('bank planted bug', SEED, async () => {
      const { during, after } = await bank({ name: 'planted-bug spot+strong', spot: true, strongReads: true, lagMs: 40 });
      expect(during.valid && after.valid).toBe(false);
    });
  });
});
