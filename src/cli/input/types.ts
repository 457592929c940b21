// What every input reader yields: a document with the input line it starts on, or a
// per-document problem (bad JSON on one line, a CSV record with too many fields…) that
// the bulk pipeline reports like a server-side failure and then keeps going.
export type InputItem =
  | {
      readonly kind: 'doc';
      readonly line: number;
      readonly doc: Record<string, unknown>;
      /** The document's JSON text as read (NDJSON), so a sender can forward it without serialising `doc` again. */
      readonly text?: string;
    }
  | { readonly kind: 'error'; readonly line: number; readonly message: string };

export type InputFormat = 'json' | 'ndjson' | 'csv';

export type Chunk = string | Uint8Array;

/** The input as a whole cannot be read any further (unterminated array, broken CSV quoting…). */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Describes a parsed JSON value that is not a document, for per-document errors. */
export function notAnObjectMessage(v: unknown): string {
  const kind = v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
  return `expected a JSON object, got ${kind}`;
}
