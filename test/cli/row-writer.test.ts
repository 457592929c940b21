import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { drainBatches, cursorBody, type CursorBatch } from '../../src/api/cursors.js';
import { createRowWriter, renderTable } from '../../src/cli/query/row-writer.js';

/** A sink that takes `delayMs` per write with a tiny buffer, so write() reports back-pressure. */
function slowSink(delayMs: number): { sink: Writable; text: () => Promise<string>; maxBuffered: () => number } {
  let out = '';
  let maxBuffered = 0;
  const sink = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _enc, cb) {
      maxBuffered = Math.max(maxBuffered, sink.writableLength);
      out += chunk.toString();
      setTimeout(cb, delayMs);
    },
  });
  // The sink's own buffer is flushed before the text is read.
  const text = (): Promise<string> => new Promise((resolve) => sink.end(() => resolve(out)));
  return { sink, text, maxBuffered: () => maxBuffered };
}

describe('row writer', () => {
  it('streams NDJSON and waits for drain instead of buffering', async () => {
    const { sink, text, maxBuffered } = slowSink(1);
    const w = createRowWriter('ndjson', sink, 80);
    for (let b = 0; b < 50; b++) await w.write(Array.from({ length: 10 }, (_, i) => ({ b, i })));
    await w.end();
    expect((await text()).trim().split('\n')).toHaveLength(500);
    // One batch at most is queued behind a slow consumer.
    expect(maxBuffered()).toBeLessThan(1000);
  });

  it('writes a JSON array across batches, and [] for no rows', async () => {
    const { sink, text } = slowSink(0);
    const w = createRowWriter('json', sink, 80);
    await w.write([{ a: 1 }]);
    await w.write([]);
    await w.write([2, 'x']);
    await w.end();
    expect(JSON.parse(await text())).toEqual([{ a: 1 }, 2, 'x']);
    const empty = slowSink(0);
    const e = createRowWriter('json', empty.sink, 80);
    await e.end();
    expect(JSON.parse(await empty.text())).toEqual([]);
  });

  it('writes CSV with a header from the first row and quotes where needed', async () => {
    const { sink, text } = slowSink(0);
    const w = createRowWriter('csv', sink, 80);
    await w.write([{ a: 'x,y', b: 1 }, { a: 'say "hi"', b: { c: 1 } }]);
    await w.end();
    expect(await text()).toBe('a,b\n"x,y",1\n"say ""hi""","{""c"":1}"\n');
  });

  it('fits a table into the terminal width', () => {
    const rows = [{ name: 'a'.repeat(200), n: 1 }, { name: 'b', n: 22, extra: true }];
    const text = renderTable(rows, 60);
    for (const line of text.trim().split('\n').slice(0, -1)) expect(line.length).toBeLessThanOrEqual(60);
    expect(text).toMatch(/…/);
    expect(text).toMatch(/extra/);
    expect(text).toMatch(/2 rows\n$/);
    expect(renderTable([1, 2], 40)).toMatch(/value/);
    expect(renderTable([], 40)).toBe('(no rows)\n');
  });
});

describe('cursor helpers', () => {
  it('builds the cursor body with strongConsistency at the root and in options', () => {
    expect(cursorBody('RETURN 1', {})).toEqual({ query: 'RETURN 1' });
    expect(cursorBody('RETURN @a', { bindVars: { a: 1 }, batchSize: 5, count: true, strongConsistency: true })).toEqual({
      query: 'RETURN @a',
      bindVars: { a: 1 },
      batchSize: 5,
      count: true,
      strongConsistency: true,
      options: { strongConsistency: true },
    });
  });

  it('reads at most one batch ahead and deletes a cursor left early', async () => {
    const fetched: string[] = [];
    const deleted: string[] = [];
    const batch = (n: number, more: boolean): CursorBatch<number> => ({ result: [n], hasMore: more, ...(more ? { id: `c${n}` } : {}) });
    const next = async (id: string): Promise<CursorBatch<number>> => {
      fetched.push(id);
      const n = Number(id.slice(1)) + 1;
      return batch(n, n < 5);
    };
    const all: number[] = [];
    for await (const b of drainBatches(batch(0, true), next, async (id) => void deleted.push(id))) all.push(...b.result);
    expect(all).toEqual([0, 1, 2, 3, 4, 5]);
    expect(deleted).toEqual([]);

    fetched.length = 0;
    for await (const b of drainBatches(batch(0, true), next, async (id) => void deleted.push(id))) {
      if (b.result[0] === 1) break;
    }
    // Batch 2 was already requested while batch 1 was handled (read-ahead), never batch 3.
    expect(fetched).toEqual(['c0', 'c1']);
    expect(deleted).toEqual(['c2']);
  });
});
