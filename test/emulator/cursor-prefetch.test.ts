// Cursor prefetch (cursor-registry.ts prefetch, handlers/cursor.ts): once a batch is
// answered the next one is computed ahead. The batches a client sees must be exactly those
// it would see without it, and a cursor that is deleted, spent or expired holds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningQuery } from '../../src/emulator/c8ql/index.js';
import type { Value } from '../../src/emulator/c8ql/types.js';
import type { CoreBase } from '../../src/emulator/core.js';
import { CursorRegistry } from '../../src/emulator/store/cursor-registry.js';
import { createQueryDataSource } from '../../src/emulator/store/query-data-source.js';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

const N = 2_500;
let emu: EmulatorHandle;
let c: ApiClient;

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east'] });
  c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'pre' });
  const ds = createQueryDataSource(emu.core, 'us-east', '_system');
  ds.transaction(() => {
    for (let i = 0; i < N; i++) ds.insert('pre', { _key: String(i).padStart(5, '0'), i, s: `é${i}😀日` }, {});
  });
}, 60_000);
afterAll(() => emu?.close());

async function allBatches(query: string, batchSize: number, pause: boolean): Promise<{ result: { i: number }[]; hasMore: boolean; prefetched: boolean }[]> {
  const out: { result: { i: number }[]; hasMore: boolean; prefetched: boolean }[] = [];
  let r = await c.post('/_fabric/_system/_api/cursor', { query, batchSize });
  expect(r.status).toBe(201);
  const id = r.body.id as string;
  for (;;) {
    // Pausing lets the prefetch run before the next request (without it, it may or may not).
    if (pause) await tick();
    const prefetched = emu.core.cursors.get('_system', id)?.ahead !== undefined;
    out.push({ result: r.body.result, hasMore: r.body.hasMore, prefetched });
    if (!r.body.hasMore) return out;
    r = await c.put(`/_fabric/_system/_api/cursor/${id}`);
    expect(r.status).toBe(200);
  }
}

describe('cursor prefetch', () => {
  it('gives the same batches, plain scan or engine, whether the prefetch ran or not', async () => {
    for (const query of ['FOR d IN pre RETURN d', 'FOR d IN pre FILTER d.i >= 0 RETURN d']) {
      const paused = await allBatches(query, 1000, true);
      const eager = await allBatches(query, 1000, false);
      expect(paused.map((b) => b.result.length)).toEqual([1000, 1000, 500]);
      expect(paused.map((b) => b.hasMore)).toEqual([true, true, false]);
      // After every batch but the last, the next one was waiting.
      expect(paused.map((b) => b.prefetched)).toEqual([true, true, false]);
      expect(paused.flatMap((b) => b.result.map((d) => d.i))).toEqual(Array.from({ length: N }, (_, i) => i));
      // Multi-byte text survives the byte-level reply assembly (query-scan.ts rawEnvelope).
      expect(paused.flatMap((b) => b.result.map((d) => (d as { s?: string }).s))).toEqual(Array.from({ length: N }, (_, i) => `é${i}😀日`));
      expect(eager.map((b) => b.result)).toEqual(paused.map((b) => b.result));
    }
    expect(emu.core.cursors.size).toBe(0);
  });

  it('a deleted cursor drops its prefetched batch', async () => {
    const r = await c.post('/_fabric/_system/_api/cursor', { query: 'FOR d IN pre RETURN d', batchSize: 100 });
    const id = r.body.id as string;
    await tick();
    const cursor = emu.core.cursors.get('_system', id);
    expect(cursor?.ahead).toBeDefined();
    expect((await c.delete(`/_fabric/_system/_api/cursor/${id}`)).status).toBe(202);
    expect(cursor?.ahead).toBeUndefined();
    expect((await c.put(`/_fabric/_system/_api/cursor/${id}`)).status).toBe(404);
  });
});

describe('CursorRegistry.prefetch', () => {
  let now = 0;
  const base = { clock: { now: () => now }, random: () => 0.5 } as unknown as CoreBase;
  const running = (values: number[], failAt?: number): RunningQuery => {
    let k = 0;
    const rows: Iterator<Value> = {
      next: () => {
        if (k === failAt) throw new Error('boom');
        return k < values.length ? { done: false, value: values[k++] as Value } : { done: true, value: undefined };
      },
    };
    return { rows, stats: { writesExecuted: 0, writesIgnored: 0, scannedFull: 0, scannedIndex: 0, filtered: 0 }, warnings: [], writes: false, executionTime: () => 0 };
  };

  it('keeps one batch ahead, hands it out once, and counts the ttl from the request', () => {
    const reg = new CursorRegistry(base);
    now = 1000;
    const { id, batch } = reg.open('f', running([1, 2, 3, 4, 5]), 2, 100, undefined, []);
    expect(batch.result).toEqual([1, 2]);
    const cursor = reg.get('f', id ?? '');
    if (!cursor) throw new Error('no cursor');
    reg.prefetch(cursor, (b) => `reply ${String(b.result)}`);
    reg.prefetch(cursor, () => 'second');
    now = 1050;
    expect(reg.take(cursor)).toEqual({ batch: { result: [3, 4], hasMore: true }, reply: 'reply 3,4' });
    expect(cursor.expiresAt).toBe(1150);
    expect(reg.take(cursor)).toEqual({ batch: { result: [5], hasMore: false } });
    expect(reg.size).toBe(0);
    // A spent cursor is not prefetched.
    reg.prefetch(cursor, () => 'late');
    expect(cursor.ahead).toBeUndefined();
  });

  it('leaves an expired cursor alone, and a failing pull fails the request that takes it', () => {
    const reg = new CursorRegistry(base);
    now = 0;
    const a = reg.open('f', running([1, 2, 3]), 1, 10, undefined, []);
    const expired = reg.get('f', a.id ?? '');
    now = 11;
    if (!expired) throw new Error('no cursor');
    reg.prefetch(expired, () => 'x');
    expect(expired.ahead).toBeUndefined();
    now = 20;
    const b = reg.open('f', running([1, 2, 3, 4], 2), 1, 10, undefined, []);
    const failing = reg.get('f', b.id ?? '');
    if (!failing) throw new Error('no cursor');
    reg.prefetch(failing, () => 'y');
    expect(() => reg.take(failing)).toThrow('boom');
  });
});
