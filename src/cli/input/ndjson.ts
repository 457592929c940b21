// Streaming reader for newline-delimited JSON (`.ndjson`, `.jsonl`): one document per line,
// blank lines skipped, CRLF accepted. Only the current line is held in memory.
import { decodeChunks } from './decode.js';
import { isPlainObject, notAnObjectMessage, type Chunk, type InputItem } from './types.js';

function parseLine(text: string, line: number): InputItem | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    return { kind: 'error', line, message: `invalid JSON: ${(err as Error).message}` };
  }
  return isPlainObject(value) ? { kind: 'doc', line, doc: value, text: trimmed } : { kind: 'error', line, message: notAnObjectMessage(value) };
}

export async function* readNdjson(source: AsyncIterable<Chunk> | Iterable<Chunk>): AsyncGenerator<InputItem> {
  let pending = '';
  let line = 1;
  for await (const text of decodeChunks(source)) {
    let from = 0;
    let nl = text.indexOf('\n');
    if (nl === -1) {
      pending += text;
      continue;
    }
    while (nl !== -1) {
      const item = parseLine(pending + text.slice(from, nl), line);
      pending = '';
      if (item) yield item;
      line++;
      from = nl + 1;
      nl = text.indexOf('\n', from);
    }
    pending = text.slice(from);
  }
  const last = parseLine(pending, line);
  if (last) yield last;
}
