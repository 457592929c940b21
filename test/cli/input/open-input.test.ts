import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFromPath, InputFormatError, itemsFromData, openInput } from '../../../src/cli/input/index.js';
import type { InputItem } from '../../../src/cli/input/types.js';

async function collect(gen: AsyncGenerator<InputItem>): Promise<InputItem[]> {
  const out: InputItem[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

describe('input format detection', () => {
  it('maps extensions to formats', () => {
    expect(formatFromPath('a/b.JSON')).toBe('json');
    expect(formatFromPath('x.ndjson')).toBe('ndjson');
    expect(formatFromPath('x.jsonl')).toBe('ndjson');
    expect(formatFromPath('x.csv')).toBe('csv');
    expect(formatFromPath('x.txt')).toBeUndefined();
  });

  it('reads a file by its extension and reports its size and the bytes read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8spot-in-'));
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'name,age\nann,30\n');
    const input = await openInput({ path: file, format: undefined, stdin: chunks() });
    expect(input.format).toBe('csv');
    expect(input.size).toBe(16);
    expect(await collect(input.items)).toEqual([{ kind: 'doc', line: 2, doc: { name: 'ann', age: 30 } }]);
    expect(input.bytesRead()).toBe(16);
    await expect(openInput({ path: join(dir, 'x.txt'), format: undefined, stdin: chunks() })).rejects.toThrow(InputFormatError);
  });

  it('detects a JSON array on stdin by its first non-space byte, even across chunks', async () => {
    const input = await openInput({ path: '-', format: undefined, stdin: chunks('  \n', ' [{"a"', ':1}]') });
    expect(input.format).toBe('json');
    expect(await collect(input.items)).toEqual([{ kind: 'doc', line: 2, doc: { a: 1 } }]);
  });

  it('requires --format for other stdin input', async () => {
    await expect(openInput({ path: undefined, format: undefined, stdin: chunks('{"a":1}\n') })).rejects.toThrow(/--format/);
    const input = await openInput({ path: undefined, format: 'ndjson', stdin: chunks('{"a":1}\n') });
    expect(await collect(input.items)).toHaveLength(1);
  });

  it('reads --data as one object or an array', async () => {
    expect(await collect(itemsFromData('{"a":1}'))).toEqual([{ kind: 'doc', line: 1, doc: { a: 1 } }]);
    expect(await collect(itemsFromData('[{"a":1},{"b":2}]'))).toHaveLength(2);
  });
});
