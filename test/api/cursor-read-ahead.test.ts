// drainBatches keeps one batch of read-ahead: the next batch is already requested while the
// caller handles the current one, never more than one, and an early stop deletes the cursor
// once the read-ahead has landed (unless that was the last batch).
import { describe, expect, it } from 'vitest';
import { drainBatches, type CursorBatch } from '../../src/api/cursors.js';

function fakeCursor(total: number, size: number) {
  const log: string[] = [];
  let served = size;
  const batchAt = (from: number): CursorBatch<number> => {
    const result = Array.from({ length: Math.min(size, total - from) }, (_, i) => from + i);
    const hasMore = from + size < total;
    return { result, hasMore, ...(hasMore ? { id: 'c1' } : {}) };
  };
  return {
    log,
    first: batchAt(0),
    next: async (id: string): Promise<CursorBatch<number>> => {
      log.push(`next ${id}`);
      await new Promise((r) => setTimeout(r, 1));
      const b = batchAt(served);
      served += size;
      return b;
    },
    close: async (id: string): Promise<void> => {
      log.push(`close ${id}`);
    },
  };
}

describe('drainBatches read-ahead', () => {
  it('requests the next batch before the caller is done with the current one, one at a time', async () => {
    const f = fakeCursor(10, 3);
    const seen: number[] = [];
    const requestsWhenHandled: number[] = [];
    for await (const b of drainBatches(f.first, f.next, f.close)) {
      requestsWhenHandled.push(f.log.length);
      seen.push(...b.result);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Batches 0..3: each but the last already has its successor requested.
    expect(requestsWhenHandled).toEqual([1, 2, 3, 3]);
    expect(f.log).not.toContain('close c1');
  });

  it('an early stop waits for the read-ahead, then deletes the cursor', async () => {
    const f = fakeCursor(10, 3);
    for await (const b of drainBatches(f.first, f.next, f.close)) {
      expect(b.result).toEqual([0, 1, 2]);
      break;
    }
    expect(f.log).toEqual(['next c1', 'close c1']);
  });

  it('no delete when the read-ahead was the last batch', async () => {
    const f = fakeCursor(5, 3);
    for await (const b of drainBatches(f.first, f.next, f.close)) {
      expect(b.hasMore).toBe(true);
      break;
    }
    expect(f.log).toEqual(['next c1']);
  });

  it('a failed read-ahead surfaces to the caller and the cursor is deleted', async () => {
    const f = fakeCursor(10, 3);
    const failing = async (): Promise<CursorBatch<number>> => {
      f.log.push('next c1');
      throw new Error('reset');
    };
    const run = async (): Promise<void> => {
      for await (const b of drainBatches(f.first, failing, f.close)) void b;
    };
    await expect(run()).rejects.toThrow('reset');
    expect(f.log).toEqual(['next c1', 'close c1']);
  });
});
