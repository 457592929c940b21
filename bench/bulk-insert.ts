// Benchmark 2, bulk insert: a seeded NDJSON file of 1,000,000 documents (~100 bytes each)
// into a spot collection with `c8spot insert` (the built CLI as a child process, default
// batch size and concurrency), against (a) jsC8 insertDocumentMany in sequential batches of
// 1,000 and (b) the emulator's storage ceiling (store modules in-process, one transaction
// per c8spot batch size, no HTTP). Both clients talk HTTPS to the same emulator child process.
// jsC8 runs first, so c8spot meets the larger database.
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BATCH_SIZE } from '../src/cli/bulk/defaults.js';
import { jsc8Client, jsc8Insert } from './jsc8-peer.js';
import {
  cliEnv,
  COLLECTIONS,
  countOf,
  createSpotCollection,
  datasetSize,
  fmt,
  procCpuSeconds,
  rememberLoaded,
  runMeasured,
  startEmulatorProcess,
  writeDataset,
  throughputRows,
} from './gdn-fixture.js';
import { BENCH_REGIONS, insertCeiling } from './store-ceiling.js';
import type { Benchmark, BenchOptions, BenchRow } from './types.js';

const NAME = '2. bulk insert';

/** The NDJSON input, written once per work dir. */
export async function datasetFile(opts: BenchOptions, n: number): Promise<string> {
  const file = join(opts.workDir, `docs-${n}-${opts.seed}.ndjson`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    const bytes = await writeDataset(file, n, opts.seed);
    opts.log(`  data set: ${n} documents, ${(bytes / n).toFixed(0)} bytes each on average (${Math.round(performance.now() - t0)} ms)`);
  }
  return file;
}

async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const n = datasetSize(opts.quick);
  const file = await datasetFile(opts, n);

  opts.log(`  storage ceiling: store modules in-process, ${DEFAULT_BATCH_SIZE} documents per transaction (c8spot's batch size)`);
  const ceilingDir = join(opts.workDir, 'ceiling-insert');
  const ceiling = insertCeiling(ceilingDir, 'bench_ceiling', n, opts.seed);
  rmSync(ceilingDir, { recursive: true, force: true });
  opts.log(`    ${fmt.rate(n, ceiling.ms)}`);

  const dataDir = join(opts.workDir, 'emulator-data');
  mkdirSync(dataDir, { recursive: true });
  const emu = await startEmulatorProcess(opts.cliPath, dataDir, BENCH_REGIONS, opts.seed);
  let jsc8Ms: number;
  let cli: Awaited<ReturnType<typeof runMeasured>>;
  let emuCpu = 0;
  try {
    await createSpotCollection(emu, COLLECTIONS.jsc8);
    await createSpotCollection(emu, COLLECTIONS.c8spot);

    opts.log('  jsC8: insertDocumentMany, sequential batches of 1,000');
    const client = jsc8Client(emu, BENCH_REGIONS[0] ?? 'us-east');
    const t0 = performance.now();
    const sent = await jsc8Insert(client, COLLECTIONS.jsc8, file);
    jsc8Ms = performance.now() - t0;
    client.close();
    if (sent !== n || (await countOf(emu, COLLECTIONS.jsc8)) !== n) throw new Error(`jsC8 inserted ${sent} of ${n}`);
    opts.log(`    ${fmt.rate(n, jsc8Ms)}`);
    // Only the c8spot collection is needed afterwards (benchmark 3 exports it).
    await emu.call('DELETE', `/_fabric/_system/_api/collection/${COLLECTIONS.jsc8}`);

    opts.log('  c8spot insert (child process, default batch size and concurrency)');
    const cpu0 = procCpuSeconds(emu.pid) ?? 0;
    const configDir = mkdtempSync(join(opts.workDir, 'cfg-'));
    cli = await runMeasured(opts.cliPath, ['insert', COLLECTIONS.c8spot, file, '-o', 'json', '--max-errors', '0'], { env: cliEnv(emu, configDir) });
    emuCpu = (procCpuSeconds(emu.pid) ?? 0) - cpu0;
    if (cli.code !== 0) throw new Error(`c8spot insert exited ${cli.code}: ${cli.stderr.slice(-500)}`);
    const summary = JSON.parse(cli.stdout.split('\n')[0] ?? '{}') as { inserted?: number };
    if (summary.inserted !== n || (await countOf(emu, COLLECTIONS.c8spot)) !== n) throw new Error(`c8spot inserted ${summary.inserted} of ${n}`);
    opts.log(`    ${fmt.rate(n, cli.ms)}, peak RSS ${fmt.mb(cli.peakRssKb)}, emulator CPU ${emuCpu.toFixed(1)} s`);
  } finally {
    await emu.stop();
  }
  rememberLoaded({ workDir: opts.workDir, dataDir, file, count: n });

  return throughputRows(NAME, 'storage ceiling', n, cli, jsc8Ms, ceiling.ms, { emulatorCpuS: Number(emuCpu.toFixed(1)) });
}

export const benchmark: Benchmark = {
  name: 'bulk-insert',
  title: '2. Bulk insert',
  howMeasured: `A seeded NDJSON file of 1,000,000 generated documents (about 108 bytes each, no \`_key\`) is
inserted into an empty spot collection of \`_system\` three ways. The emulator is its own child process
(\`c8spot emulator start --tls --latency-scale 0\`, ONE region: no simulated round trips, and no
background replication competing with the requests being measured; a data dir, so WAL with
synchronous=FULL as always). (a) jsC8 1.1.0 in the bench process, as a user scripts it: read the file
line by line, \`insertDocumentMany\` per 1,000 documents, one call after another (its default agent:
keep-alive, 3 sockets; HTTPS, as jsC8 only speaks HTTPS). (b) \`c8spot insert <coll> <file> -o json\`,
the built CLI as a child process with its default batch size and concurrency, over HTTPS to the same
emulator; wall time is spawn to exit (start-up included); peak RSS is the child's VmHWM polled from
/proc every 25 ms. jsC8 runs first, so c8spot meets the larger database. (c) The storage ceiling: the
emulator's own store modules in-process (\`createCore\`, same schema and pragmas), the same documents
inserted with \`DocumentStore.insert\`, one transaction per c8spot batch size (so both pay the same
number of durable commits), only the transactions timed. Counts are checked after each run.`,
  run,
};
