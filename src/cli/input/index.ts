// Opens the input of `c8spot insert`: a file, stdin or `--data`, picks the reader from the
// format (explicit, by extension, or by sniffing stdin) and counts bytes for progress/ETA.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { readCsv } from './csv.js';
import { readJsonArray } from './json-array.js';
import { readNdjson } from './ndjson.js';
import type { Chunk, InputFormat, InputItem } from './types.js';

export { InputError, type InputFormat, type InputItem } from './types.js';

export const INPUT_FORMATS: readonly InputFormat[] = ['json', 'ndjson', 'csv'];

const EXTENSIONS: Record<string, InputFormat> = { '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.csv': 'csv' };

export function formatFromPath(path: string): InputFormat | undefined {
  return EXTENSIONS[extname(path).toLowerCase()];
}

/** The input cannot be opened as asked (unknown extension, stdin without --format…). */
export class InputFormatError extends Error {
  override readonly name = 'InputFormatError';
}

export function readItems(format: InputFormat, source: AsyncIterable<Chunk> | Iterable<Chunk>): AsyncGenerator<InputItem> {
  if (format === 'csv') return readCsv(source);
  if (format === 'ndjson') return readNdjson(source);
  return readJsonArray(source);
}

export interface OpenedInput {
  readonly format: InputFormat;
  readonly items: AsyncGenerator<InputItem>;
  /** Total bytes when known (a regular file), for the ETA. */
  readonly size: number | undefined;
  bytesRead(): number;
}

export interface OpenInputOptions {
  /** A path, or '-' / undefined for stdin. */
  readonly path: string | undefined;
  readonly format: InputFormat | undefined;
  readonly stdin: AsyncIterable<Chunk>;
}

/** Reads stdin up to its first non-space byte, so `[` can select the JSON-array reader. */
async function sniff(stdin: AsyncIterable<Chunk>): Promise<{ first: string | undefined; replay: AsyncIterable<Chunk> }> {
  const iterator = stdin[Symbol.asyncIterator]();
  const seen: Chunk[] = [];
  let first: string | undefined;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) break;
    seen.push(next.value);
    const text = typeof next.value === 'string' ? next.value : Buffer.from(next.value).toString('latin1');
    const match = /[^\s\ufeff\u00ef\u00bb\u00bf]/.exec(text);
    if (match) first = match[0];
  }
  const replay = (async function* () {
    yield* seen;
    for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
  })();
  return { first, replay };
}

export async function openInput(opts: OpenInputOptions): Promise<OpenedInput> {
  let bytes = 0;
  const counted = async function* (source: AsyncIterable<Chunk>): AsyncGenerator<Chunk> {
    for await (const chunk of source) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      yield chunk;
    }
  };
  if (opts.path === undefined || opts.path === '-') {
    let format = opts.format;
    const { first, replay } = await sniff(opts.stdin);
    if (format === undefined) {
      if (first === '[') format = 'json';
      else throw new InputFormatError('reading stdin needs --format json|ndjson|csv (only a JSON array starting with "[" is detected)');
    }
    return { format, items: readItems(format, counted(replay)), size: undefined, bytesRead: () => bytes };
  }
  const format = opts.format ?? formatFromPath(opts.path);
  if (format === undefined) {
    throw new InputFormatError(`cannot tell the format of '${opts.path}' from its extension; pass --format json|ndjson|csv`);
  }
  const info = await stat(opts.path);
  if (!info.isFile() && !info.isFIFO()) throw new InputFormatError(`'${opts.path}' is not a file`);
  const stream = createReadStream(opts.path, { highWaterMark: 256 * 1024 });
  return { format, items: readItems(format, counted(stream)), size: info.isFile() ? info.size : undefined, bytesRead: () => bytes };
}

/** `--data '<json>'`: one object or an array of objects, read like a `.json` file. */
export function itemsFromData(text: string): AsyncGenerator<InputItem> {
  return readJsonArray([text]);
}
