import { describe, expect, it } from 'vitest';
import { readJsonArray } from '../../../src/cli/input/json-array.js';
import { InputError, type InputItem } from '../../../src/cli/input/types.js';

async function collect(chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of readJsonArray(chunks)) out.push(item);
  return out;
}

/** Splits text into pieces of n characters, to cross every token boundary. */
function pieces(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

describe('readJsonArray', () => {
  const text = '[\n  {"a": 1, "s": "x,]}\\"{["},\n  {"b": {"c": [1, 2, {"d": "\\u00e9\\n"}]}},\n\n  {"_key": "k"}\n]\n';

  it('yields each element with the line it starts on', async () => {
    const items = await collect([text]);
    expect(items).toEqual([
      { kind: 'doc', line: 2, doc: { a: 1, s: 'x,]}"{[' } },
      { kind: 'doc', line: 3, doc: { b: { c: [1, 2, { d: 'é\n' }] } } },
      { kind: 'doc', line: 5, doc: { _key: 'k' } },
    ]);
  });

  it('gives the same result whatever the chunk boundaries', async () => {
    const whole = await collect([text]);
    for (const n of [1, 2, 3, 7]) expect(await collect(pieces(text, n))).toEqual(whole);
  });

  it('decodes UTF-8 split across byte chunks and drops a BOM', async () => {
    const bytes = Buffer.from('\ufeff[{"name":"Zoë ✓ 😀"}]');
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    expect(await collect(chunks)).toEqual([{ kind: 'doc', line: 1, doc: { name: 'Zoë ✓ 😀' } }]);
  });

  it('reports a malformed element with its line and keeps going', async () => {
    const items = await collect(['[{"a":1},\n{"a": tru},\n42,\n{"b":2}, ,\n[1]]']);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['doc', 1],
      ['error', 2],
      ['error', 3],
      ['doc', 4],
      ['error', 4],
      ['error', 5],
    ]);
    const bad = items[1];
    expect(bad?.kind === 'error' && bad.message).toMatch(/invalid JSON/);
    const scalar = items[2];
    expect(scalar?.kind === 'error' && scalar.message).toBe('expected a JSON object, got a number');
  });

  it('accepts an empty array and empty input', async () => {
    expect(await collect(['  [ ]  \n'])).toEqual([]);
    expect(await collect([''])).toEqual([]);
  });

  it('reads a sequence of top-level objects (NDJSON or one pretty object in a .json file)', async () => {
    const items = await collect(['{"a":1}\n{"a":\n 2}\n']);
    expect(items).toEqual([
      { kind: 'doc', line: 1, doc: { a: 1 } },
      { kind: 'doc', line: 2, doc: { a: 2 } },
    ]);
  });

  it.each([
    ['an unclosed array', '[{"a":1},\n{"a":2}', /line 2: unexpected end of input: the array opened on line 1/],
    ['an unclosed element', '[{"a":1},\n{"a":2', /element starts on line 2/],
    ['an unclosed string', '[{"a":"xyz', /a string is not closed/],
    ['a mismatched bracket', '[{"a":[1}]', /'}' does not close '\['/],
    ['data after the array', '[{"a":1}]\n{"b":2}', /line 2: unexpected data after the closing/],
    ['a trailing comma', '[{"a":1},]', /trailing ','/],
    ['something that is not an array', 'hello', /expected '\['/],
  ])('stops with an InputError on %s', async (_what, input, message) => {
    const err = await collect([input]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
  });

  it('streams 100,000 documents without reading ahead of the consumer', async () => {
    const total = 100_000;
    let produced = 0;
    async function* source(): AsyncGenerator<string> {
      yield '[';
      for (let i = 0; i < total; i++) {
        produced++;
        yield `${i === 0 ? '' : ','}\n{"_key":"k${i}","n":${i},"s":"${'x'.repeat(20)}"}`;
      }
      yield '\n]';
    }
    let count = 0;
    let maxLead = 0;
    for await (const item of readJsonArray(source())) {
      expect(item.kind).toBe('doc');
      count++;
      // An element is complete once the next chunk (its separator) arrives: never more than 2 ahead.
      maxLead = Math.max(maxLead, produced - count);
    }
    expect(count).toBe(total);
    expect(maxLead).toBeLessThanOrEqual(2);
  });
});
