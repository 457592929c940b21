// A cursor reply's bytes turned straight into NDJSON bytes: each `result` row's own text,
// one per line, never decoded to a string (`query -o ndjson`). On a million-row export the
// string path cost about a third of the CLI's time in UTF-8 decoding, joining the lines and
// encoding them again for the write (profile in bench/hot-spots.md §3). JSON's structural
// characters are ASCII and no byte of a multi-byte UTF-8 sequence is below 0x80, so the
// scan works on bytes as it would on text. Only the small envelope is decoded and parsed.
import type { CursorBatch } from './cursors.js';

/** A cursor batch whose rows are NDJSON bytes (one line per row, each ending in \n). */
export interface NdjsonBatch extends Omit<CursorBatch<never>, 'result'> {
  readonly rows: number;
  readonly ndjson: Buffer;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LF = 10;
const CR = 13;

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === LF || c === CR || c === 9;
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && isSpace(b[i])) i++;
  return i;
}

/** Index just past the string starting at `i` (a quote), or -1. */
function endOfString(b: Uint8Array, i: number): number {
  const n = b.length;
  let j = i + 1;
  while (j < n) {
    const c = b[j];
    if (c === QUOTE) return j + 1;
    j += c === BACKSLASH ? 2 : 1;
  }
  return -1;
}

/** Set by endOfValue: the value held a line break between tokens (pretty-printed). */
let sawBreak = false;

/** Index just past the JSON value starting at `i`, or -1. */
function endOfValue(b: Uint8Array, i: number): number {
  const n = b.length;
  const c = b[i];
  if (c === QUOTE) return endOfString(b, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    let j = i;
    while (j < n) {
      const d = b[j] as number;
      if (d === QUOTE) {
        j = endOfString(b, j);
        if (j < 0) return -1;
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      } else if (d === LF || d === CR) sawBreak = true;
      j++;
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < n) {
    const d = b[j];
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

/**
 * The envelope of a cursor reply with its `result` rows as NDJSON bytes, or undefined when
 * the bytes are not an object with a `result` array (the caller then parses them whole).
 */
export function cursorReplyToNdjson(b: Buffer): NdjsonBatch | undefined {
  let i = skipSpace(b, 0);
  if (b[i] !== OPEN_BRACE) return undefined;
  i++;
  // Start and end offsets of each row, in order.
  let bounds: number[] | undefined;
  let from = -1;
  let to = -1;
  let size = 0;
  // Rows holding a line break, re-serialised compactly: index in bounds/2 → line.
  const relined = new Map<number, Buffer>();
  for (;;) {
    i = skipSpace(b, i);
    if (b[i] === CLOSE_BRACE) break;
    if (b[i] !== QUOTE) return undefined;
    const keyEnd = endOfString(b, i);
    if (keyEnd < 0) return undefined;
    const isResult = keyEnd - i === 8 && b.toString('latin1', i + 1, keyEnd - 1) === 'result';
    i = skipSpace(b, keyEnd);
    if (b[i] !== COLON) return undefined;
    i = skipSpace(b, i + 1);
    if (isResult && b[i] === OPEN_BRACKET) {
      from = i;
      bounds = [];
      size = 0;
      relined.clear();
      i = skipSpace(b, i + 1);
      if (b[i] !== CLOSE_BRACKET) {
        for (;;) {
          sawBreak = false;
          const end = endOfValue(b, i);
          if (end < 0) return undefined;
          if (sawBreak) {
            const line = Buffer.from(JSON.stringify(JSON.parse(b.toString('utf8', i, end))), 'utf8');
            relined.set(bounds.length / 2, line);
            size += line.length + 1;
          } else size += end - i + 1;
          bounds.push(i, end);
          i = skipSpace(b, end);
          const d = b[i];
          if (d === CLOSE_BRACKET) break;
          if (d !== COMMA) return undefined;
          i = skipSpace(b, i + 1);
        }
      }
      i++;
      to = i;
    } else {
      const end = endOfValue(b, i);
      if (end < 0) return undefined;
      i = end;
    }
    i = skipSpace(b, i);
    if (b[i] === COMMA) i++;
    else if (b[i] !== CLOSE_BRACE) return undefined;
  }
  if (bounds === undefined) return undefined;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let k = 0; k < bounds.length; k += 2) {
    const line = relined.size > 0 ? relined.get(k / 2) : undefined;
    at += line ? line.copy(out, at) : b.copy(out, at, bounds[k], bounds[k + 1]);
    out[at++] = LF;
  }
  // The rest of the envelope is small: parse it with the rows cut out.
  const { result: _rows, ...rest } = JSON.parse(`${b.toString('utf8', 0, from)}[]${b.toString('utf8', to)}`) as CursorBatch<unknown>;
  return { ...rest, rows: bounds.length / 2, ndjson: out };
}

/** NDJSON of parsed rows: the fallback for a reply cursorReplyToNdjson refuses. */
export function rowsToNdjson(batch: CursorBatch<unknown>): NdjsonBatch {
  const { result, ...rest } = batch;
  const text = result.map((r) => `${JSON.stringify(r) ?? 'null'}\n`).join('');
  return { ...rest, rows: result.length, ndjson: Buffer.from(text, 'utf8') };
}
