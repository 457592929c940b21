// `c8spot query … -o ndjson > file` writes through its own asynchronous stream on fd 1
// (row-writer.ts fileStdout): every row must reach the file, in order, flushed before exit,
// and `>>` must append after what the file already holds.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/run-cli.js';
import { startDataCli, type DataCli } from './data-cli.js';

let cli: DataCli;

beforeAll(async () => {
  cli = await startDataCli();
  await cli.http.post('/_fabric/_system/_api/collection', { name: 'rows' });
  await cli.http.post('/_fabric/_system/_api/document/rows', Array.from({ length: 2500 }, (_, i) => ({ _key: `r${String(i).padStart(4, '0')}`, i })));
});
afterAll(async () => {
  await cli?.close();
});

function queryToFile(file: string, flags: 'w' | 'a', query: string): Promise<number | null> {
  const fd = openSync(file, flags);
  const child = spawn(process.execPath, [CLI_BIN, 'query', query, '-o', 'ndjson', '--batch-size', '300'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...cli.env },
    stdio: ['ignore', fd, 'pipe'],
  });
  closeSync(fd);
  child.stderr?.resume();
  return new Promise((resolve) => child.on('close', resolve));
}

describe('query -o ndjson into a file', () => {
  it('writes every row in order and flushes before exiting', async () => {
    const file = join(cli.dir, 'all.ndjson');
    expect(await queryToFile(file, 'w', 'FOR d IN rows RETURN d')).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2500);
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
  });

  it('appends with >>', async () => {
    const file = join(cli.dir, 'append.ndjson');
    writeFileSync(file, '{"before":true}\n');
    expect(await queryToFile(file, 'a', 'FOR d IN rows FILTER d.i < 3 RETURN d.i')).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('{"before":true}\n0\n1\n2\n');
  });
});
