// Merge + HLC + links + replicator together: regions write the same documents
// concurrently under random delays, drops and partitions; after heal every region holds
// the same documents, equal to merging every write in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../../src/emulator/clock.js';
import { RegionCatalog } from '../../../src/emulator/regions/catalog.js';
import { FaultState } from '../../../src/emulator/regions/faults.js';
import { encodeHlc, decodeHlc, HybridClock } from '../../../src/emulator/regions/hlc.js';
import { LinkNetwork } from '../../../src/emulator/regions/links.js';
import {
  applyDelta,
  canonicalJson,
  EMPTY_STATE,
  materialize,
  putDelta,
  removeDelta,
  updateDelta,
  type DocState,
} from '../../../src/emulator/regions/merge.js';
import { REPLICATION_SCHEMA, Replicator, type OutboxEntry, type ReplicationSource } from '../../../src/emulator/regions/replicator.js';
import { openDatabase, type Db } from '../../../src/emulator/store/db.js';

const REGIONS = ['us-east', 'eu-west', 'ap-south'];
const KEYS = ['acct1', 'acct2'];
const SCHEMA = [
  ...REPLICATION_SCHEMA,
  'CREATE TABLE IF NOT EXISTS docs (region TEXT, k TEXT, state TEXT, PRIMARY KEY (region, k))',
  'CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT, k TEXT, delta TEXT, at INTEGER)',
];

interface Entry extends OutboxEntry {
  readonly k: string;
  readonly delta: string;
}

class Replicas implements ReplicationSource<Entry> {
  readonly hlc: Map<string, HybridClock>;
  constructor(readonly db: Db, readonly clock: ManualClock) {
    this.hlc = new Map(REGIONS.map((r) => [r, new HybridClock(clock, r)]));
  }
  state(region: string, k: string): DocState | undefined {
    const row = this.db.prepare('SELECT state FROM docs WHERE region = ? AND k = ?').get(region, k) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as DocState) : undefined;
  }
  #save(region: string, k: string, s: DocState): void {
    this.db.prepare('INSERT INTO docs VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET state = excluded.state').run(region, k, JSON.stringify(s));
  }
  /** A local write: the delta is applied and queued in one transaction. */
  write(region: string, k: string, op: 'put' | 'update' | 'remove', body: Record<string, unknown>): void {
    const t = encodeHlc(this.hlc.get(region)!.now());
    const before = this.state(region, k);
    const current = before ? materialize(before) : undefined;
    const delta = op === 'put' ? putDelta(t, body) : op === 'remove' ? removeDelta(t) : updateDelta(t, current, { ...current, ...body });
    this.db.transaction(() => {
      this.#save(region, k, applyDelta(before, delta).state);
      this.db.prepare('INSERT INTO outbox (origin, k, delta, at) VALUES (?, ?, ?, ?)').run(region, k, JSON.stringify(delta), this.clock.now());
    })();
  }
  pending(origin: string, _dest: string, after: number, limit: number): Entry[] {
    return this.db.prepare('SELECT seq, at, k, delta FROM outbox WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?').all(origin, after, limit) as Entry[];
  }
  countPending(origin: string, _dest: string, after: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE origin = ? AND seq > ?').get(origin, after) as { n: number }).n;
  }
  apply(dest: string, e: Entry): number {
    const delta = JSON.parse(e.delta) as DocState;
    const r = applyDelta(this.state(dest, e.k), delta);
    // The receiving region's clock moves past what it saw, so its next write orders after it.
    for (const f of Object.values(delta.fields)) this.hlc.get(dest)!.receive(decodeHlc(f.t));
    if (delta.reset) this.hlc.get(dest)!.receive(decodeHlc(delta.reset.t));
    if (r.changed) this.#save(dest, e.k, r.state);
    return r.conflicts;
  }
}

const op = fc.record({
  region: fc.constantFrom(...REGIONS),
  key: fc.constantFrom(...KEYS),
  kind: fc.constantFrom<'put' | 'update' | 'update' | 'remove'>('put', 'update', 'update', 'remove'),
  body: fc.dictionary(fc.constantFrom('balance', 'owner', 'note'), fc.integer({ min: 0, max: 9 }), { maxKeys: 2 }),
  gap: fc.integer({ min: 0, max: 80 }),
  fault: fc.constantFrom('none', 'none', 'none', 'partition', 'heal', 'lag', 'drop'),
});

describe('replicas converge under concurrent conflicting writes and faults', () => {
  it('every region ends with the same documents, equal to merging all writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.array(op, { minLength: 1, maxLength: 25 }), async (seed, ops) => {
        const clock = new ManualClock(1_000);
        const db = openDatabase({ path: ':memory:' }, SCHEMA);
        const replicas = new Replicas(db, clock);
        const faults = new FaultState(REGIONS);
        const links = new LinkNetwork({ regions: new RegionCatalog(REGIONS).list, clock, random: seededRandom(seed), latencyScale: 0.5, faults });
        const repl = new Replicator({ db, clock, links, regions: REGIONS, source: replicas, lagMs: 0, maxBacklog: 0, batchSize: 2 });
        const rnd = seededRandom(seed ^ 7);
        for (const o of ops) {
          if (o.fault === 'partition') faults.partition([[REGIONS[Math.floor(rnd() * 3)]!]]);
          if (o.fault === 'heal') faults.heal();
          if (o.fault === 'lag') faults.setLag('us-east', 'ap-south', 30);
          if (o.fault === 'drop') faults.setDrop('eu-west', 'us-east', 0.3);
          replicas.write(o.region, o.key, o.kind, o.body);
          repl.committed(o.region, REGIONS);
          clock.advance(o.gap);
          await Promise.resolve();
        }
        faults.heal();
        for (let i = 0; i < 50 && repl.stats().streams.some((s) => s.backlog > 0); i++) {
          clock.advance(200);
          await new Promise((r) => setImmediate(r));
        }
        await repl.idle();
        for (const k of KEYS) {
          const expected = canonicalJson(materializeAll(replicas, k));
          const views = REGIONS.map((r) => canonicalJson(materialize(replicas.state(r, k) ?? EMPTY_STATE)));
          expect(new Set(views).size).toBe(1);
          expect(views[0]).toBe(expected);
        }
        repl.close();
        links.close();
        db.close();
      }),
      { numRuns: 40 },
    );
  });
});

// The reference result: every delta for the key merged in write order.
function materializeAll(replicas: Replicas, k: string): Record<string, unknown> | undefined {
  const rows = replicas.db.prepare('SELECT delta FROM outbox WHERE k = ? ORDER BY seq').all(k) as { delta: string }[];
  return materialize(rows.reduce((s: DocState, r) => applyDelta(s, JSON.parse(r.delta) as DocState).state, EMPTY_STATE));
}
