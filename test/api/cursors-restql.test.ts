// The REST pieces for cursors and saved queries against a real in-process emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdnClient } from '../../src/api/client.js';
import { createCursor, deleteCursor, nextCursorBatch, queryBatches } from '../../src/api/cursors.js';
import { deleteQuery, executeBatches, listQueries, saveQuery, showQuery, updateQuery } from '../../src/api/restql.js';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let client: GdnClient;

beforeAll(async () => {
  emu = await startTestEmulator();
  client = new GdnClient({ url: emu.url, auth: { apiKey: emu.apiKey } });
  const http = api(emu);
  await http.post('/_fabric/_system/_api/collection', { name: 'nums' });
  await http.post('/_fabric/_system/_api/document/nums', Array.from({ length: 25 }, (_, i) => ({ _key: `n${i}`, n: i })));
});
afterAll(async () => {
  await client?.close();
  await emu?.close();
});

describe('cursors', () => {
  it('streams every batch in order', async () => {
    const sizes: number[] = [];
    const all: number[] = [];
    for await (const b of queryBatches<number>(client, '_system', 'FOR d IN nums SORT d.n RETURN d.n', { batchSize: 10, count: true })) {
      sizes.push(b.result.length);
      all.push(...b.result);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(all).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('deletes a cursor when the consumer stops early', async () => {
    const first = await createCursor<number>(client, '_system', 'FOR d IN nums RETURN d.n', { batchSize: 5, bindVars: {} });
    expect(first.hasMore).toBe(true);
    const id = first.id as string;
    await nextCursorBatch(client, '_system', id);
    await deleteCursor(client, '_system', id);
    await expect(nextCursorBatch(client, '_system', id)).rejects.toMatchObject({ errorNum: 1600 });
  });
});

describe('restql', () => {
  it('saves, lists, shows, executes in batches, updates and deletes', async () => {
    const saved = await saveQuery(client, '_system', { name: 'big', value: 'FOR d IN nums FILTER d.n >= @min RETURN d.n', parameter: { min: 0 } });
    expect(saved.name).toBe('big');
    expect((await listQueries(client, '_system')).map((q) => q.name)).toContain('big');
    expect((await showQuery(client, '_system', 'big'))?.value).toMatch(/FILTER/);
    const rows: number[] = [];
    for await (const b of executeBatches<number>(client, '_system', 'big', { bindVars: { min: 20 }, batchSize: 2 })) rows.push(...b.result);
    expect(rows.sort((a, b) => a - b)).toEqual([20, 21, 22, 23, 24]);
    await updateQuery(client, '_system', { name: 'big', value: 'RETURN 7' });
    const again: unknown[] = [];
    for await (const b of executeBatches(client, '_system', 'big')) again.push(...b.result);
    expect(again).toEqual([7]);
    await deleteQuery(client, '_system', 'big');
    expect(await showQuery(client, '_system', 'big')).toBeUndefined();
  });
});
