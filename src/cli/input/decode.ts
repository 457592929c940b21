// Turns a byte or string stream into text chunks without ever splitting a UTF-8 sequence,
// and drops a leading byte-order mark (editors on Windows like to add one to CSV files).
import { StringDecoder } from 'node:string_decoder';
import type { Chunk } from './types.js';

export async function* decodeChunks(source: AsyncIterable<Chunk> | Iterable<Chunk>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
