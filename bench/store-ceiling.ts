// The emulator's storage ceilings, measured in this process with its own store modules and
// no HTTP: the same documents written in batched transactions (what any insert path must at
// least pay), and the same collection scanned and serialised to NDJSON (what any export must
// at least pay). Same database settings as the running emulator (WAL, synchronous=FULL).
import { createWriteStream } from 'node:fs';
import { createCore, type EmulatorCore } from '../src/emulator/core.js';
import { resolveOptions } from '../src/emulator/options.js';
import type { CollectionMeta } from '../src/emulator/store/collection-store.js';
import { createQueryDataSource } from '../src/emulator/store/query-data-source.js';
import { DEFAULT_BATCH_SIZE } from '../src/cli/bulk/defaults.js';
import { seededRandom } from '../src/wire/random.js';
import { generatedDoc } from './gdn-fixture.js';

export const BENCH_REGIONS: readonly string[] = ['us-east'];

function openCore(dataDir: string, seed: number): EmulatorCore {
  return createCore(resolveOptions({ regions: BENCH_REGIONS, dataDir, latencyScale: 0, seed, port: 0 }));
}

function spotTarget(core: EmulatorCore, collection: string, create: boolean): { meta: CollectionMeta; region: string } {
  const spot = core.fabrics.require('_system').spotDc;
  const region = spot === '' ? (BENCH_REGIONS[0] ?? 'us-east') : spot;
  const existing = core.collections.find('_system', collection, region);
  if (existing) return { meta: existing, region };
  if (!create) throw new Error(`no collection ${collection}`);
  const meta = core.collections.create('_system', region, {
    name: collection,
    type: 2,
    isSpot: true,
    isLocal: false,
    keyOptions: { type: 'traditional', allowUserKeys: true },
    waitForSync: false,
    hasStream: false,
  });
  return { meta, region };
}

/**
 * Inserts `n` generated documents (same seed, same documents as the NDJSON file) into a new
 * spot collection of a fresh data dir, `batch` per transaction (by default as many as
 * `c8spot insert` sends per request, so both pay the same number of durable commits). Only the transactions are
 * timed; generating the documents is not. Leaves the data dir closed and loaded.
 */
export function insertCeiling(dataDir: string, collection: string, n: number, seed: number, batch = DEFAULT_BATCH_SIZE): { ms: number } {
  const core = openCore(dataDir, seed);
  try {
    const { meta, region } = spotTarget(core, collection, true);
    const random = seededRandom(seed);
    let ms = 0;
    for (let i = 0; i < n; i += batch) {
      const docs: Record<string, unknown>[] = [];
      for (let j = i; j < Math.min(n, i + batch); j++) docs.push(generatedDoc(j, random));
      const t0 = performance.now();
      core.documents.tx(() => {
        for (const d of docs) core.documents.insert(region, meta, d);
      });
      ms += performance.now() - t0;
    }
    return { ms };
  } finally {
    void core.close();
  }
}

/**
 * Reads every document of the collection in `_key` order, `page` at a time, through the
 * store's read API as the query engine sees it (store/query-data-source.ts: parsed
 * documents), serialises each to NDJSON and writes it to `outFile` with back-pressure.
 */
export async function scanCeiling(dataDir: string, collection: string, outFile: string, seed: number, page = 1000): Promise<{ ms: number; rows: number }> {
  const core = openCore(dataDir, seed);
  const out = createWriteStream(outFile);
  try {
    const { region } = spotTarget(core, collection, false);
    const source = createQueryDataSource(core, region, '_system');
    const t0 = performance.now();
    let rows = 0;
    let after: string | undefined;
    for (;;) {
      const docs = source.scan(collection, after, page);
      if (docs.length === 0) break;
      rows += docs.length;
      after = docs[docs.length - 1]?._key as string;
      let text = '';
      for (const d of docs) text += `${JSON.stringify(d)}\n`;
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', r));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return { ms: performance.now() - t0, rows };
  } finally {
    await core.close();
  }
}
