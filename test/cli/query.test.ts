import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/run-cli.js';
import { jsonOut, startDataCli, type DataCli } from './data-cli.js';

let cli: DataCli;

beforeAll(async () => {
  cli = await startDataCli();
  expect((await cli.http.post('/_fabric/_system/_api/collection', { name: 'people' })).status).toBe(200);
  const people = Array.from({ length: 30 }, (_, i) => ({ _key: `p${i}`, name: `person ${i}`, age: 20 + i, city: i % 2 ? 'Paris' : 'Oslo' }));
  expect((await cli.http.post('/_fabric/_system/_api/document/people', people)).status).toBe(202);
});
afterAll(async () => {
  await cli?.close();
});

describe('c8spot query', () => {
  it('binds typed values (k:=json) and strings (k=v)', async () => {
    const r = await cli.run(['query', 'FOR p IN people FILTER p.age >= @min AND p.city == @city SORT p.age RETURN p.age', '--bind', 'min:=45', '--bind', 'city=Paris', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(jsonOut<number[]>(r)).toEqual([45, 47, 49]);
    // A string bind is compared as a string: no age equals "45".
    const s = await cli.run(['query', 'FOR p IN people FILTER p.age == @a RETURN p', '--bind', 'a=45', '-o', 'json']);
    expect(jsonOut<unknown[]>(s)).toEqual([]);
  });

  it('streams a multi-batch result as NDJSON', async () => {
    const r = await cli.run(['query', 'FOR p IN people SORT p.age RETURN {k: p._key, age: p.age}', '--batch-size', '7', '--count', '-o', 'ndjson']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { age: number });
    expect(rows).toHaveLength(30);
    expect(rows.map((x) => x.age)).toEqual(Array.from({ length: 30 }, (_, i) => 20 + i));
    expect(r.stderr).toContain('count: 30');
  });

  it('exports a plain scan as NDJSON bytes, multi-byte text intact, to a pipe and to a file (> file)', async () => {
    expect((await cli.http.post('/_fabric/_system/_api/collection', { name: 'uni' })).status).toBe(200);
    const docs = Array.from({ length: 23 }, (_, i) => ({ _key: `u${String(i).padStart(2, '0')}`, s: `é${i} 日本 😀`, n: i / 4 }));
    expect((await cli.http.post('/_fabric/_system/_api/document/uni', docs)).status).toBe(202);
    const asJson = jsonOut<Record<string, unknown>[]>(await cli.run(['query', 'FOR d IN uni RETURN d', '-o', 'json']));
    const piped = await cli.run(['query', 'FOR d IN uni RETURN d', '--batch-size', '5', '-o', 'ndjson']);
    expect(piped.code).toBe(0);
    expect(piped.stdout.endsWith('\n')).toBe(true);
    const rows = piped.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual(asJson);
    expect(rows.map((r) => r.s)).toEqual(docs.map((d) => d.s));
    // stdout opened on a file, as the shell does for `> file`.
    const out = join(cli.dir, 'uni.ndjson');
    const fd = openSync(out, 'w');
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, 'query', 'FOR d IN uni RETURN d', '--batch-size', '5', '-o', 'ndjson'], { stdio: ['ignore', fd, 'ignore'], env: { PATH: process.env.PATH, HOME: process.env.HOME, ...cli.env } });
      child.once('error', reject);
      child.once('exit', resolve);
    });
    closeSync(fd);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(piped.stdout);
  });

  it('reads the query from -f and from stdin, with --bind-file', async () => {
    const q = cli.file('q.c8ql', 'FOR p IN people\n  FILTER p.age < @max\n  RETURN p._key');
    const binds = cli.file('b.json', '{"max": 22}');
    const r = await cli.run(['query', '-f', q, '--bind-file', binds, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(jsonOut<string[]>(r).sort()).toEqual(['p0', 'p1']);
    const s = await cli.run(['query', '-', '-o', 'json'], 'RETURN 1 + 1\n');
    expect(jsonOut<number[]>(s)).toEqual([2]);
  });

  it('prints a bad query with a caret under the error position and exits 1', async () => {
    const r = await cli.run(['query', 'FOR p IN people\nRETRUN p']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/syntax error/);
    expect(r.stderr).toMatch(/2 \| RETRUN p\n\s+\| \^/);
  });

  it('renders a table and says which read mode it used', async () => {
    const r = await cli.run(['query', 'FOR p IN people FILTER p.age < 22 SORT p.age RETURN {name: p.name, age: p.age}', '-o', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ name\s+│ age │/);
    expect(r.stdout).toMatch(/person 0/);
    expect(r.stdout).toMatch(/2 rows/);
    expect(r.stderr).toMatch(/read: local replica/);
    const strong = await cli.run(['query', 'RETURN 1', '--no-strong', '-o', 'json']);
    expect(strong.stderr).toMatch(/--no-strong/);
  });

  it('reads a spot collection strongly by default', async () => {
    await cli.http.post('/_fabric/_system/_api/database', { name: 'spotty', options: {} });
    const c = await cli.http.post('/_fabric/spotty/_api/collection', { name: 'orders', isSpot: true });
    expect(c.status).toBe(200);
    await cli.http.post('/_fabric/spotty/_api/document/orders', { _key: 'o1' });
    const r = await cli.run(['query', 'FOR o IN orders RETURN o._key', '--fabric', 'spotty', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(jsonOut<string[]>(r)).toEqual(['o1']);
    expect(r.stderr).toMatch(/read: strong \(spot region\) · spot collection orders/);
  });

  it('rejects bad binds as usage errors', async () => {
    const r = await cli.run(['query', 'RETURN @x', '--bind', 'x:=nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a JSON value/);
  });
});
