// The emulator core: one object holding the database, clock, PRNG, options, region
// catalog and every store. Handlers reach everything through ctx.core.
//
// ADDING A STORE (other areas): a store module exports its DDL as `export const
// <X>_SCHEMA: readonly string[]` and a class constructed from `CoreBase`. Then, in
// this file only: (1) import it, (2) append its DDL to SCHEMA, (3) add a field to
// EmulatorCore, (4) construct it in the marked block of createCore. Stores that need
// to forget a dropped fabric subscribe with `base.events.onFabricDropped(fn)`; the
// callback runs inside the drop transaction, so it must be synchronous.
import { join } from 'node:path';
import { seededRandom, type Clock } from './clock.js';
import type { ResolvedOptions } from './options.js';
import { RegionCatalog } from './regions/catalog.js';
import { RegionNetwork } from './regions/network.js';
import { REPLICATION_SCHEMA } from './regions/replicator.js';
import { AUTH_SCHEMA, AuthStore } from './store/auth-store.js';
import { openDatabase, type Db } from './store/db.js';
import { FABRIC_SCHEMA, FabricStore } from './store/fabric-store.js';
import { COLLECTION_SCHEMA, CollectionStore } from './store/collection-store.js';
import { DOCUMENT_SCHEMA, DocumentStore } from './store/document-store.js';
import { OUTBOX_SCHEMA } from './store/outbox.js';
import { CursorRegistry } from './store/cursor-registry.js';
import { RESTQL_SCHEMA, RestqlStore } from './store/restql-store.js';
import { DATACENTER_SCHEMA, DatacenterStore } from './store/datacenter-store.js';

// ---- schema: append each store's DDL ----
const SCHEMA: readonly string[] = [
  ...AUTH_SCHEMA,
  ...FABRIC_SCHEMA,
  ...REPLICATION_SCHEMA,
  ...COLLECTION_SCHEMA,
  ...DOCUMENT_SCHEMA,
  ...OUTBOX_SCHEMA,
  ...RESTQL_SCHEMA,
  ...DATACENTER_SCHEMA,
];

export type FabricDroppedListener = (fabric: string) => void;
export type CloseListener = () => void | Promise<void>;

/** Core events: tiny and synchronous, so a listener's writes join the emitter's transaction. */
export class CoreEvents {
  readonly #fabricDropped: FabricDroppedListener[] = [];
  readonly #close: CloseListener[] = [];

  onFabricDropped(fn: FabricDroppedListener): void {
    this.#fabricDropped.push(fn);
  }

  /** Called by the fabric store inside its delete transaction. */
  emitFabricDropped(fabric: string): void {
    for (const fn of this.#fabricDropped) fn(fabric);
  }

  /** Stores with timers or background work stop them here (runs before the database closes). */
  onClose(fn: CloseListener): void {
    this.#close.push(fn);
  }

  async emitClose(): Promise<void> {
    for (const fn of this.#close.splice(0).reverse()) await fn();
  }
}

/**
 * Start/stop a region's own listener at run time (fault simulation: "the region's
 * listener refuses"). The server attaches the implementation once it is listening.
 */
export interface ListenerControl {
  /** Closes the region's listener and its open connections; the port stays reserved for up(). */
  down(region: string): Promise<void>;
  /** Listens again on the same port. */
  up(region: string): Promise<void>;
  isUp(region: string): boolean;
}

/** What every store is constructed from. */
export interface CoreBase {
  readonly options: ResolvedOptions;
  readonly db: Db;
  readonly clock: Clock;
  /** Seeded PRNG in [0, 1): jitter, generated names. Never for secrets. */
  readonly random: () => number;
  readonly regions: RegionCatalog;
  readonly events: CoreEvents;
}

export interface EmulatorCore extends CoreBase {
  /** Region listeners; usable once the server is listening. */
  listeners: ListenerControl;
  // ---- stores: add a field per store ----
  readonly auth: AuthStore;
  readonly fabrics: FabricStore;
  /** Simulated inter-region network: faults, links, spot routing, HLCs (regions/network.ts). */
  readonly network: RegionNetwork;
  /** Collection metadata (store/collection-store.ts). */
  readonly collections: CollectionStore;
  /** Document replicas, outbox and replication source (store/document-store.ts). */
  readonly documents: DocumentStore;
  /** Open C8QL cursors (store/cursor-registry.ts); in memory. */
  readonly cursors: CursorRegistry;
  /** Saved queries (store/restql-store.ts). */
  readonly restql: RestqlStore;
  /** Durable per-region settings (spot capability), replayed onto the catalog at start. */
  readonly datacenters: DatacenterStore;
  /** Stops background work and closes the database. */
  close(): Promise<void>;
}

export function databasePath(options: ResolvedOptions): string {
  return options.dataDir === undefined ? ':memory:' : join(options.dataDir, 'emulator.db');
}

export function createCore(options: ResolvedOptions): EmulatorCore {
  const db = openDatabase({ path: databasePath(options) }, SCHEMA);
  const events = new CoreEvents();
  const base: CoreBase = {
    options,
    db,
    clock: options.clock,
    random: seededRandom(options.seed),
    regions: new RegionCatalog(options.regions),
    events,
  };

  // ---- store construction: construct each store from `base` ----
  const auth = new AuthStore(base);
  const fabrics = new FabricStore(base);
  const network = new RegionNetwork(base);
  const collections = new CollectionStore(base);
  const documents = new DocumentStore(base, fabrics, collections, network);
  const cursors = new CursorRegistry(base);
  const restql = new RestqlStore(base);
  const datacenters = new DatacenterStore(base);

  const notListening = (): never => {
    throw new Error('the emulator is not listening yet');
  };
  let closed = false;
  return {
    ...base,
    listeners: { down: notListening, up: notListening, isUp: () => false },
    auth,
    fabrics,
    network,
    collections,
    documents,
    cursors,
    restql,
    datacenters,
    async close() {
      if (closed) return;
      closed = true;
      await events.emitClose();
      db.close();
    },
  };
}
