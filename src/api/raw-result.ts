// Splits a cursor reply's JSON text into the text of each `result` row and the rest of the
// envelope, without parsing the rows. `query -o ndjson` writes rows exactly as the server
// sent them (one per line), so an export of a million documents is not parsed and
// serialised again on the client (numbers also keep their digits). The scanner only
// follows JSON's structure: strings (with escapes), nesting, and value boundaries.
import type { CursorBatch } from './cursors.js';

// Character codes of JSON's structural characters.
const C = {
  Quote: 34,
  Backslash: 92,
  Comma: 44,
  Colon: 58,
  OpenBrace: 123,
  CloseBrace: 125,
  OpenBracket: 91,
  CloseBracket: 93,
} as const;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Index just past the string starting at `i` (a quote), or -1. */
function endOfString(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) return -1;
    let slashes = 0;
    for (let k = q - 1; s.charCodeAt(k) === C.Backslash; k--) slashes++;
    if (slashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** Index just past the JSON value starting at `i`, or -1. */
function endOfValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === C.Quote) return endOfString(s, i);
  if (c === C.OpenBrace || c === C.OpenBracket) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === C.Quote) {
        j = endOfString(s, j);
        if (j < 0) return -1;
        j--;
      } else if (d === C.OpenBrace || d === C.OpenBracket) depth++;
      else if (d === C.CloseBrace || d === C.CloseBracket) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  }
  // A number, true, false or null: up to the next delimiter.
  let j = i;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (d === C.Comma || d === C.CloseBrace || d === C.CloseBracket || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

/** One row's text as a single NDJSON line (a pretty-printed row is re-serialised compactly). */
function asLine(row: string): string {
  return row.includes('\n') || row.includes('\r') ? JSON.stringify(JSON.parse(row)) : row;
}

/**
 * The envelope of a cursor reply with `result` holding each row's JSON text, or undefined
 * when the text is not an object with a `result` array (the caller then parses it whole).
 */
export function splitCursorReply(text: string): CursorBatch<string> | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== C.OpenBrace) return undefined;
  i++;
  let rows: string[] | undefined;
  let from = -1;
  let to = -1;
  for (;;) {
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === C.CloseBrace) break;
    if (text.charCodeAt(i) !== C.Quote) return undefined;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return undefined;
    const key = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== C.Colon) return undefined;
    i = skipSpace(text, i + 1);
    if (key === 'result' && text.charCodeAt(i) === C.OpenBracket) {
      from = i;
      rows = [];
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) !== C.CloseBracket) {
        for (;;) {
          const end = endOfValue(text, i);
          if (end < 0) return undefined;
          rows.push(asLine(text.slice(i, end)));
          i = skipSpace(text, end);
          const d = text.charCodeAt(i);
          if (d === C.CloseBracket) break;
          if (d !== C.Comma) return undefined;
          i = skipSpace(text, i + 1);
        }
      }
      i++;
      to = i;
    } else {
      const end = endOfValue(text, i);
      if (end < 0) return undefined;
      i = end;
    }
    i = skipSpace(text, i);
    if (text.charCodeAt(i) === C.Comma) i++;
    else if (text.charCodeAt(i) !== C.CloseBrace) return undefined;
  }
  if (rows === undefined) return undefined;
  // The rest of the envelope is small: parse it with the rows cut out.
  const rest = JSON.parse(`${text.slice(0, from)}[]${text.slice(to)}`) as CursorBatch<unknown>;
  return { ...rest, result: rows };
}
