import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOut, startDataCli, type DataCli } from './data-cli.js';

let cli: DataCli;

beforeAll(async () => {
  cli = await startDataCli();
  await cli.http.post('/_fabric/_system/_api/collection', { name: 'items' });
  await cli.http.post('/_fabric/_system/_api/document/items', Array.from({ length: 12 }, (_, i) => ({ _key: `i${i}`, n: i })));
});
afterAll(async () => {
  await cli?.close();
});

describe('c8spot restql', () => {
  const text = 'FOR i IN items FILTER i.n >= @min SORT i.n RETURN i.n';

  // One lifecycle in steps that share the saved query (each step runs the CLI a few times).
  it('saves, lists and shows a query', async () => {
    const saved = await cli.run(['restql', 'save', 'atLeast', text, '--param', 'min:=0', '-o', 'json']);
    expect(saved.code).toBe(0);
    expect(jsonOut(saved)).toMatchObject({ name: 'atLeast', value: text, created: true });

    const list = await cli.run(['restql', 'list', '-o', 'json']);
    expect(jsonOut<{ name: string }[]>(list).map((q) => q.name)).toEqual(['atLeast']);
    const table = await cli.run(['restql', 'list']);
    expect(table.stdout).toMatch(/atLeast/);

    const show = await cli.run(['restql', 'show', 'atLeast', '-o', 'json']);
    expect(jsonOut(show)).toMatchObject({ name: 'atLeast', value: text });
  });

  it('runs it with typed binds, streaming several batches', async () => {
    const run = await cli.run(['restql', 'run', 'atLeast', '--bind', 'min:=5', '--batch-size', '3', '-o', 'ndjson']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').map(Number)).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it('deletes it, after which show and run exit 3', async () => {
    const del = await cli.run(['restql', 'delete', 'atLeast']);
    expect(del.code).toBe(0);
    expect((await cli.run(['restql', 'show', 'atLeast'])).code).toBe(3);
    expect((await cli.run(['restql', 'run', 'atLeast'])).code).toBe(3);
  });

  it('is idempotent with --if-not-exists and --replace, and refuses a silent overwrite', { timeout: 60_000 }, async () => {
    const file = cli.file('q.c8ql', 'RETURN 1');
    expect((await cli.run(['restql', 'save', 'one', '-f', file])).code).toBe(0);
    const again = await cli.run(['restql', 'save', 'one', '-f', file]);
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/--replace/);
    const kept = await cli.run(['restql', 'save', 'one', '-f', file, '--if-not-exists', '-o', 'json']);
    expect(kept.code).toBe(0);
    expect(jsonOut(kept)).toMatchObject({ created: false });
    const differs = await cli.run(['restql', 'save', 'one', 'RETURN 2', '--if-not-exists']);
    expect(differs.code).toBe(5);
    const replaced = await cli.run(['restql', 'save', 'one', 'RETURN 2', '--replace']);
    expect(replaced.code).toBe(0);
    const run = await cli.run(['restql', 'run', 'one', '-o', 'json']);
    expect(jsonOut<number[]>(run)).toEqual([2]);
  });
});
