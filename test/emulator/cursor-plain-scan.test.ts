// `FOR d IN c RETURN d` is served from the stored texts (handlers/query-scan.ts). Its replies
// must be the ones the C8QL engine gives for the same rows: same documents in the same order
// across batches, same envelope fields and stats, tombstones skipped, unknown collections
// still 404, and restql (which serialises rows itself) unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;
const CURSOR = '/_fabric/_system/_api/cursor';

beforeAll(async () => {
  emu = await startTestEmulator();
  c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'scan' });
  // 2,503 documents: more than two engine scan chunks (1,000) and several batches.
  const docs = Array.from({ length: 2503 }, (_, i) => ({ _key: `k${String(i).padStart(5, '0')}`, n: i, s: `é"\\${i}`, o: { a: [i, null, true] } }));
  await c.post('/_fabric/_system/_api/document/scan', docs);
  await c.delete('/_fabric/_system/_api/document/scan/k00007');
});
afterAll(() => emu.close());

async function drain(query: string, batchSize: number): Promise<{ rows: unknown[]; bodies: Record<string, unknown>[] }> {
  const rows: unknown[] = [];
  const bodies: Record<string, unknown>[] = [];
  let r = await c.post(CURSOR, { query, batchSize, count: true });
  for (;;) {
    expect(r.status === 201 || r.status === 200).toBe(true);
    bodies.push(r.body as Record<string, unknown>);
    rows.push(...(r.body.result as unknown[]));
    if (!r.body.hasMore) break;
    r = await c.put(`${CURSOR}/${r.body.id as string}`);
  }
  return { rows, bodies };
}

describe('plain collection scan', () => {
  it('returns what the engine returns for the same rows, batch by batch', async () => {
    const plain = await drain('FOR d IN scan RETURN d', 1000);
    // A FILTER that keeps everything sends the query through the engine.
    const engine = await drain('FOR d IN scan FILTER true RETURN d', 1000);
    expect(plain.rows).toHaveLength(2502);
    expect(plain.rows).toEqual(engine.rows);
    expect(plain.rows.some((d) => (d as { _key: string })._key === 'k00007')).toBe(false);
    expect(plain.bodies.map((b) => [b.code, b.hasMore, b.count, (b.result as unknown[]).length])).toEqual(
      engine.bodies.map((b) => [b.code, b.hasMore, b.count, (b.result as unknown[]).length]),
    );
    const stats = (b: Record<string, unknown>): unknown => {
      const { executionTime: _t, ...rest } = (b.extra as { stats: Record<string, unknown> }).stats;
      return rest;
    };
    // filtered differs by design (the engine's FILTER true counts nothing filtered either).
    expect(plain.bodies.map(stats)).toEqual(engine.bodies.map(stats));
    expect(plain.bodies[0]).toMatchObject({ error: false, code: 201, cached: false, extra: { warnings: [] } });
  });

  it('replies with the stored text verbatim (no re-serialisation)', async () => {
    const r = await c.post(CURSOR, { query: 'FOR d IN scan RETURN d', batchSize: 2 });
    const stored = await c.get('/_fabric/_system/_api/document/scan/k00000');
    expect(r.text.startsWith(`{"error":false,"code":201,"result":[${stored.text},`)).toBe(true);
  });

  it('an empty collection and an unknown one behave as before', async () => {
    await c.post('/_fabric/_system/_api/collection', { name: 'empty' });
    const empty = await c.post(CURSOR, { query: 'FOR d IN empty RETURN d' });
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ result: [], hasMore: false });
    const missing = await c.post(CURSOR, { query: 'FOR d IN nope RETURN d' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errorNum: 1203 });
  });

  it('restql execute of the same query returns the documents', async () => {
    await c.post('/_fabric/_system/_api/restql', { query: { name: 'all', value: 'FOR d IN scan RETURN d', parameter: {} } });
    const r = await c.post('/_fabric/_system/_api/restql/execute/all', { bindVars: {}, batchSize: 3 });
    expect(r.status).toBe(201);
    expect(r.body.result).toHaveLength(3);
    expect(r.body.result[0]).toMatchObject({ _key: 'k00000', n: 0, s: 'é"\\0' });
  });
});
