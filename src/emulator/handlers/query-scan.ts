// The fast path of the most common export, `FOR d IN <collection> RETURN d` and nothing
// else: its rows are exactly the stored document texts, in `_key` order, so they are passed
// through as text instead of being parsed for the C8QL engine and serialised again for the
// reply (on a million-document export that was most of the emulator's work; profile in
// docs/performance.md). Rows, order, laziness and stats match the engine's plain scan
// (c8ql/pipeline.ts scanCollection): chunks of SCAN_CHUNK by key, scannedFull per row.
import type { PreparedQuery, RunningQuery } from '../c8ql/index.js';
import type { QueryStats } from '../c8ql/context.js';
import type { Value } from '../c8ql/types.js';
import type { EmulatorCore } from '../core.js';
import type { Reply } from '../http/route.js';

const SCAN_CHUNK = 1000;

/**
 * A row that is already JSON text. Anything that serialises it with JSON.stringify (restql
 * replies, materialised buffers) gets the document back through toJSON; the cursor replies
 * splice the text in directly (rawEnvelope).
 */
export class RawRow {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** The collection of a `FOR v IN <name> RETURN v` query (literal name, no options), else undefined. */
export function plainScanOf(prepared: PreparedQuery): string | undefined {
  const ops = prepared.parsed.ast.operations;
  if (ops.length !== 2) return undefined;
  const [f, r] = ops;
  if (f?.kind !== 'for' || f.options !== undefined || f.source.kind !== 'collection') return undefined;
  if (r?.kind !== 'return' || r.distinct || r.expr.kind !== 'variable' || r.expr.name !== f.variable) return undefined;
  return f.source.name;
}

/** Opens the plain scan in `region`, or undefined when the collection is unknown there (the engine reports that). */
export function openPlainScan(core: EmulatorCore, region: string, fabric: string, collection: string, now: () => number): RunningQuery | undefined {
  const meta = core.collections.find(fabric, collection, region);
  if (!meta) return undefined;
  const stats: QueryStats = { writesExecuted: 0, writesIgnored: 0, scannedFull: 0, scannedIndex: 0, filtered: 0 };
  const started = now();
  function* rows(): Generator<Value> {
    let after: string | undefined;
    for (;;) {
      const chunk = core.documents.scanRaw(region, meta!, after, SCAN_CHUNK);
      stats.scannedFull += chunk.length;
      // RawRow stands in for the document it holds (see toJSON).
      for (const text of chunk) yield new RawRow(text) as unknown as Value;
      const last = chunk[chunk.length - 1];
      if (chunk.length < SCAN_CHUNK || last === undefined) return;
      after = (JSON.parse(last) as { _key: string })._key;
    }
  }
  return { rows: rows(), stats, warnings: [], writes: false, executionTime: () => now() - started };
}

/**
 * `envelope(status, fields)` as UTF-8 bytes, with `fields.result` spliced in as the rows' own
 * text when every row is a RawRow; undefined otherwise (use envelope()).
 */
export function rawEnvelope(status: number, fields: Record<string, unknown>): Reply | undefined {
  const { result, ...rest } = fields;
  if (!Array.isArray(result) || result.length === 0 || !result.every((r) => r instanceof RawRow)) return undefined;
  const rows = result as RawRow[];
  const tail = JSON.stringify(rest);
  const head = `{"error":false,"code":${status},"result":[`;
  const end = `]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
  // Each row's text is encoded straight into one buffer: given a string, the server would
  // measure its UTF-8 length for content-length and encode it again for the socket, and
  // joining ~180 KB of rows into one string first cost as much again (6× slower in all).
  // A UTF-16 code unit takes at most 3 UTF-8 bytes, so 3 bytes per unit always fit.
  let units = head.length + end.length + rows.length;
  for (const r of rows) units += r.text.length;
  const buf = Buffer.allocUnsafe(units * 3);
  let at = buf.write(head, 0, 'utf8');
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) buf[at++] = 44; // ','
    at += buf.write((rows[i] as RawRow).text, at, 'utf8');
  }
  at += buf.write(end, at, 'utf8');
  return { status, raw: buf.subarray(0, at), headers: { 'content-type': 'application/json; charset=utf-8' } };
}
