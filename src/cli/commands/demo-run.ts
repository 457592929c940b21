// What `c8spot demo` and `c8spot demo bank` do. Loaded only when one of them runs.
// Target: the shared CLI context (flag > env > profile > default `local`); when that is
// the default local emulator and nothing answers, or with --emulator, an in-memory
// emulator is started in this process for the run. TTY: spinners and tables on
// stderr/stdout; pipe: plain lines; -o json: one JSON document on stdout.
import type { GdnClient } from '../../api/client.js';
import { LOCAL_PROFILE } from '../../wire/emulator-defaults.js';
import type { BankReport } from '../../demo/bank.js';
import type { GlobalFlags } from '../context.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';
import type { BankFlags, DemoFlags } from './demo.js';
import type { StepReporter } from './demo-walkthrough.js';

type Globals = GlobalFlags;

interface Target {
  readonly client: GdnClient;
  close(): Promise<void>;
}

const isJson = (g: Globals, env: NodeJS.ProcessEnv): boolean => g.json === true || (g.output ?? env.C8SPOT_OUTPUT) === 'json';
const isTty = (g: Globals, env: NodeJS.ProcessEnv): boolean =>
  process.stdout.isTTY === true && process.stderr.isTTY === true && !env.CI && g.input !== false;

async function openTarget(g: Globals, forceEmulator: boolean, env: NodeJS.ProcessEnv): Promise<Target> {
  const { createContext, requestLogger } = await import('../context.js');
  const ctx = await createContext(g, env);
  const defaultLocal = ctx.url.source !== 'flag' && ctx.url.source !== 'env' && ctx.profileName.value === LOCAL_PROFILE;
  if (forceEmulator || defaultLocal) {
    const { startInProcess, startLocalIfMissing } = await import('./emulator-local.js');
    const local = forceEmulator ? await startInProcess() : await startLocalIfMissing(ctx.url.value ?? '');
    if (local) {
      const { GdnClient } = await import('../../api/client.js');
      const onRequest = requestLogger(g);
      const client = new GdnClient({ url: local.url, auth: { apiKey: local.apiKey }, timeoutMs: ctx.timeoutMs, retries: ctx.retries, ...(onRequest ? { onRequest } : {}) });
      if (!ctx.quiet) process.stderr.write(`→ emulator ${local.url} (in this process, for this run)\n`);
      return { client, close: async () => (await client.close(), await local.stop(), await ctx.close()) };
    }
  }
  // The context prints the target banner when it builds the client.
  return { client: await ctx.client(), close: () => ctx.close() };
}

/** Step lines: ora spinners on a TTY, plain `ok`/`FAIL` lines in a pipe, nothing in JSON mode. */
async function reporter(mode: 'tty' | 'plain' | 'json', steps: { title: string; ok: boolean; detail: string }[]): Promise<StepReporter> {
  const ora = mode === 'tty' ? (await import('ora')).default : undefined;
  return {
    step(title) {
      const spinner = ora?.({ text: title, stream: process.stderr }).start();
      return {
        done(detail) {
          steps.push({ title, ok: true, detail });
          if (spinner) spinner.succeed(`${title} — ${detail}`);
          else if (mode === 'plain') process.stdout.write(`ok    ${title}: ${detail}\n`);
        },
        fail(detail) {
          steps.push({ title, ok: false, detail });
          if (spinner) spinner.fail(`${title} — ${detail}`);
          else if (mode === 'plain') process.stdout.write(`FAIL  ${title}: ${detail}\n`);
        },
      };
    },
  };
}

function outputMode(g: Globals, env: NodeJS.ProcessEnv): 'tty' | 'plain' | 'json' {
  return isJson(g, env) ? 'json' : isTty(g, env) ? 'tty' : 'plain';
}

async function table(head: string[], rows: (string | number)[][], mode: 'tty' | 'plain'): Promise<string> {
  if (mode === 'tty') {
    const Table = (await import('cli-table3')).default;
    const t = new Table({ head });
    for (const r of rows) t.push(r.map(String));
    return t.toString() + '\n';
  }
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export async function demoCommand(flags: DemoFlags, g: Globals, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const mode = outputMode(g, env);
  const target = await openTarget(g, flags.emulator === true, env);
  const steps: { title: string; ok: boolean; detail: string }[] = [];
  try {
    const { runWalkthrough } = await import('./demo-walkthrough.js');
    const fabric = `c8spot_demo_${Date.now().toString(36)}`;
    let result;
    try {
      result = await runWalkthrough(target.client, { keep: flags.keep === true, fabric, accounts: 10 }, await reporter(mode, steps));
    } catch (err) {
      if (mode === 'json') process.stdout.write(JSON.stringify({ ok: false, fabric, steps, error: err instanceof Error ? err.message : String(err) }) + '\n');
      throw err;
    }
    if (mode === 'json') {
      process.stdout.write(JSON.stringify({ ok: true, ...result, steps }) + '\n');
      return;
    }
    const rows = result.regionRead.regions.map((v) => [
      v.region + (v.region === result.spotRegion ? ' (spot)' : ''),
      v.rows,
      v.digest,
      `${v.latencyMs} ms`,
      v.agrees ? 'yes' : 'NO',
    ]);
    process.stdout.write(await table(['region', 'rows', 'digest', 'latency', 'agrees'], rows, mode));
    if (result.kept) process.stdout.write(`kept fabric ${result.fabric}; remove it with \`c8spot teardown ${result.fabric} --yes\`\n`);
  } finally {
    await target.close();
  }
}

function positiveInt(v: string | undefined, flag: string, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}, got '${v}'`);
  return n;
}

export async function bankCommand(flags: BankFlags, g: Globals, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const accounts = positiveInt(flags.accounts, '--accounts', 10, 2);
  const clients = positiveInt(flags.clients, '--clients', 6);
  const seconds = positiveInt(flags.seconds, '--seconds', 10);
  const seed = positiveInt(flags.seed, '--seed', 1, 0);
  const mode = outputMode(g, env);
  const target = await openTarget(g, flags.emulator === true, env);
  const { accountKeys, runBank } = await import('../../demo/bank.js');
  const { c8qlBankDriver, SEED_QUERY } = await import('../../demo/bank-driver.js');
  const { demoRegions, queryRows } = await import('./demo-walkthrough.js');
  const { createCollection } = await import('../../api/collections.js');
  const { createFabric, deleteFabric } = await import('../../api/fabrics.js');
  const client = target.client;
  const fabric = `c8spot_bank_${seed}_${Date.now().toString(36)}`;
  const steps: { title: string; ok: boolean; detail: string }[] = [];
  const r = await reporter(mode, steps);
  const ac = new AbortController();
  const onInt = (): void => ac.abort();
  process.once('SIGINT', onInt);
  let created = false;
  try {
    const regions = await demoRegions(client);
    const spot = regions.find((x) => x.spotCapable);
    if (!spot) throw new Error('no spot-capable region in this federation');
    const collections = [{ name: 'bank_spot', spot: true }, ...(flags.compareGlobal ? [{ name: 'bank_global', spot: false }] : [])];
    const setup = r.step(`set up ${fabric}: ${accounts} accounts in ${collections.map((c) => c.name).join(' and ')}`);
    await createFabric(client, { name: fabric, dcList: regions.map((x) => x.name), spotDc: spot.name });
    created = true;
    const keys = accountKeys(accounts);
    for (const c of collections) {
      await createCollection(client, fabric, { name: c.name, spot: c.spot });
      await queryRows(client, fabric, SEED_QUERY, { keys, balance: 100, '@accounts': c.name }, c.spot);
    }
    // Start only when every region holds every account, so the first reads are fair.
    // One client per region on the shared keep-alive pool.
    const at = new Map(regions.map((x) => [x.name, client.withUrl(x.url)]));
    const runner = (region: string, q: string, bind: Record<string, unknown>, strong: boolean): Promise<readonly unknown[]> =>
      queryRows(at.get(region) ?? client, fabric, q, bind, strong);
    const driver = c8qlBankDriver(runner);
    for (const c of collections) {
      for (const reg of regions) {
        for (let i = 0; (await driver.readBalances(reg.name, c)).length < accounts; i++) {
          if (i > 200) throw new Error(`region ${reg.name} did not receive the accounts of ${c.name}`);
          await new Promise((res) => setTimeout(res, 50));
        }
      }
    }
    setup.done(`spot region ${spot.name}`);
    const run = r.step(`transfers for ${seconds} s from ${clients} clients in ${regions.length} regions`);
    const report = await runBank(
      driver,
      { accounts, clients, seconds, seed, initialBalance: 100, collections, regions: regions.map((x) => x.name) },
      { now: () => performance.now(), sleep: (ms) => new Promise((res) => setTimeout(res, ms)) },
      ac.signal,
    );
    run.done(collections.map((c) => `${c.name}: ${report.collections.find((x) => x.collection === c.name)?.violations ?? 0} violations`).join(', '));
    await printBank(report, mode, fabric);
    const spotViolations = report.collections.filter((c) => c.spot).reduce((n, c) => n + c.violations, 0);
    if (spotViolations > 0) throw new ExitCodeError(`the spot collection's total changed ${spotViolations} times (seed ${seed})`, ExitCode.CONSISTENCY);
  } finally {
    process.off('SIGINT', onInt);
    if (created) await deleteFabric(client, fabric).catch(() => undefined);
    await target.close();
  }
}

async function printBank(report: BankReport, mode: 'tty' | 'plain' | 'json', fabric: string): Promise<void> {
  if (mode === 'json') {
    process.stdout.write(JSON.stringify({ fabric, ...report }) + '\n');
    return;
  }
  const coll = report.collections.map((c) => [c.collection, c.spot ? 'spot' : 'global', c.transfers, c.insufficient, c.failed, c.reads, c.violations]);
  process.stdout.write(await table(['collection', 'kind', 'transfers', 'refused', 'failed', 'reads', 'violations'], coll, mode));
  const lat = report.latency.map((l) => [l.region, l.collection, l.ops, `${Math.round(l.p50Ms)} ms`, `${Math.round(l.p99Ms)} ms`]);
  process.stdout.write(await table(['region', 'collection', 'ops', 'p50', 'p99'], lat, mode));
  for (const c of report.collections) for (const e of c.examples) process.stdout.write(`violation in ${c.collection}: ${e}\n`);
  process.stdout.write(`seed ${report.seed} · expected total ${report.expectedTotal}\n`);
}
