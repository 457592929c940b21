import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../../src/emulator/clock.js';
import { RegionCatalog } from '../../../src/emulator/regions/catalog.js';
import { FaultState } from '../../../src/emulator/regions/faults.js';
import { LinkNetwork } from '../../../src/emulator/regions/links.js';
import { REPLICATION_SCHEMA, Replicator, type OutboxEntry, type ReplicationSource } from '../../../src/emulator/regions/replicator.js';
import { openDatabase, type Db } from '../../../src/emulator/store/db.js';

// A tiny storage side on real SQLite: an outbox and one key/value table per region.
const REGIONS = ['us-east', 'eu-west', 'ap-south'];
const SCHEMA = [
  ...REPLICATION_SCHEMA,
  'CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT, k TEXT, v TEXT, at INTEGER)',
  'CREATE TABLE IF NOT EXISTS kv (region TEXT, k TEXT, v TEXT, PRIMARY KEY (region, k))',
];
interface Entry extends OutboxEntry {
  readonly k: string;
  readonly v: string;
}

class Store implements ReplicationSource<Entry> {
  applyCalls = 0;
  failNext = 0;
  constructor(readonly db: Db, readonly clock: ManualClock) {}
  write(origin: string, k: string, v: string): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO kv VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET v = excluded.v').run(origin, k, v);
      this.db.prepare('INSERT INTO outbox (origin, k, v, at) VALUES (?, ?, ?, ?)').run(origin, k, v, this.clock.now());
    })();
  }
  read(region: string, k: string): string | undefined {
    return (this.db.prepare('SELECT v FROM kv WHERE region = ? AND k = ?').get(region, k) as { v: string } | undefined)?.v;
  }
  pending(origin: string, _dest: string, after: number, limit: number): Entry[] {
    return this.db.prepare('SELECT seq, at, k, v FROM outbox WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?').all(origin, after, limit) as Entry[];
  }
  countPending(origin: string, _dest: string, after: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE origin = ? AND seq > ?').get(origin, after) as { n: number }).n;
  }
  apply(dest: string, e: Entry): number {
    this.applyCalls++;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('disk on fire');
    }
    const had = this.read(dest, e.k);
    this.db.prepare('INSERT INTO kv VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET v = excluded.v').run(dest, e.k, e.v);
    return had !== undefined && had > e.v ? 1 : 0;
  }
}

const tick = async (n = 3): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

let open: { repl: Replicator<Entry>; links: LinkNetwork }[] = [];
afterEach(() => {
  for (const o of open) {
    o.repl.close();
    o.links.close();
  }
  open = [];
});

function cluster(opts: { db?: Db; latencyScale?: number; lagMs?: number; maxBacklog?: number; batchSize?: number } = {}) {
  const clock = new ManualClock(0);
  const db = opts.db ?? openDatabase({ path: ':memory:' }, SCHEMA);
  const store = new Store(db, clock);
  const faults = new FaultState(REGIONS);
  const links = new LinkNetwork({ regions: new RegionCatalog(REGIONS).list, clock, random: seededRandom(5), latencyScale: opts.latencyScale ?? 0, faults });
  const make = (): Replicator<Entry> =>
    new Replicator({ db, clock, links, regions: REGIONS, source: store, lagMs: opts.lagMs ?? 0, maxBacklog: opts.maxBacklog ?? 0, ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) });
  const repl = make();
  open.push({ repl, links });
  const write = (origin: string, k: string, v: string): void => {
    store.write(origin, k, v);
    repl.committed(origin, REGIONS);
  };
  return { clock, db, store, faults, links, repl, write };
}

describe('Replicator', () => {
  it('applies a write in other regions only after the link delay plus replication lag', async () => {
    const { clock, links, store, write } = cluster({ latencyScale: 1, lagMs: 100 });
    write('us-east', 'a', '1');
    const delay = links.delayMs('us-east', 'eu-west');
    await tick();
    clock.advance(delay + 99);
    expect(store.read('eu-west', 'a')).toBeUndefined();
    clock.advance(delay * 0.1 + 2); // covers the seeded jitter (at most 10 % of the delay)
    expect(store.read('eu-west', 'a')).toBe('1');
  });

  it('replicates everything in commit order, in batches, and goes idle', async () => {
    const { repl, store, write } = cluster({ batchSize: 3 });
    for (let i = 0; i < 20; i++) write('eu-west', `k${i % 4}`, String(i).padStart(2, '0'));
    await repl.idle();
    for (const r of ['us-east', 'ap-south']) for (let k = 0; k < 4; k++) expect(store.read(r, `k${k}`)).toBe(String(16 + k).padStart(2, '0'));
    const s = repl.stats().streams.find((x) => x.from === 'eu-west' && x.to === 'us-east')!;
    expect(s).toMatchObject({ backlog: 0, applied: 20, appliedSeq: 20, inFlight: 0 });
  });

  it('queues across a partition (backlog, oldest age) and catches up after heal', async () => {
    const { clock, faults, repl, store, write } = cluster();
    faults.partition([['ap-south']]);
    write('us-east', 'x', 'v1');
    clock.advance(500);
    write('us-east', 'x', 'v2');
    await tick();
    expect(store.read('eu-west', 'x')).toBe('v2');
    expect(store.read('ap-south', 'x')).toBeUndefined();
    expect(repl.backlog('us-east', 'ap-south')).toBe(2);
    clock.advance(250);
    const s = repl.stats().streams.find((x) => x.from === 'us-east' && x.to === 'ap-south')!;
    expect(s).toMatchObject({ backlog: 2, oldestPendingMs: 750 });
    faults.heal();
    await repl.idle();
    expect(store.read('ap-south', 'x')).toBe('v2');
  });

  it('resends after dropped batches without losing or reordering anything', async () => {
    const { faults, repl, store, write } = cluster({ batchSize: 1 });
    faults.setDrop('us-east', 'eu-west', 0.5);
    for (let i = 0; i < 40; i++) write('us-east', 'k', String(i).padStart(2, '0'));
    // Record every value eu-west holds over time: it must only ever move forward.
    const seen: string[] = [];
    for (let i = 0; i < 400 && repl.backlog('us-east', 'eu-west') > 0; i++) {
      await tick(1);
      const v = store.read('eu-west', 'k');
      if (v !== undefined && v !== seen[seen.length - 1]) seen.push(v);
    }
    faults.heal();
    await repl.idle();
    expect(store.read('eu-west', 'k')).toBe('39');
    expect([...seen].sort()).toEqual(seen);
    const s = repl.stats().streams.find((x) => x.from === 'us-east' && x.to === 'eu-west')!;
    expect(s.resent).toBeGreaterThan(0);
    expect(s.applied).toBe(40);
  });

  it('retries after the receiver fails, and the failed batch leaves nothing behind', async () => {
    const { clock, repl, store, write } = cluster();
    store.failNext = 1;
    write('us-east', 'k', 'v');
    await tick();
    expect([store.read('eu-west', 'k'), store.read('ap-south', 'k')].filter((v) => v === 'v')).toHaveLength(1);
    clock.advance(1000);
    await repl.idle();
    expect(store.read('eu-west', 'k')).toBe('v');
    expect(store.read('ap-south', 'k')).toBe('v');
  });

  it('resumes queued replication after a restart from persisted cursors, applying each entry once', async () => {
    const first = cluster();
    first.faults.partition([['ap-south']]);
    first.write('us-east', 'a', '1');
    first.write('us-east', 'b', '2');
    await tick();
    expect(first.store.read('eu-west', 'b')).toBe('2');
    expect(first.repl.backlog('us-east', 'ap-south')).toBe(2);
    first.repl.close();
    first.links.close();
    const appliedBefore = first.store.applyCalls;

    // Same database, fresh process state: no partition any more.
    const second = cluster({ db: first.db });
    expect(second.repl.backlog('us-east', 'ap-south')).toBe(2);
    expect(second.repl.backlog('us-east', 'eu-west')).toBe(0);
    await second.repl.idle();
    expect(second.store.read('ap-south', 'a')).toBe('1');
    expect(second.store.read('ap-south', 'b')).toBe('2');
    expect(second.store.applyCalls).toBe(2);
    expect(appliedBefore).toBe(2);
  });

  it('goes idle even when a commit was over-counted', async () => {
    const { repl, store } = cluster();
    store.write('us-east', 'k', 'v');
    repl.committed('us-east', ['eu-west'], 5);
    await repl.idle();
    expect(store.read('eu-west', 'k')).toBe('v');
    expect(repl.backlog('us-east', 'eu-west')).toBe(0);
  });

  it('counts conflicts reported by the storage side', async () => {
    const { repl, store, write } = cluster();
    store.write('eu-west', 'k', 'zzz');
    write('us-east', 'k', 'aaa');
    await repl.idle();
    expect(repl.stats().conflicts).toBeGreaterThanOrEqual(1);
  });

  it('makes a region read-only while a stream out of it is over maxBacklog', async () => {
    const { faults, repl, write } = cluster({ maxBacklog: 2 });
    faults.partition([['us-east']]);
    write('us-east', 'a', '1');
    write('us-east', 'a', '2');
    expect(repl.isReadOnly('us-east')).toBe(false);
    write('us-east', 'a', '3');
    expect(repl.isReadOnly('us-east')).toBe(true);
    expect(repl.isReadOnly('eu-west')).toBe(false);
    expect(() => repl.assertWritable('us-east')).toThrow(expect.objectContaining({ status: 503, errorNum: 1004 }));
    expect(repl.stats().readOnly).toEqual(['us-east']);
    faults.heal();
    await repl.idle();
    expect(repl.isReadOnly('us-east')).toBe(false);
  });
});
