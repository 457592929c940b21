// Contract points (specs/cli.md) checked through the built binary (run `npm run build` first)
// against an in-process emulator: doc update|replace --data, doc delete with several keys,
// unknown profile = exit 3, the request id on -v lines, and -o csv|ndjson|yaml on region-read
// and teardown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOut, startDataCli, type DataCli } from './data-cli.js';

let cli: DataCli;

beforeAll(async () => {
  cli = await startDataCli();
  expect((await cli.http.post('/_fabric/_system/_api/collection', { name: 'notes' })).status).toBeLessThan(300);
  await cli.http.post('/_fabric/_system/_api/document/notes', [{ _key: 'a', n: 1 }, { _key: 'b', n: 2 }, { _key: 'c', n: 3 }]);
});
afterAll(async () => {
  await cli?.close();
});

async function docOf(key: string): Promise<Record<string, unknown> | undefined> {
  const r = await cli.run(['doc', 'get', 'notes', key, '-o', 'json']);
  return r.code === 0 ? jsonOut(r) : undefined;
}

describe('doc update|replace --data', { timeout: 120_000 }, () => {
  it('takes the document from --data, or from stdin with --data -', async () => {
    const u = await cli.run(['doc', 'update', 'notes', 'a', '--data', '{"tag":"x"}', '-o', 'json']);
    expect(u.code, u.stderr).toBe(0);
    expect(jsonOut<{ new: Record<string, unknown> }>(u).new).toMatchObject({ _key: 'a', n: 1, tag: 'x' });

    const r = await cli.run(['doc', 'replace', 'notes', 'a', '--data', '-', '-o', 'json'], '{"only":true}');
    expect(r.code, r.stderr).toBe(0);
    expect(await docOf('a')).toEqual(expect.objectContaining({ only: true }));
    expect(await docOf('a')).not.toHaveProperty('n');
  });

  it('is a usage error (exit 2) without a document, or with two', async () => {
    const none = await cli.run(['doc', 'update', 'notes', 'a']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--data/);
    const both = await cli.run(['doc', 'update', 'notes', 'a', '{"x":1}', '--data', '{"y":1}']);
    expect(both.code).toBe(2);
    expect(await docOf('a')).not.toHaveProperty('x');
  });
});

describe('doc delete <collection> <key>…', { timeout: 120_000 }, () => {
  it('deletes every key given and prints them as an array in JSON', async () => {
    const r = await cli.run(['doc', 'delete', 'notes', 'b', 'c', '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonOut<{ _key: string }[]>(r).map((d) => d._key)).toEqual(['b', 'c']);
    expect(await docOf('b')).toBeUndefined();
    expect(await docOf('c')).toBeUndefined();
  });

  it('needs --yes when not interactive, and --if-match takes one key', async () => {
    const noYes = await cli.run(['doc', 'delete', 'notes', 'a', 'b']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toMatch(/--yes/);
    const ifMatch = await cli.run(['doc', 'delete', 'notes', 'a', 'b', '--yes', '--if-match', '_x']);
    expect(ifMatch.code).toBe(2);
    expect(await docOf('a')).toBeDefined();
  });
});

describe('global contract points', { timeout: 120_000 }, () => {
  it('an unknown profile is "not found": exit 3, with the envelope in JSON mode', async () => {
    const env = { C8SPOT_URL: undefined, C8SPOT_PROFILE: 'nosuch' };
    const r = await cli.run(['fabric', 'list', '-o', 'json'], undefined, env);
    expect(r.code).toBe(3);
    expect(jsonOut<{ error: { code: string; message: string } }>(r).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/unknown profile 'nosuch'/) });
    expect((await cli.run(['logout', '-p', 'nosuch'], undefined, { C8SPOT_URL: undefined })).code).toBe(3);
    // Not found before "needs --yes": there is nothing to confirm.
    expect((await cli.run(['profile', 'remove', 'nosuch'])).code).toBe(3);
  });

  it('-v prints one line per request with status, ms, region and the request id', async () => {
    const r = await cli.run(['-v', 'collection', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^ {2}GET \/_fabric\/_system\/_api\/collection\S* 200 \d+ms us-east [0-9a-f-]{8,}$/m);
  });

  it('region-read honours -o ndjson (one verdict per region), csv and yaml', async () => {
    const nd = await cli.run(['region-read', '--collection', 'notes', '--key', 'a', '-o', 'ndjson']);
    expect(nd.code, nd.stderr).toBe(0);
    const lines = nd.stdout.trim().split('\n').map((l) => JSON.parse(l) as { region: string; rows: number; agrees: boolean });
    expect(lines.length).toBeGreaterThan(1);
    // Replication is asynchronous, so only the shape is pinned: one line per distinct region.
    for (const l of lines) expect(l).toMatchObject({ region: expect.any(String), rows: expect.any(Number), agrees: expect.any(Boolean) });
    expect(new Set(lines.map((l) => l.region)).size).toBe(lines.length);

    const csv = await cli.run(['region-read', '--collection', 'notes', '--key', 'a', '-o', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trim().split(/\r?\n/);
    expect(rows[0]).toBe('region,ok,rows,digest,revs,latencyMs,agrees,reference,behind,lagMs,error,strong');
    expect(rows).toHaveLength(lines.length + 1);

    const yaml = await cli.run(['region-read', '--collection', 'notes', '--key', 'a', '-o', 'yaml']);
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toMatch(/^fabric: _system$/m);
    expect(yaml.stdout).toMatch(/^agree: (true|false)$/m);
  });

  it('teardown honours -o csv', async () => {
    expect((await cli.run(['fabric', 'create', 'gone', '-q'])).code).toBe(0);
    const r = await cli.run(['teardown', 'gone', '--yes', '-o', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split(/\r?\n/).slice(0, 2)).toEqual(['kind,name,status', 'fabric,gone,removed']);
  });

  it('the JSON error envelope carries a stable UPPER_SNAKE code', async () => {
    expect((await cli.run(['fabric', 'create', 'nospot', '--no-spot', '-q'])).code).toBe(0);
    const spot = await cli.run(['collection', 'create', 'c', '--spot', '--fabric', 'nospot', '-o', 'json']);
    expect(spot.code).toBe(2);
    expect(jsonOut<{ error: { code: string } }>(spot).error.code).toBe('SPOT_REGION_MISSING');

    const missing = await cli.run(['doc', 'get', 'notes', 'nope', '-o', 'json']);
    expect(missing.code).toBe(3);
    expect(jsonOut<{ error: Record<string, unknown> }>(missing).error).toMatchObject({ code: 'DOCUMENT_NOT_FOUND', httpStatus: 404, errorNum: 1202 });

    const fabric = await cli.run(['collection', 'list', '--fabric', 'nofabric', '-o', 'ndjson']);
    expect(fabric.code).toBe(3);
    expect(jsonOut<{ error: { code: string } }>(fabric).error.code).toBe('FABRIC_NOT_FOUND');

    const usage = await cli.run(['fabric', 'list', '--timeout', 'soon', '-o', 'json']);
    expect(usage.code).toBe(2);
    expect(jsonOut<{ error: { code: string } }>(usage).error.code).toBe('USAGE');
  });

  it('insert into an unknown collection ends with the server error envelope (code, hint, errorNum)', async () => {
    const r = await cli.run(['insert', 'nocoll', '--data', '{"_key":"k"}', '-o', 'json']);
    expect(r.code).toBe(3);
    const lines = r.stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ stopped: 'fatal' });
    expect(JSON.parse(lines[1]!)).toMatchObject({ error: { code: 'COLLECTION_NOT_FOUND', errorNum: 1203, hint: expect.stringMatching(/collection list/) } });
  });

  it('the target line judges a --url by itself: a GDN host is "gdn" even when the profile is the emulator', async () => {
    // The built-in `local` profile is the emulator; --url points somewhere else (unresolvable).
    const r = await cli.run(['--url', 'play.example.invalid', '--retries', '0', 'fabric', 'list', '-o', 'json']);
    expect(r.code).toBe(8);
    // Named as the user knows it; the api- host is what is called (the error says so).
    expect(r.stderr).toMatch(/^→ gdn https:\/\/play\.example\.invalid · fabric _system$/m);
    expect(r.stderr).toMatch(/cannot reach https:\/\/api-play\.example\.invalid/);
    const local = await cli.run(['fabric', 'list']);
    expect(local.stderr).toMatch(/^→ emulator http:\/\/127\.0\.0\.1:\d+ · fabric _system$/m);
  });

  it('a command-line parse error in JSON mode also prints one USAGE envelope on stdout', async () => {
    for (const args of [['fabric', 'list', '--bogus', '-o', 'json'], ['fabric', 'create', '--json'], ['fabirc', 'list', '-o', 'ndjson']]) {
      const r = await cli.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: /m);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ error: { code: 'USAGE', message: expect.not.stringMatching(/^error:|\n/) } });
    }
    const table = await cli.run(['fabric', 'list', '--bogus']);
    expect(table.code).toBe(2);
    expect(table.stdout).toBe('');
  });

  it('doc get takes --strong as well as --no-strong (strong is the default for spot collections)', async () => {
    expect((await cli.run(['fabric', 'create', 'sp', '--spot-dc', 'us-east', '-q'])).code).toBe(0);
    expect((await cli.run(['collection', 'create', 'acc', '--spot', '--fabric', 'sp', '-q'])).code).toBe(0);
    expect((await cli.run(['insert', 'acc', '--data', '{"_key":"k1"}', '--fabric', 'sp', '-q'])).code).toBe(0);
    const strong = await cli.run(['-v', 'doc', 'get', 'acc', 'k1', '--strong', '--fabric', 'sp']);
    expect(strong.code, strong.stderr).toBe(0);
    expect(strong.stderr).toMatch(/GET \/_fabric\/sp\/_api\/document\/acc\/k1\?strongConsistency=true 200/);
    expect(strong.stderr).toMatch(/^read: strong \(spot region\)$/m);
    const local = await cli.run(['-v', 'doc', 'get', 'acc', 'k1', '--no-strong', '--fabric', 'sp']);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stderr).not.toMatch(/strongConsistency=true/);
    const global = await cli.run(['doc', 'get', 'notes', 'a', '--strong']);
    expect(global.code, global.stderr).toBe(0);
    expect(global.stderr).toMatch(/--strong does not apply/);
  });

  it('insert says "1 document failed", not "1 documents"', async () => {
    const input = cli.file('one-bad.ndjson', '{"_key":"ok1"}\nnot json\n');
    const r = await cli.run(['insert', 'notes', input]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^error: 1 document failed$/m);
  });
});

describe('query errors keep their server details', { timeout: 120_000 }, () => {
  it('a C8QL syntax error: caret on stderr, exit 1, the envelope keeps QUERY_PARSE, 400 and errorNum 1501', async () => {
    const r = await cli.run(['query', 'FOR d IN notes RETRUN d', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\^/);
    expect(jsonOut<{ error: Record<string, unknown> }>(r).error).toMatchObject({ code: 'QUERY_PARSE', httpStatus: 400, errorNum: 1501 });
  });

  it('a query or bind file that cannot be read is a usage error (exit 2) that names it', async () => {
    const q = await cli.run(['query', '-f', '/nonexistent/q.c8ql']);
    expect(q.code).toBe(2);
    expect(q.stderr).toContain('cannot read the query file /nonexistent/q.c8ql: ENOENT');
    const s = await cli.run(['restql', 'save', 'x', '-f', '/nonexistent/q.c8ql']);
    expect(s.code).toBe(2);
    const b = await cli.run(['query', 'RETURN @a', '--bind-file', '/nonexistent/b.json']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('cannot read the bind file /nonexistent/b.json: ENOENT');
  });
});
