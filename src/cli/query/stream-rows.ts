// Shared by `query` and `restql run`: pipe cursor batches into the row writer, report the
// read mode, count and warnings on stderr, and turn a C8QL parse error into the query
// printed with a caret under the failing line and column (exit 1).
import type { Writable } from 'node:stream';
import type { CursorBatch } from '../../api/cursors.js';
import type { NdjsonBatch } from '../../api/raw-ndjson.js';
import type { DataSession } from '../commands/data-session.js';
import { caretExcerpt } from './caret.js';
import { createRowWriter, endOwned, put, type RowWriter } from './row-writer.js';

/** The stderr notes of a batch: the count once (first batch), then any warnings. */
function noteBatch(batch: { count?: number; extra?: CursorBatch['extra'] }, first: boolean, session: DataSession): void {
  if (first && batch.count !== undefined && !session.quiet) process.stderr.write(`count: ${batch.count}\n`);
  for (const w of batch.extra?.warnings ?? []) process.stderr.write(`warning ${w.code}: ${w.message}\n`);
}

export async function streamRows(
  batches: AsyncIterable<CursorBatch>,
  session: DataSession,
  writer: RowWriter = createRowWriter(session.output, process.stdout, process.stdout.columns),
): Promise<number> {
  let rows = 0;
  let first = true;
  for await (const batch of batches) {
    noteBatch(batch, first, session);
    first = false;
    rows += batch.result.length;
    await writer.write(batch.result);
  }
  await writer.end();
  return rows;
}

/**
 * streamRows for batches that already are NDJSON bytes (api/cursors.ts queryNdjson): each
 * batch is one write. `owned`: `out` is ours to end (row-writer.ts fileStdout).
 */
export async function streamNdjson(batches: AsyncIterable<NdjsonBatch>, session: DataSession, out: Writable, owned: boolean): Promise<number> {
  let rows = 0;
  let first = true;
  for await (const batch of batches) {
    noteBatch(batch, first, session);
    first = false;
    rows += batch.rows;
    await put(out, batch.ndjson);
  }
  if (owned) await endOwned(out);
  return rows;
}

/** Runs `fn`; a C8QL error with a position is shown under the query text and exits 1. */
export async function withCaret<T>(query: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { errorNum?: number; message?: string };
    const excerpt = query !== undefined && typeof e.message === 'string' ? caretExcerpt(query, e.message) : undefined;
    if (excerpt === undefined) throw err;
    process.stderr.write(`${excerpt}\n`);
    // The server's error goes on as it is: exit 1 and, in JSON modes, its code/httpStatus/errorNum.
    throw err;
  }
}
