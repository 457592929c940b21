import { describe, expect, it } from 'vitest';
import { readCsv, typeCsvValue } from '../../../src/cli/input/csv.js';
import { readNdjson } from '../../../src/cli/input/ndjson.js';
import { InputError, type InputItem } from '../../../src/cli/input/types.js';

async function collect(gen: AsyncGenerator<InputItem>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

function pieces(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

describe('readNdjson', () => {
  const text = '{"a":1}\r\n\n   \n{"b":"x"}\nnot json\n[1,2]\n{"c":true}';

  it('yields documents and per-line errors with line numbers, skipping blank lines', async () => {
    const items = await collect(readNdjson([text]));
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['doc', 1],
      ['doc', 4],
      ['error', 5],
      ['error', 6],
      ['doc', 7],
    ]);
    // The line's text (CR and blanks trimmed) comes along, for the sender to forward as is.
    expect(items[0]).toEqual({ kind: 'doc', line: 1, doc: { a: 1 }, text: '{"a":1}' });
    const notObject = items[3];
    expect(notObject?.kind === 'error' && notObject.message).toBe('expected a JSON object, got an array');
  });

  it('does not depend on chunk boundaries', async () => {
    const whole = await collect(readNdjson([text]));
    for (const n of [1, 2, 5]) expect(await collect(readNdjson(pieces(text, n)))).toEqual(whole);
  });

  it('streams 100,000 lines lazily', async () => {
    let produced = 0;
    async function* source(): AsyncGenerator<string> {
      for (let i = 0; i < 100_000; i++) {
        produced++;
        yield `{"n":${i}}\n`;
      }
    }
    let count = 0;
    let maxLead = 0;
    for await (const item of readNdjson(source())) {
      count++;
      expect(item.line).toBe(count);
      maxLead = Math.max(maxLead, produced - count);
    }
    expect(count).toBe(100_000);
    expect(maxLead).toBeLessThanOrEqual(1);
  });
});

describe('readCsv', () => {
  it('reads RFC 4180: quotes, escaped quotes, CRLF and newlines inside quoted fields', async () => {
    const text = 'name,note,n\r\n"Smith, J","said ""hi""",1\r\n"multi\nline",plain,2\r\nlast,"",\r\n';
    const items = await collect(readCsv([text]));
    expect(items).toEqual([
      { kind: 'doc', line: 2, doc: { name: 'Smith, J', note: 'said "hi"', n: 1 } },
      { kind: 'doc', line: 3, doc: { name: 'multi\nline', note: 'plain', n: 2 } },
      { kind: 'doc', line: 5, doc: { name: 'last', note: '' } },
    ]);
    for (const n of [1, 2, 3]) expect(await collect(readCsv(pieces(text, n)))).toEqual(items);
  });

  it('types unquoted values and keeps quoted ones and system attributes as strings', async () => {
    const text = '_key,a,b,c,d,e,f,g\n123,true,false,null,-1.5e3,007,"42",12345678901234567890\n';
    const [item] = await collect(readCsv([text]));
    expect(item).toEqual({
      kind: 'doc',
      line: 2,
      doc: { _key: '123', a: true, b: false, c: null, d: -1500, e: '007', f: '42', g: '12345678901234567890' },
    });
    expect(typeCsvValue('0')).toBe(0);
    expect(typeCsvValue('1e999')).toBe('1e999');
    expect(typeCsvValue('+1')).toBe('+1');
    expect(typeCsvValue('TRUE')).toBe('TRUE');
  });

  it('reports records with the wrong field count or a bad quote, and keeps going', async () => {
    const text = 'a,b\n1,2\n1,2,3\n"x"y,2\n\n4\n5,6';
    const items = await collect(readCsv([text]));
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['doc', 2],
      ['error', 3],
      ['error', 4],
      ['error', 6],
      ['doc', 7],
    ]);
    const wrong = items[1];
    expect(wrong?.kind === 'error' && wrong.message).toBe('record has 3 fields, the header has 2');
  });

  it('stops on an unclosed quoted field and on a bad header', async () => {
    await expect(collect(readCsv(['a,b\n1,"open\n2,3\n']))).rejects.toThrow(/quoted field opened on line 2 is not closed/);
    await expect(collect(readCsv(['a,a\n1,2\n']))).rejects.toThrow(InputError);
    await expect(collect(readCsv(['a,,c\n1,2,3\n']))).rejects.toThrow(/column 2 has no name/);
  });

  it('streams 100,000 records lazily', async () => {
    let produced = 0;
    async function* source(): AsyncGenerator<string> {
      yield 'k,n,s\r\n';
      for (let i = 0; i < 100_000; i++) {
        produced++;
        yield `k${i},${i},"a ""b"""\r\n`;
      }
    }
    let count = 0;
    let maxLead = 0;
    for await (const item of readCsv(source())) {
      count++;
      if (item.kind !== 'doc') throw new Error(`unexpected ${JSON.stringify(item)}`);
      maxLead = Math.max(maxLead, produced - count);
    }
    expect(count).toBe(100_000);
    expect(maxLead).toBeLessThanOrEqual(2);
  });
});
