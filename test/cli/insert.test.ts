import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/run-cli.js';
import { summaryOf, startDataCli, type DataCli } from './data-cli.js';

let cli: DataCli;

async function count(collection: string): Promise<number> {
  const r = await cli.http.get(`/_fabric/_system/_api/collection/${collection}/count`);
  return r.body.count as number;
}

async function doc(collection: string, key: string): Promise<Record<string, unknown> | undefined> {
  const r = await cli.http.get(`/_fabric/_system/_api/document/${collection}/${key}`);
  return r.status === 200 ? (r.body as Record<string, unknown>) : undefined;
}

async function collection(name: string): Promise<void> {
  const r = await cli.http.post('/_fabric/_system/_api/collection', { name });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  cli = await startDataCli();
});
afterAll(async () => {
  await cli?.close();
});

describe('c8spot insert', () => {
  it('inserts a JSON array file in batches and prints a JSON summary', async () => {
    await collection('arr');
    const docs = Array.from({ length: 250 }, (_, i) => ({ _key: `k${i}`, n: i }));
    const file = cli.file('arr.json', JSON.stringify(docs, null, 1));
    const r = await cli.run(['insert', 'arr', file, '--batch-size', '100', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(summaryOf(r)).toMatchObject({ read: 250, inserted: 250, updated: 0, ignored: 0, failed: 0, batches: 3, dryRun: false });
    expect(r.stderr).toContain('→ emulator');
    expect(await count('arr')).toBe(250);
    expect(await doc('arr', 'k249')).toMatchObject({ n: 249 });
  });

  it('inserts NDJSON and CSV files, typing CSV values', async () => {
    await collection('mixed');
    const nd = cli.file('a.ndjson', '{"_key":"n1","v":1}\n\n{"_key":"n2","v":2}\n');
    expect((await cli.run(['insert', 'mixed', nd])).code).toBe(0);
    const csv = cli.file('b.csv', '_key,age,active,note\r\nc1,30,true,"Smith, J"\r\nc2,007,false,\r\n');
    const r = await cli.run(['insert', 'mixed', csv]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 read, 2 inserted/);
    expect(await doc('mixed', 'c1')).toMatchObject({ age: 30, active: true, note: 'Smith, J' });
    const c2 = await doc('mixed', 'c2');
    expect(c2).toMatchObject({ age: '007', active: false });
    expect(c2).not.toHaveProperty('note');
    expect(await count('mixed')).toBe(4);
  });

  it('reads stdin: a JSON array is detected, anything else needs --format', async () => {
    await collection('stdin');
    const r1 = await cli.run(['insert', 'stdin', '-', '-o', 'json'], ' [{"_key":"s1"},{"_key":"s2"}]');
    expect(r1.code).toBe(0);
    expect(summaryOf(r1)).toMatchObject({ inserted: 2 });
    const r2 = await cli.run(['insert', 'stdin', '-'], '{"_key":"s3"}\n');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--format/);
    const r3 = await cli.run(['insert', 'stdin', '-', '--format', 'ndjson'], '{"_key":"s3"}\n{"_key":"s4"}\n');
    expect(r3.code).toBe(0);
    expect(await count('stdin')).toBe(4);
  });

  it('inserts --data', async () => {
    await collection('data');
    const r = await cli.run(['insert', 'data', '--data', '{"_key":"d1","x":1}']);
    expect(r.code).toBe(0);
    expect(await doc('data', 'd1')).toMatchObject({ x: 1 });
  });

  it('reports bad lines with their numbers, inserts the good ones, writes the errors file, exits 7', async () => {
    await collection('bad');
    await cli.http.post('/_fabric/_system/_api/document/bad', { _key: 'taken' });
    const input = cli.file('bad.ndjson', '{"_key":"g1"}\nnot json\n{"_key":"taken"}\n[1,2]\n{"_key":"g2"}\n');
    const errorsFile = join(cli.dir, 'errors.ndjson');
    const r = await cli.run(['insert', 'bad', input, '--errors-file', errorsFile, '-o', 'json']);
    expect(r.code).toBe(7);
    expect(summaryOf(r)).toMatchObject({ read: 5, inserted: 2, failed: 3 });
    expect(r.stderr).toMatch(/line 2: invalid JSON/);
    expect(r.stderr).toMatch(/line 3: .*unique key.*errorNum 1210/);
    expect(r.stderr).toMatch(/line 4: expected a JSON object/);
    const errors = readFileSync(errorsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; errorNum: number; document: unknown });
    expect(errors.map((e) => e.line).sort()).toEqual([2, 3, 4]);
    expect(errors.find((e) => e.line === 3)).toMatchObject({ errorNum: 1210, document: { _key: 'taken' } });
    expect(await doc('bad', 'g1')).toBeDefined();
    expect(await doc('bad', 'g2')).toBeDefined();
  });

  it('stops reading after --max-errors', async () => {
    await collection('maxerr');
    const lines = Array.from({ length: 50 }, () => 'oops').join('\n');
    const r = await cli.run(['insert', 'maxerr', '-', '--format', 'ndjson', '--max-errors', '3', '-o', 'json'], lines);
    expect(r.code).toBe(7);
    expect(summaryOf(r)).toMatchObject({ failed: 4, stopped: 'max-errors' });
  });

  it('maps --on-duplicate to overwrite modes and counts the outcome', { timeout: 60_000 }, async () => {
    await collection('dup');
    await cli.http.post('/_fabric/_system/_api/document/dup', [
      { _key: 'a', v: 1, keep: true },
      { _key: 'b', v: 1 },
    ]);
    const input = cli.file('dup.ndjson', '{"_key":"a","v":2}\n{"_key":"c","v":2}\n');
    const ignore = await cli.run(['insert', 'dup', input, '--on-duplicate', 'ignore', '-o', 'json']);
    expect(ignore.code).toBe(0);
    expect(summaryOf(ignore)).toMatchObject({ inserted: 1, ignored: 1 });
    expect(await doc('dup', 'a')).toMatchObject({ v: 1 });

    const update = await cli.run(['insert', 'dup', input, '--on-duplicate', 'update', '-o', 'json']);
    expect(summaryOf(update)).toMatchObject({ inserted: 0, updated: 2 });
    expect(await doc('dup', 'a')).toMatchObject({ v: 2, keep: true });

    const replace = await cli.run(['insert', 'dup', input, '--on-duplicate', 'replace', '-o', 'json']);
    expect(summaryOf(replace)).toMatchObject({ updated: 2 });
    expect(await doc('dup', 'a')).not.toHaveProperty('keep');

    const error = await cli.run(['insert', 'dup', input, '-o', 'json']);
    expect(error.code).toBe(7);
    expect(summaryOf(error)).toMatchObject({ failed: 2 });

    const bad = await cli.run(['insert', 'dup', input, '--on-duplicate', 'merge']);
    expect(bad.code).toBe(2);
  });

  it('--dry-run parses and checks without sending', async () => {
    await collection('dry');
    const input = cli.file('dry.ndjson', '{"_key":"ok"}\n{"_key":"bad key"}\nnope\n');
    const r = await cli.run(['insert', 'dry', input, '--dry-run', '-o', 'json']);
    expect(r.code).toBe(7);
    expect(summaryOf(r)).toMatchObject({ dryRun: true, read: 3, inserted: 0, failed: 2 });
    expect(await count('dry')).toBe(0);
    const ok = await cli.run(['insert', 'dry', cli.file('ok.json', '[{"a":1}]'), '--dry-run']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/dry run, nothing sent: 1 read, 1 valid/);
  });

  it('fails clearly on an unknown collection (exit 3), a missing file and broken structure', async () => {
    const r = await cli.run(['insert', 'nope', '--data', '{"a":1}']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/collection or view not found/);
    const missing = await cli.run(['insert', 'arr', join(cli.dir, 'missing.json')]);
    expect(missing.code).toBe(3);
    await collection('broken');
    const broken = await cli.run(['insert', 'broken', cli.file('broken.json', '[{"_key":"b1"},\n{"_key":"b2"}')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/line 2: unexpected end of input/);
    expect(await doc('broken', 'b1')).toBeDefined();
  });

  it('Ctrl-C stops reading, lets batches in flight finish, reports what was committed and exits 130', async () => {
    await collection('sig');
    const child = spawn(process.execPath, [CLI_BIN, 'insert', 'sig', '-', '--format', 'ndjson', '--batch-size', '10', '-o', 'json'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...cli.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // stdin stays open, as with a producer that is still running.
    child.stdin.write(Array.from({ length: 100 }, (_, i) => `{"_key":"x${i}"}\n`).join(''));
    for (let i = 0; i < 200 && (await count('sig')) < 100; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await count('sig')).toBe(100);
    child.kill('SIGINT');
    const code = await closed;
    child.stdin.destroy();
    expect(code).toBe(130);
    expect(JSON.parse(stdout.split('\n')[0] ?? '')).toMatchObject({ inserted: 100, stopped: 'interrupted' });
    expect(stderr).toMatch(/interrupted: 100 documents committed/);
  });
});
