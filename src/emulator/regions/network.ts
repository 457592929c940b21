// The simulated federation's network: fault state, the links between regions, the spot
// router and one hybrid logical clock per region. The core owns one instance
// (core.network); the replicator, the document/cursor seams and /_emulator/* use it.
//
// HOW THE DOCUMENT STORE PLUGS IN (global and spot collections alike):
//  1. Per write in region R: `t = core.network.stamp(R)`; build the delta with merge.ts
//     (putDelta / updateDelta / removeDelta), apply it to R's replica with applyDelta,
//     and insert the outbox entry (delta, t, fabric, collection, key) in the SAME
//     transaction; `_rev` may be versionOf(state) (equal on converged replicas).
//  2. After the commit: `core.network.replicator.committed(R, dests)` with dests = the
//     fabric's dcList (never for local collections).
//  3. At construction: `core.network.startReplication(source)` where source reads the
//     outbox (pending/countPending per origin → dest) and applies one entry at a replica
//     (applyDelta on the stored state, then `observe(dest, t)` so dest's clock passes it);
//     and `observe(R, newest stored t of R)` per region so timestamps never repeat.
//  4. Handlers choose the executing region with routing.ts (servingRegion / queryRegion,
//     runIn, assertGlobalWritable, servedBy).
import type { CoreBase } from '../core.js';
import { FaultState, type FaultSnapshot } from './faults.js';
import { decodeHlc, encodeHlc, HybridClock } from './hlc.js';
import { LinkNetwork, type LinkStats } from './links.js';
import { Replicator, type OutboxEntry, type ReplicationControl, type ReplicationSource, type ReplicationStats } from './replicator.js';
import { SpotRouter, type RouteStats } from './spot-router.js';

export interface RegionState {
  readonly name: string;
  readonly down: boolean;
  /** Last HLC timestamp the region issued or saw. */
  readonly clock: string;
}

export interface NetworkStats {
  readonly latencyScale: number;
  readonly regions: readonly RegionState[];
  readonly links: readonly LinkStats[];
  readonly faults: FaultSnapshot;
  readonly spot: RouteStats;
  /** Absent until the document store has started replication. */
  readonly replication?: ReplicationStats;
}

export class RegionNetwork {
  readonly faults: FaultState;
  readonly links: LinkNetwork;
  readonly spot: SpotRouter;
  readonly #base: CoreBase;
  readonly #hlc = new Map<string, HybridClock>();
  #replicator: ReplicationControl | undefined;

  constructor(base: CoreBase) {
    this.#base = base;
    const names = base.regions.names;
    this.faults = new FaultState(names);
    this.links = new LinkNetwork({
      regions: base.regions.list,
      clock: base.clock,
      random: base.random,
      latencyScale: base.options.latencyScale,
      faults: this.faults,
    });
    this.spot = new SpotRouter({
      links: this.links,
      faults: this.faults,
      clock: base.clock,
      timeoutMs: base.options.spotTimeoutMs,
    });
    for (const name of names) this.#hlc.set(name, new HybridClock(base.clock, name));
    // Datacenter records report each region as seen from the serving one.
    base.regions.statusOf = (from, to) => (from === to ? (this.faults.isDown(to) ? 1 : 0) : this.faults.canDeliver(from, to) ? 0 : 1);
    base.events.onClose(() => this.links.close());
  }

  /**
   * Starts shipping committed outbox entries between regions. Called once by the
   * document store, which implements the source (reading its outbox, applying entries).
   * Cursors live in REPLICATION_SCHEMA's table; queued entries resume here after a restart.
   */
  startReplication<E extends OutboxEntry>(source: ReplicationSource<E>): Replicator<E> {
    if (this.#replicator) throw new Error('replication is already running');
    const o = this.#base.options;
    const r = new Replicator<E>({
      db: this.#base.db,
      clock: this.#base.clock,
      links: this.links,
      regions: this.#base.regions.names,
      source,
      lagMs: o.replicationLagMs,
      maxBacklog: o.maxBacklog,
    });
    this.#replicator = r;
    this.#base.events.onClose(() => r.close());
    return r;
  }

  get replicator(): ReplicationControl | undefined {
    return this.#replicator;
  }

  /** A fresh encoded HLC timestamp for a write in `region` (string order = causal order). */
  stamp(region: string): string {
    return encodeHlc(this.#clockOf(region).now());
  }

  /** Advances `region`'s clock past a timestamp received from elsewhere. */
  observe(region: string, encoded: string): void {
    this.#clockOf(region).receive(decodeHlc(encoded));
  }

  stats(): NetworkStats {
    return {
      latencyScale: this.#base.options.latencyScale,
      regions: this.#base.regions.names.map((name) => ({
        name,
        down: this.faults.isDown(name),
        clock: encodeHlc(this.#clockOf(name).last),
      })),
      links: this.links.stats(),
      faults: this.faults.snapshot(),
      spot: this.spot.stats,
      ...(this.#replicator ? { replication: this.#replicator.stats() } : {}),
    };
  }

  #clockOf(region: string): HybridClock {
    const c = this.#hlc.get(region);
    if (!c) throw new Error(`unknown region '${region}'`);
    return c;
  }
}
