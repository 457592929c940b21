// Asynchronous replication between regions (specs/emulator.md §4–5). A write commits in
// its origin region together with its outbox entry; this module ships committed entries
// to every other region of the fabric over the simulated links and applies them there.
//
//  * One stream per ordered region pair (origin → dest), FIFO like the link under it.
//    Entries travel in batches; at most MAX_IN_FLIGHT batches per stream are on the
//    wire, so a long partition keeps its backlog in SQLite, not in memory.
//  * Applying a batch and advancing the stream's cursor is ONE transaction, and a batch
//    at or below the cursor is skipped: redelivery is harmless (exactly-once effect).
//  * A batch is applied only if it starts where the cursor is (`prev`) and belongs to
//    the stream's current epoch. A dropped or failed batch rewinds the stream to its
//    cursor under a new epoch, so the batches behind it are ignored and resent in order.
//  * Cursors are persisted; after a restart every stream resumes from its cursor.
//  * `maxBacklog`: while any stream out of a region has more entries waiting than that,
//    the region's global collections are read-only (503/1004, GDN release note DB-1883).
import { ErrorNum } from '../../wire/codes.js';
import type { Clock, Timer } from '../clock.js';
import { GdnError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { LinkNetwork } from './links.js';

export const REPLICATION_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS replication_cursors (
     origin TEXT NOT NULL,
     dest TEXT NOT NULL,
     seq INTEGER NOT NULL,
     PRIMARY KEY (origin, dest)) WITHOUT ROWID`,
];

/** What the replicator needs to know of an outbox entry. */
export interface OutboxEntry {
  /** Increasing in commit order within the origin region. */
  readonly seq: number;
  /** Commit time (clock ms), for the "oldest pending" figure. */
  readonly at: number;
}

/** The storage side of replication: reads committed entries, applies them at a replica. */
export interface ReplicationSource<E extends OutboxEntry> {
  /** Entries committed in `origin` that `dest` must apply, with seq > after, ascending, at most `limit`. */
  pending(origin: string, dest: string, after: number, limit: number): readonly E[];
  /** How many entries `pending` would return without a limit. */
  countPending(origin: string, dest: string, after: number): number;
  /** Applies one entry at `dest`; runs inside the replicator's transaction. Returns the conflicts it resolved. */
  apply(dest: string, entry: E): number;
}

export interface ReplicatorOptions<E extends OutboxEntry> {
  readonly db: Db;
  readonly clock: Clock;
  readonly links: LinkNetwork;
  readonly regions: readonly string[];
  readonly source: ReplicationSource<E>;
  /** Extra delay of every replication batch, real ms (--replication-lag-ms). */
  readonly lagMs: number;
  /** 0 = no limit. */
  readonly maxBacklog: number;
  readonly batchSize?: number;
}

export interface StreamStats {
  readonly from: string;
  readonly to: string;
  /** Entries committed at `from` and not yet applied at `to`. */
  readonly backlog: number;
  /** Age in ms of the oldest of them (0 when none). */
  readonly oldestPendingMs: number;
  /** Last entry applied at `to`. */
  readonly appliedSeq: number;
  readonly inFlight: number;
  readonly applied: number;
  readonly conflicts: number;
  readonly resent: number;
}

export interface ReplicationStats {
  readonly streams: readonly StreamStats[];
  readonly conflicts: number;
  readonly readOnly: readonly string[];
}

interface Stream {
  readonly from: string;
  readonly to: string;
  /** Persisted: last seq applied at `to`. */
  cursor: number;
  /** Last seq put on the wire in this epoch. */
  sent: number;
  epoch: number;
  inFlight: number;
  backlog: number;
  applied: number;
  conflicts: number;
  resent: number;
  retry: Timer | undefined;
  /** Armed while the next entry is held back by the replication lag. */
  lagTimer: Timer | undefined;
}

interface Batch<E> {
  readonly epoch: number;
  readonly prev: number;
  readonly entries: readonly E[];
}

const MAX_IN_FLIGHT = 4;
const DEFAULT_BATCH = 256;
/** Pause before resending after a receiver failure, so a persistent error does not spin. */
const RETRY_MS = 1000;

export const readOnlyError = (region: string): GdnError =>
  new GdnError(503, ErrorNum.READ_ONLY, `global collections in region '${region}' are read-only: replication backlog is full`);

/** What the rest of the emulator uses of a running replicator (independent of the entry type). */
export interface ReplicationControl {
  committed(origin: string, dests: readonly string[], count?: number): void;
  isReadOnly(region: string): boolean;
  assertWritable(region: string): void;
  backlog(from: string, to: string): number;
  idle(): Promise<void>;
  stats(): ReplicationStats;
}

export class Replicator<E extends OutboxEntry> implements ReplicationControl {
  readonly #o: ReplicatorOptions<E>;
  readonly #batch: number;
  readonly #streams = new Map<string, Stream>();
  readonly #saveCursor;
  readonly #idleWaiters: (() => void)[] = [];
  #closed = false;

  constructor(opts: ReplicatorOptions<E>) {
    this.#o = opts;
    this.#batch = opts.batchSize ?? DEFAULT_BATCH;
    const db = opts.db;
    this.#saveCursor = db.prepare<[string, string, number]>(
      'INSERT INTO replication_cursors (origin, dest, seq) VALUES (?, ?, ?) ON CONFLICT (origin, dest) DO UPDATE SET seq = excluded.seq',
    );
    const saved = new Map(
      db
        .prepare<[], { origin: string; dest: string; seq: number }>('SELECT origin, dest, seq FROM replication_cursors')
        .all()
        .map((r) => [`${r.origin}>${r.dest}`, r.seq]),
    );
    for (const from of opts.regions) {
      for (const to of opts.regions) {
        if (from === to) continue;
        const cursor = saved.get(`${from}>${to}`) ?? 0;
        this.#streams.set(`${from}>${to}`, {
          from,
          to,
          cursor,
          sent: cursor,
          epoch: 0,
          inFlight: 0,
          backlog: opts.source.countPending(from, to, cursor),
          applied: 0,
          conflicts: 0,
          resent: 0,
          retry: undefined,
          lagTimer: undefined,
        });
      }
    }
    // Resume whatever was queued before a restart.
    for (const s of this.#streams.values()) if (s.backlog > 0) this.#ship(s);
  }

  /**
   * Called by the storage side right after a commit in `origin` that `dests` must apply
   * (`count` entries each). Shipping starts on the link's own schedule.
   */
  committed(origin: string, dests: readonly string[], count = 1): void {
    for (const to of dests) {
      if (to === origin) continue;
      const s = this.#streams.get(`${origin}>${to}`);
      if (!s) continue;
      s.backlog += count;
      this.#ship(s);
    }
  }

  /** Whether global collections in `region` are read-only because a stream out of it is too far behind. */
  isReadOnly(region: string): boolean {
    const max = this.#o.maxBacklog;
    if (max <= 0) return false;
    for (const s of this.#streams.values()) if (s.from === region && s.backlog > max) return true;
    return false;
  }

  /** Throws 503/1004 when `region`'s global collections are read-only. */
  assertWritable(region: string): void {
    if (this.isReadOnly(region)) throw readOnlyError(region);
  }

  /** Entries committed at `from` that `to` has not applied yet. */
  backlog(from: string, to: string): number {
    return this.#streams.get(`${from}>${to}`)?.backlog ?? 0;
  }

  /** Resolves once every stream has applied everything committed so far (tests, demos). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  stats(): ReplicationStats {
    const now = this.#o.clock.now();
    const streams = [...this.#streams.values()].map((s): StreamStats => {
      const oldest = s.backlog > 0 ? this.#o.source.pending(s.from, s.to, s.cursor, 1)[0] : undefined;
      return {
        from: s.from,
        to: s.to,
        backlog: s.backlog,
        oldestPendingMs: oldest ? Math.max(0, now - oldest.at) : 0,
        appliedSeq: s.cursor,
        inFlight: s.inFlight,
        applied: s.applied,
        conflicts: s.conflicts,
        resent: s.resent,
      };
    });
    return {
      streams,
      conflicts: streams.reduce((n, s) => n + s.conflicts, 0),
      readOnly: this.#o.regions.filter((r) => this.isReadOnly(r)),
    };
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#streams.values()) {
      if (s.retry) this.#o.clock.clearTimeout(s.retry);
      if (s.lagTimer) this.#o.clock.clearTimeout(s.lagTimer);
    }
  }

  #ship(s: Stream): void {
    while (!this.#closed && s.inFlight < MAX_IN_FLIGHT && s.retry === undefined) {
      const available = this.#o.source.pending(s.from, s.to, s.sent, this.#batch);
      if (available.length === 0) {
        // Nothing left to send and nothing on the wire: the stream is caught up, whatever
        // the counter says (it is only a cheap estimate between commits).
        if (s.inFlight === 0 && s.sent === s.cursor && s.backlog !== 0) {
          s.backlog = 0;
          this.#wakeIdle();
        }
        return;
      }
      // The replication lag holds entries back BEFORE they enter the link, so it slows
      // replication only: spot requests and replies on the same link are not queued
      // behind it (the link is FIFO).
      const due = this.#dueCount(available);
      if (due === 0) {
        this.#armLag(s, available[0]!.at + this.#o.lagMs - this.#o.clock.now());
        return;
      }
      const entries = due < available.length ? available.slice(0, due) : available;
      const batch: Batch<E> = { epoch: s.epoch, prev: s.sent, entries };
      s.sent = entries[entries.length - 1]!.seq;
      s.inFlight++;
      const handle = this.#o.links.send(s.from, s.to, () => this.#receive(s, batch), { kind: 'replication' });
      void handle.done.then((d) => {
        if (d.outcome === 'cancelled') return;
        s.inFlight--;
        if (d.outcome === 'delivered') this.#ship(s);
        else this.#rewind(s, d.outcome === 'failed' ? RETRY_MS : 0);
      });
    }
  }

  /** Runs in the destination region when a batch arrives. */
  #receive(s: Stream, batch: Batch<E>): void {
    if (batch.epoch !== s.epoch) return; // behind a lost batch; it is being resent
    const last = batch.entries[batch.entries.length - 1]!.seq;
    if (last <= s.cursor) return; // already applied (redelivery)
    if (batch.prev !== s.cursor) return;
    let conflicts = 0;
    this.#o.db.transaction(() => {
      for (const e of batch.entries) conflicts += this.#o.source.apply(s.to, e);
      this.#saveCursor.run(s.from, s.to, last);
    })();
    s.cursor = last;
    s.applied += batch.entries.length;
    s.backlog = Math.max(0, s.backlog - batch.entries.length);
    s.conflicts += conflicts;
    this.#wakeIdle();
  }

  #wakeIdle(): void {
    if (this.#isIdle()) for (const fn of this.#idleWaiters.splice(0)) fn();
  }

  /** How many leading entries have waited out the replication lag. */
  #dueCount(entries: readonly E[]): number {
    if (this.#o.lagMs <= 0) return entries.length;
    const cutoff = this.#o.clock.now() - this.#o.lagMs;
    let n = 0;
    while (n < entries.length && entries[n]!.at <= cutoff) n++;
    return n;
  }

  #armLag(s: Stream, waitMs: number): void {
    if (s.lagTimer) return;
    s.lagTimer = this.#o.clock.setTimeout(() => {
      s.lagTimer = undefined;
      this.#ship(s);
    }, Math.max(0, waitMs));
  }

  #rewind(s: Stream, delayMs: number): void {
    s.epoch++;
    s.resent++;
    s.sent = s.cursor;
    if (delayMs === 0) {
      this.#ship(s);
      return;
    }
    if (s.retry) return;
    s.retry = this.#o.clock.setTimeout(() => {
      s.retry = undefined;
      this.#ship(s);
    }, delayMs);
  }

  #isIdle(): boolean {
    for (const s of this.#streams.values()) if (s.backlog > 0) return false;
    return true;
  }
}
