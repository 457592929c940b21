// C8QL fuzz (specs/verification.md layer 7): random queries from a small grammar and
// token-level mutations of them, through an in-process emulator's cursor route. Every query
// gets a result (201) or a 4xx error envelope, never a 5xx, a dropped connection or a hang
// (client timeout), and the server keeps answering afterwards.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/emulator/handlers/index.js';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { mutateQuery, mutation, query } from './lib/c8ql-gen.js';
import { call, newAgent } from './lib/gdn-ops.js';
import { printReport, runSeed, sized } from './lib/report.js';

const hasCursor = allRoutes.some((r) => r.method === 'POST' && r.path === '/_api/cursor');
const SEED = runSeed(1501);
const HANG_MS = 10_000;

let emu: EmulatorHandle;
const agent = newAgent();
beforeAll(async () => {
  if (!hasCursor) return;
  emu = await startTestEmulator({ seed: SEED });
  const c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'fz' });
  await c.post('/_fabric/_system/_api/document/fz', [
    { _key: 'a', n: 1, s: 'x', arr: [1, 2, [3]] },
    { _key: 'b', n: 2, s: 'y', arr: [] },
    { _key: 'c', n: null, s: 'x', arr: [{ k: 1 }] },
  ]);
});
afterAll(async () => {
  await agent.close();
  await emu?.close();
});

const figures = { queries: 0, ok: 0, errors: 0, errorNums: new Map<number, number>() };

async function runQuery(q: string, bindVars: Record<string, unknown>): Promise<void> {
  const t = { base: emu.url, apiKey: emu.apiKey, fabric: '_system' };
  const r = await call(t, 'POST', '/_api/cursor', { body: { query: q, bindVars, batchSize: 5 }, dispatcher: agent, timeoutMs: HANG_MS });
  figures.queries++;
  const what = `${JSON.stringify(q)} → ${r.status} ${r.error ?? ''} ${JSON.stringify(r.body).slice(0, 200)}`;
  expect(r.status, what).toBeGreaterThan(0); // 0 = timeout or dropped connection
  expect(r.status, what).toBeLessThan(500);
  if (r.status === 201) {
    figures.ok++;
    expect(Array.isArray(r.body.result), what).toBe(true);
    if (r.body.hasMore) {
      const del = await call(t, 'DELETE', `/_api/cursor/${r.body.id}`, { dispatcher: agent });
      expect(del.status, what).toBe(202);
    }
    return;
  }
  figures.errors++;
  expect(r.status, what).toBeGreaterThanOrEqual(400);
  expect(r.body, what).toMatchObject({ error: true, code: r.status });
  expect(typeof r.body.errorNum, what).toBe('number');
  expect(typeof r.body.errorMessage, what).toBe('string');
  figures.errorNums.set(r.body.errorNum, (figures.errorNums.get(r.body.errorNum) ?? 0) + 1);
}

const bindVars = fc.oneof(
  fc.constant({ v: 1, '@c': 'fz' }),
  fc.constant({}),
  fc.constant({ v: [1, 'a', null], '@c': 'nosuchcoll', extra: 1 }),
  fc.constant({ v: { a: 1 }, '@c': 5 }),
);

describe.skipIf(!hasCursor)('C8QL fuzz via the cursor route', () => {
  it('random grammar queries: a result or an error envelope', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(query, bindVars, async (q, b) => runQuery(q, b)),
      { seed: SEED, numRuns: sized(300, 5000) },
    );
  });

  it('mutated queries: a result or an error envelope', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.array(mutation, { minLength: 1, maxLength: 3 }), bindVars, async (q, ms, b) => runQuery(mutateQuery(q, ms), b)),
      { seed: SEED + 1, numRuns: sized(300, 5000) },
    );
  });

  it('hand-picked hostile queries', async () => {
    const hostile = [
      '',
      ' ',
      'RETURN',
      'RETURN ' + '('.repeat(5000) + '1' + ')'.repeat(5000),
      'RETURN ' + '['.repeat(5000) + ']'.repeat(5000),
      'RETURN ' + '1 + '.repeat(20_000) + '1',
      'RETURN "' + 'x'.repeat(100_000) + '"',
      'RETURN "unterminated',
      'RETURN /* unterminated',
      'RETURN @',
      'RETURN @@',
      'FOR d IN @@c RETURN d',
      'RETURN 1e999999',
      'RETURN 0x',
      'RETURN LENGTH(1..1000000)',
      'RETURN REGEX_TEST("aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$")',
      'RETURN JSON_PARSE("' + '['.repeat(3000) + '")',
      'FOR a IN 1..200 FOR b IN 1..200 FOR c IN 1..200 LIMIT 1 RETURN 1',
      'INSERT {} INTO fz INSERT {} INTO fz',
      'RETURN \u0000',
      'RETURN "\\ud800"',
    ];
    for (const q of hostile) await runQuery(q, { '@c': 'fz' });
  }, 120_000);

  it('the server still answers', async () => {
    expect((await api(emu).get('/_admin/ready')).status).toBe(200);
    printReport({
      workload: 'fuzz-c8ql',
      config: 'cursor route',
      seed: SEED,
      anomalies: { '5xx-or-hang': 0 },
      extra: {
        queries: figures.queries,
        results: figures.ok,
        errorEnvelopes: figures.errors,
        errorNums: JSON.stringify(Object.fromEntries([...figures.errorNums].sort(([a], [b]) => a - b))),
      },
    });
  });
});
