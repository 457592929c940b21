// Benchmark 3, streaming export: `c8spot query 'FOR d IN c RETURN d' -o ndjson > file` over
// the 1,000,000 documents benchmark 2 loaded (when it ran first in this work dir; otherwise
// they are loaded here through the store, which is quicker than over HTTP), against jsC8
// executeQuery (every batch, all rows in memory, as the SDK returns them) and the storage
// scan ceiling (the store's read API in-process, each document serialised to NDJSON).
// Also checks that c8spot streams: its peak RSS, and the emulator's RSS growth meanwhile.
import { createReadStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFile } from './bulk-insert.js';
import { jsc8Client, jsc8Export } from './jsc8-peer.js';
import { cliEnv, COLLECTIONS, datasetSize, fmt, loadedDataset, procStatusKb, runMeasured, startEmulatorProcess, type ChildRun, throughputRows } from './gdn-fixture.js';
import { BENCH_REGIONS, insertCeiling, scanCeiling } from './store-ceiling.js';
import type { Benchmark, BenchOptions, BenchRow } from './types.js';

const NAME = '3. streaming export';

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** An emulator data dir holding the data set in COLLECTIONS.c8spot. */
async function loadedDataDir(opts: BenchOptions, n: number): Promise<string> {
  const loaded = loadedDataset(opts.workDir, n);
  if (loaded) return loaded.dataDir;
  await datasetFile(opts, n);
  const dataDir = join(opts.workDir, 'export-data');
  mkdirSync(dataDir, { recursive: true });
  opts.log(`  loading ${n} documents through the store (benchmark 2 did not run first)`);
  insertCeiling(dataDir, COLLECTIONS.c8spot, n, opts.seed);
  return dataDir;
}

async function run(opts: BenchOptions): Promise<BenchRow[]> {
  const n = datasetSize(opts.quick);
  const dataDir = await loadedDataDir(opts, n);
  const query = `FOR d IN ${COLLECTIONS.c8spot} RETURN d`;
  const outFile = join(opts.workDir, 'export.ndjson');

  opts.log('  storage scan ceiling: store read API in-process, 1,000 per page, NDJSON to a file');
  const ceiling = await scanCeiling(dataDir, COLLECTIONS.c8spot, outFile, opts.seed);
  if (ceiling.rows !== n) throw new Error(`the scan read ${ceiling.rows} of ${n}`);
  opts.log(`    ${fmt.rate(n, ceiling.ms)}`);

  const emu = await startEmulatorProcess(opts.cliPath, dataDir, BENCH_REGIONS, opts.seed);
  let cli: ChildRun;
  let jsc8Ms: number;
  let emuBaseKb = 0;
  let emuPeakKb = 0;
  try {
    opts.log(`  c8spot query '${query}' -o ndjson > file (child process)`);
    const configDir = mkdtempSync(join(opts.workDir, 'cfg-'));
    emuBaseKb = procStatusKb(emu.pid, 'VmRSS') ?? 0;
    emuPeakKb = emuBaseKb;
    cli = await runMeasured(opts.cliPath, ['query', query, '-o', 'ndjson'], { env: cliEnv(emu, configDir), stdoutFile: outFile, onPoll: () => {
      emuPeakKb = Math.max(emuPeakKb, procStatusKb(emu.pid, 'VmRSS') ?? 0);
    } });
    if (cli.code !== 0) throw new Error(`c8spot query exited ${cli.code}: ${cli.stderr.slice(-500)}`);
    const lines = await countLines(outFile);
    if (lines !== n) throw new Error(`c8spot exported ${lines} of ${n} rows`);
    rmSync(outFile, { force: true });
    opts.log(`    ${fmt.rate(n, cli.ms)}, peak RSS ${fmt.mb(cli.peakRssKb)}, emulator RSS +${fmt.mb(emuPeakKb - emuBaseKb)}`);

    opts.log('  jsC8 executeQuery (all batches)');
    const client = jsc8Client(emu, BENCH_REGIONS[0] ?? 'us-east');
    const t0 = performance.now();
    const rows = await jsc8Export(client, query);
    jsc8Ms = performance.now() - t0;
    client.close();
    if (rows !== n) throw new Error(`jsC8 returned ${rows} of ${n} rows`);
    opts.log(`    ${fmt.rate(n, jsc8Ms)}`);
  } finally {
    await emu.stop();
  }

  const growthKb = emuPeakKb - emuBaseKb;
  const rows = throughputRows(NAME, 'scan ceiling', n, cli, jsc8Ms, ceiling.ms, { emulatorRssGrowthMb: Math.round(growthKb / 1024) });
  return [...rows, { bench: NAME, metric: 'emulator RSS growth', target: '≤ 150 MB', measured: fmt.mb(growthKb), pass: growthKb <= 150 * 1024, details: rows[0]?.details ?? {} }];
}

export const benchmark: Benchmark = {
  name: 'export',
  title: '3. Streaming export',
  howMeasured: `The 1,000,000 documents benchmark 2 loaded (its emulator data dir, restarted as a child
process with the same settings; when run alone, they are loaded through the store). (a) The storage
scan ceiling, in-process: the store's read API as the C8QL engine uses it (\`createQueryDataSource\`
\`scan\`, 1,000 per page by key), each document serialised with \`JSON.stringify\` and written as
NDJSON to a file with back-pressure. (b) \`c8spot query 'FOR d IN bench_c8spot RETURN d' -o ndjson\`
as a child process with stdout opened on the output file (as \`> file\` does, so the CLI writes
the file itself); wall time spawn to exit, peak RSS from VmHWM, the emulator's RSS sampled
meanwhile (growth = peak minus before); the output's line count is checked. (c) jsC8 \`executeQuery\` of the same query in the bench process (it fetches every batch and
returns all rows in memory; nothing is written), over HTTPS to the same emulator.`,
  run,
};
