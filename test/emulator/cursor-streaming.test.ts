// 200,000 documents through one cursor in batches of 1,000 while other requests keep
// being served, with the emulator's heap bounded: the pipeline must stream, not
// materialise. (Documents are inserted through the store in big transactions.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryDataSource } from '../../src/emulator/store/query-data-source.js';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

const TOTAL = 200_000;
const PAYLOAD = 'p'.repeat(300);
let emu: EmulatorHandle;
let c: ApiClient;

beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east'] });
  c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'big' });
  const ds = createQueryDataSource(emu.core, 'us-east', '_system');
  for (let start = 0; start < TOTAL; start += 50_000) {
    ds.transaction(() => {
      for (let i = start; i < start + 50_000; i++) ds.insert('big', { _key: String(i).padStart(6, '0'), i, payload: PAYLOAD }, {});
    });
  }
}, 120_000);
afterAll(() => emu?.close());

describe('cursor streaming', () => {
  it('pages 200k documents in batches of 1000 with bounded heap while document reads succeed', async () => {
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let seen = 0;
    let expected = 0;
    let ordered = true;
    const check = (rows: { i: number }[]): void => {
      for (const r of rows) {
        if (r.i !== expected++) ordered = false;
      }
      seen += rows.length;
    };
    let r = await c.post('/_fabric/_system/_api/cursor', { query: 'FOR d IN big FILTER d.i >= 0 RETURN d', batchSize: 1000 });
    expect(r.status).toBe(201);
    check(r.body.result);
    const id = r.body.id as string;
    let reads = 0;
    while (r.body.hasMore) {
      const [next, doc] = await Promise.all([
        c.put(`/_fabric/_system/_api/cursor/${id}`),
        c.get(`/_fabric/_system/_api/document/big/${String(reads % TOTAL).padStart(6, '0')}`),
      ]);
      expect(next.status).toBe(200);
      expect(doc.status).toBe(200);
      reads++;
      r = next;
      check(r.body.result);
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
    expect(seen).toBe(TOTAL);
    expect(ordered).toBe(true);
    expect(reads).toBe(TOTAL / 1000 - 1);
    // Materialising the result would hold > 200k × 300-byte payloads (≈ 100 MB with object
    // overhead); streaming holds a scan chunk and a batch at a time.
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
