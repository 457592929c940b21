// What `c8spot demo` and `c8spot demo bank` do. Loaded only when one of them runs.
// Target: --url / C8SPOT_URL / the profile (default `local`); when that is the default
// local emulator and nothing answers, or with --emulator, an in-memory emulator is
// started in this process for the run. TTY: spinners and tables on stderr/stdout; pipe:
// plain lines; -o json: one JSON document on stdout.
import { readFileSync } from 'node:fs';
import { LOCAL_PROFILE } from '../../wire/emulator-defaults.js';
import type { BankReport } from '../../demo/bank.js';
import type { DemoClient } from '../../demo/gdn-http.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';
import type { BankFlags, DemoFlags } from './demo.js';
import type { StepReporter } from './demo-walkthrough.js';

interface Globals {
  profile?: string;
  url?: string;
  output?: string;
  json?: boolean;
  quiet?: boolean;
  input?: boolean;
}

interface Target {
  readonly client: DemoClient;
  readonly kind: 'emulator' | 'gdn';
  close(): Promise<void>;
}

const isJson = (g: Globals, env: NodeJS.ProcessEnv): boolean => g.json === true || (g.output ?? env.C8SPOT_OUTPUT) === 'json';
const isTty = (g: Globals, env: NodeJS.ProcessEnv): boolean =>
  process.stdout.isTTY === true && process.stderr.isTTY === true && !env.CI && g.input !== false;

async function openTarget(g: Globals, forceEmulator: boolean, env: NodeJS.ProcessEnv): Promise<Target> {
  const { DemoClient } = await import('../../demo/gdn-http.js');
  const { startLocalIfMissing } = await import('../../demo/local-emulator.js');
  const { ConfigStore } = await import('../config-store.js');
  const profileName = g.profile ?? env.C8SPOT_PROFILE ?? new ConfigStore(env).currentProfile ?? LOCAL_PROFILE;
  const profile = new ConfigStore(env).getProfile(profileName);
  if (!profile && !g.url && !env.C8SPOT_URL) throw new UsageError(`unknown profile '${profileName}'; list them with \`c8spot profile list\``);
  const explicitUrl = g.url ?? env.C8SPOT_URL;
  const url = explicitUrl ?? profile!.url;
  const defaultLocal = explicitUrl === undefined && profileName === LOCAL_PROFILE;
  if (forceEmulator || defaultLocal) {
    const { startEmulator } = await import('../../emulator/index.js');
    const local = forceEmulator
      ? await startEmulator({ port: 0, inMemory: true }).then((h) => ({ url: h.url, apiKey: h.apiKey, stop: () => h.close() }))
      : await startLocalIfMissing(url);
    if (local) {
      const client = await DemoClient.create(local.url, local.apiKey);
      return { client, kind: 'emulator', close: async () => (await client.close(), await local.stop()) };
    }
  }
  const apiKey = env.C8SPOT_API_KEY ?? profile?.apiKey;
  if (!apiKey) throw new UsageError('the demo needs an API key: run `c8spot login --api-key-stdin` or set C8SPOT_API_KEY');
  const caFile = env.C8SPOT_CA_FILE ?? profile?.caFile;
  const client = await DemoClient.create(url, apiKey, caFile ? readFileSync(caFile, 'utf8') : undefined);
  return { client, kind: profile?.kind ?? 'gdn', close: () => client.close() };
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
    if (!g.quiet) process.stderr.write(`→ ${target.kind} ${target.client.base}\n`);
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
  const client = target.client;
  const fabric = `c8spot_bank_${seed}_${Date.now().toString(36)}`;
  const f = encodeURIComponent(fabric);
  const steps: { title: string; ok: boolean; detail: string }[] = [];
  const r = await reporter(mode, steps);
  const ac = new AbortController();
  const onInt = (): void => ac.abort();
  process.once('SIGINT', onInt);
  let created = false;
  try {
    if (!g.quiet) process.stderr.write(`→ ${target.kind} ${client.base}\n`);
    const regions = await client.regions();
    const spot = regions.find((x) => x.spotCapable);
    if (!spot) throw new Error('no spot-capable region in this federation');
    const collections = [{ name: 'bank_spot', spot: true }, ...(flags.compareGlobal ? [{ name: 'bank_global', spot: false }] : [])];
    const setup = r.step(`set up ${fabric}: ${accounts} accounts in ${collections.map((c) => c.name).join(' and ')}`);
    await client.call('POST', '/_api/database', { name: fabric, options: { dcList: regions.map((x) => x.name).join(','), spotDc: spot.name } });
    created = true;
    const keys = accountKeys(accounts);
    for (const c of collections) {
      await client.call('POST', `/_fabric/${f}/_api/collection`, { name: c.name, ...(c.spot ? { isSpot: true, strongConsistency: true } : {}) });
      await client.query(fabric, SEED_QUERY, { keys, balance: 100, '@accounts': c.name }, c.spot);
    }
    // Start only when every region holds every account, so the first reads are fair.
    const urlOf = new Map(regions.map((x) => [x.name, x.url]));
    const runner = async (region: string, q: string, bind: Record<string, unknown>, strong: boolean): Promise<readonly unknown[]> =>
      (await client.query(fabric, q, bind, strong, urlOf.get(region))).value;
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
    if (created) await client.call('DELETE', `/_api/database/${f}`).catch(() => undefined);
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
