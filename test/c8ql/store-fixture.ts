// A fresh in-memory emulator core whose collections and documents are written through the
// real document store, seen through the store's C8QL data source (one region, _system).
import type { DataSource } from '../../src/emulator/c8ql/data-source.js';
import type { Doc } from '../../src/emulator/c8ql/types.js';
import { ManualClock } from '../../src/emulator/clock.js';
import { createCore } from '../../src/emulator/core.js';
import { resolveOptions } from '../../src/emulator/options.js';
import { parseKeyOptions } from '../../src/emulator/store/keys.js';
import { createQueryDataSource } from '../../src/emulator/store/query-data-source.js';

export interface StoreFixture {
  readonly ds: DataSource;
  close(): Promise<void>;
}

const REGION = 'us-east';
const FABRIC = '_system';

/** `data` maps document-collection names to the documents to insert (they get _id and _rev). */
export function storeWith(data: Record<string, readonly Doc[]>): StoreFixture {
  const core = createCore(
    resolveOptions({ port: 0, latencyScale: 0, seed: 7, regions: [REGION], clock: new ManualClock(), inMemory: true }),
  );
  for (const [name, docs] of Object.entries(data)) {
    const meta = core.collections.create(FABRIC, REGION, {
      name,
      type: 2,
      isSpot: false,
      isLocal: false,
      keyOptions: parseKeyOptions(undefined),
      waitForSync: false,
      hasStream: false,
    });
    for (const doc of docs) core.documents.insert(REGION, meta, doc);
  }
  return { ds: createQueryDataSource(core, REGION, FABRIC), close: () => core.close() };
}
