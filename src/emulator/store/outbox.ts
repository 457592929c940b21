// THE REPLICATION LOG (outbox). Model, for everyone building on it:
//
//  * Every document write executed in region R (the "origin") appends ONE outbox row in
//    the SAME SQLite transaction as the write to R's replica (document-store.ts). So a
//    write is acknowledged only when both are durable, and a failed write leaves neither.
//  * A row carries: seq (increasing in commit order; one sequence for all origins, so it
//    is increasing per origin too), origin, dests (',r1,r2,': the regions of the
//    fabric that must apply it; '' for local collections, whose rows only keep the
//    region's HLC high-water mark across restarts), fabric, collection, key, op
//    ('put' = insert/replace, 'update', 'remove'), the payload, the HLC timestamp `t`
//    of the write and the commit time `at` (clock ms).
//  * Payload: for 'put' the stored document text itself (the merge delta is
//    putDelta(t, body), so it is not stored twice); for 'update' the merge delta
//    (regions/merge.ts updateDelta) as JSON; nothing for 'remove' (removeDelta(t)).
//  * The regions/replicator.ts streams read rows with pending()/countPending() per
//    (origin → dest) after their persisted cursor and apply them with
//    DocumentStore.apply (field-level LWW merge), advancing the cursor in the same
//    transaction. A row is deleted once every one of its destinations has applied it
//    (prune(), run at startup and every PRUNE_EVERY commits), except each origin's
//    newest row; dropping or truncating a collection deletes its rows.
import type { Db } from './db.js';
import type { OutboxEntry } from '../regions/replicator.js';

export const OUTBOX_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     origin TEXT NOT NULL,
     dests TEXT NOT NULL,
     fabric TEXT NOT NULL,
     coll TEXT NOT NULL,
     key TEXT NOT NULL,
     op TEXT NOT NULL,
     payload TEXT,
     t TEXT NOT NULL,
     at INTEGER NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS outbox_origin ON outbox (origin, seq)',
  'CREATE INDEX IF NOT EXISTS outbox_coll ON outbox (fabric, coll)',
];

/** How many committed rows between two prune() passes. */
export const PRUNE_EVERY = 20_000;

export type OutboxOp = 'put' | 'update' | 'remove';

export interface OutboxRow extends OutboxEntry {
  readonly origin: string;
  readonly fabric: string;
  readonly coll: string;
  readonly key: string;
  readonly op: OutboxOp;
  readonly payload: string | null;
  readonly t: string;
}

export class Outbox {
  readonly #db: Db;
  readonly #stmt;

  constructor(db: Db) {
    this.#db = db;
    this.#stmt = {
      append: db.prepare<[string, string, string, string, string, OutboxOp, string | null, string, number]>(
        'INSERT INTO outbox (origin, dests, fabric, coll, key, op, payload, t, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      pending: db.prepare<[string, number, string, number], OutboxRow>(
        `SELECT seq, at, origin, fabric, coll, key, op, payload, t FROM outbox
         WHERE origin = ? AND seq > ? AND instr(dests, ?) > 0 ORDER BY seq LIMIT ?`,
      ),
      count: db.prepare<[string, number, string], { n: number }>(
        'SELECT count(*) AS n FROM outbox WHERE origin = ? AND seq > ? AND instr(dests, ?) > 0',
      ),
      newest: db.prepare<[string], { t: string }>('SELECT t FROM outbox WHERE origin = ? ORDER BY seq DESC LIMIT 1'),
      purge: db.prepare<[string, string]>('DELETE FROM outbox WHERE fabric = ? AND coll = ?'),
      rename: db.prepare<[string, string, string, string]>(
        `UPDATE outbox SET coll = ?, payload = CASE WHEN op = 'put' THEN json_set(payload, '$._id', ? || '/' || key) ELSE payload END
         WHERE fabric = ? AND coll = ?`,
      ),
    };
  }

  /** `dests` as built by destsOf(). Must run inside the write's transaction. */
  append(origin: string, dests: string, fabric: string, coll: string, key: string, op: OutboxOp, payload: string | null, t: string, at: number): void {
    this.#stmt.append.run(origin, dests, fabric, coll, key, op, payload, t, at);
  }

  pending(origin: string, dest: string, after: number, limit: number): OutboxRow[] {
    return this.#stmt.pending.all(origin, after, `,${dest},`, limit);
  }

  countPending(origin: string, dest: string, after: number): number {
    return this.#stmt.count.get(origin, after, `,${dest},`)?.n ?? 0;
  }

  /** The newest HLC timestamp `origin` issued, so its clock resumes above it after a restart. */
  newest(origin: string): string | undefined {
    return this.#stmt.newest.get(origin)?.t;
  }

  /**
   * Deletes the rows every destination has applied (per replicator cursor), keeping each
   * origin's newest row (its HLC high-water mark).
   */
  prune(regions: readonly string[]): void {
    const cursors = new Map(
      this.#db
        .prepare<[], { origin: string; dest: string; seq: number }>('SELECT origin, dest, seq FROM replication_cursors')
        .all()
        .map((r) => [`${r.origin}>${r.dest}`, r.seq]),
    );
    for (const origin of regions) {
      const others = regions.filter((r) => r !== origin);
      const conds = others.map(() => '(instr(dests, ?) = 0 OR seq <= ?)');
      const args: (string | number)[] = [origin, origin];
      for (const d of others) args.push(`,${d},`, cursors.get(`${origin}>${d}`) ?? 0);
      this.#db
        .prepare(`DELETE FROM outbox WHERE origin = ? AND seq < (SELECT max(seq) FROM outbox WHERE origin = ?)${conds.map((c) => ` AND ${c}`).join('')}`)
        .run(...args);
    }
  }

  purge(fabric: string, coll: string): void {
    this.#stmt.purge.run(fabric, coll);
  }

  rename(fabric: string, from: string, to: string): void {
    this.#stmt.rename.run(to, to, fabric, from);
  }
}

/** The dests column for a write at `origin`: every other region of the fabric ('' for none). */
export function destsOf(origin: string, dcList: readonly string[]): string {
  const others = dcList.filter((r) => r !== origin);
  return others.length === 0 ? '' : `,${others.join(',')},`;
}
