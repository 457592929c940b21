// Open query cursors (POST /_api/cursor, restql execute): each holds a lazy row iterator
// and is dropped once exhausted, deleted, or idle for its ttl (per the injected clock).
// Cursors live in memory only: like GDN's, they do not survive a restart.
import type { RunningQuery } from '../c8ql/index.js';
import type { Value } from '../c8ql/types.js';
import type { CoreBase } from '../core.js';

export interface Cursor {
  readonly id: string;
  readonly fabric: string;
  readonly query: RunningQuery;
  readonly batchSize: number;
  readonly ttlMs: number;
  /** Total row count, when the client asked for `count`. */
  readonly count: number | undefined;
  /** Rows already pulled from the iterator but not yet sent (materialised or look-ahead). */
  readonly buffer: Value[];
  expiresAt: number;
  /** The next batch, computed before it was asked for (prefetch), or the error that raised. */
  ahead?: Ahead | undefined;
}

/** A prefetched batch with the reply rendered for it, or what pulling it threw. */
export type Ahead = { readonly batch: Batch; readonly reply: unknown } | { readonly error: unknown };

export interface Batch {
  readonly result: Value[];
  readonly hasMore: boolean;
}

export class CursorRegistry {
  readonly #base: CoreBase;
  readonly #cursors = new Map<string, Cursor>();
  #nextId = 0;

  constructor(base: CoreBase) {
    this.#base = base;
    // Ids look like GDN's (numeric strings); the seeded PRNG picks where they start.
    this.#nextId = 100_000 + Math.floor(base.random() * 800_000);
  }

  /** Pulls the first batch; registers the cursor only when rows remain. */
  open(fabric: string, query: RunningQuery, batchSize: number, ttlMs: number, count: number | undefined, buffer: Value[]): { id: string | undefined; batch: Batch } {
    this.sweep();
    const cursor: Cursor = { id: String(++this.#nextId), fabric, query, batchSize, ttlMs, count, buffer, expiresAt: 0 };
    const batch = this.pull(cursor);
    if (!batch.hasMore) return { id: undefined, batch };
    cursor.expiresAt = this.#base.clock.now() + ttlMs;
    this.#cursors.set(cursor.id, cursor);
    return { id: cursor.id, batch };
  }

  /** The live cursor of this fabric, or undefined (unknown, exhausted or expired). */
  get(fabric: string, id: string): Cursor | undefined {
    const c = this.#cursors.get(id);
    if (!c || c.fabric !== fabric) return undefined;
    if (this.#base.clock.now() > c.expiresAt) {
      this.forget(c);
      return undefined;
    }
    return c;
  }

  /** The next batch; the cursor is forgotten after its last one. */
  next(cursor: Cursor): Batch {
    return this.take(cursor).batch;
  }

  /**
   * The next batch and, when prefetch() computed it ahead, the reply rendered for it then
   * (rethrows what the prefetch threw). The ttl counts from here, as without a prefetch.
   */
  take(cursor: Cursor): { batch: Batch; reply?: unknown } {
    const ahead = cursor.ahead;
    cursor.ahead = undefined;
    if (ahead !== undefined && 'error' in ahead) throw ahead.error;
    const batch = ahead?.batch ?? this.pull(cursor);
    if (batch.hasMore) cursor.expiresAt = this.#base.clock.now() + cursor.ttlMs;
    else this.#cursors.delete(cursor.id);
    return ahead !== undefined ? { batch, reply: ahead.reply } : { batch };
  }

  /**
   * Pulls a live cursor's next batch before it is asked for and keeps it, with
   * `render(batch)`, for take(): the server then works while the client is busy with the
   * batch it just got (one batch ahead at most; an unknown, spent or expired cursor is left
   * alone; the ttl is not touched).
   */
  prefetch(cursor: Cursor, render: (batch: Batch) => unknown): void {
    if (cursor.ahead !== undefined || this.#cursors.get(cursor.id) !== cursor || this.#base.clock.now() > cursor.expiresAt) return;
    try {
      const batch = this.pull(cursor);
      cursor.ahead = { batch, reply: render(batch) };
    } catch (e) {
      cursor.ahead = { error: e };
    }
  }

  delete(fabric: string, id: string): boolean {
    const c = this.get(fabric, id);
    if (!c) return false;
    this.forget(c);
    return true;
  }

  get size(): number {
    return this.#cursors.size;
  }

  private pull(cursor: Cursor): Batch {
    const { buffer, query } = cursor;
    // One row of look-ahead tells whether another batch follows.
    while (buffer.length <= cursor.batchSize) {
      const r = query.rows.next();
      if (r.done) break;
      buffer.push(r.value);
    }
    const result = buffer.splice(0, cursor.batchSize);
    return { result, hasMore: buffer.length > 0 };
  }

  private sweep(): void {
    const now = this.#base.clock.now();
    for (const c of this.#cursors.values()) if (now > c.expiresAt) this.forget(c);
  }

  /** Drops a cursor and the batch it may hold ahead. */
  private forget(c: Cursor): void {
    c.ahead = undefined;
    this.#cursors.delete(c.id);
  }
}
