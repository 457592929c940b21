// C8QL fuzz (specs/verification.md layer 7): random queries from a small grammar and
// token-level mutations of them, (1) directly against the engine's executeQuery() over an
// in-memory data source: a result or a QueryError (with status and errorNum), never another
// exception; (2) through an in-process emulator's cursor route: a result (201) or a 4xx error
// envelope, never a 5xx, a dropped connection or a hang (client timeout), and the server keeps
// answering afterwards.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource, WriteResult } from '../../src/emulator/c8ql/data-source.js';
import { QueryError, type Doc, type Value } from '../../src/emulator/c8ql/types.js';
import { parseQuery } from '../../src/emulator/c8ql/parser.js';
import { executeQuery } from '../../src/emulator/c8ql/index.js';
import { api, startTestEmulator, type EmulatorHandle } from '../helpers/emulator.js';
import { mutateQuery, mutation, query } from './lib/c8ql-gen.js';
import { call, newAgent } from './lib/gdn-ops.js';
import { printReport, runSeed, sized } from './lib/report.js';

const SEED = runSeed(1501);
const HANG_MS = 10_000;

let emu: EmulatorHandle;
const agent = newAgent();
beforeAll(async () => {
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

// ---- parser ----

describe('C8QL fuzz against the parser', () => {
  it('grammar and mutated queries: an AST or a QueryError (4xx), never another exception', { timeout: 60_000 }, () => {
    const figures = { parsed: 0, syntaxErrors: 0 };
    fc.assert(
      fc.property(query, fc.array(mutation, { maxLength: 3 }), (q, ms) => {
        const text = ms.length ? mutateQuery(q, ms) : q;
        try {
          parseQuery(text);
          figures.parsed++;
        } catch (err) {
          if (!(err instanceof QueryError)) throw new Error(`parser crashed on ${JSON.stringify(text)}: ${String(err)}`, { cause: err });
          expect(err.status, text).toBeGreaterThanOrEqual(400);
          expect(err.status, text).toBeLessThan(500);
          figures.syntaxErrors++;
        }
      }),
      { seed: SEED + 3, numRuns: sized(2000, 30_000) },
    );
    printReport({ workload: 'fuzz-c8ql', config: 'parser', seed: SEED + 3, anomalies: { crashes: 0 }, extra: figures });
  });

  // Depth bombs: the parser must refuse them with a QueryError (specs/c8ql.md: a guard
  // bounds nesting depth), not overflow the stack.
  it('deep nesting of any construct is a QueryError, not a stack overflow', () => {
    const bombs = [
      'RETURN ' + '('.repeat(20_000) + '1' + ')'.repeat(20_000),
      'RETURN ' + '['.repeat(20_000),
      'RETURN ' + '{a:'.repeat(20_000),
      'RETURN ' + '-'.repeat(50_000) + '1',
      'RETURN ' + 'NOT '.repeat(50_000) + 'true',
      'RETURN 1' + ' ? 1 : 1'.repeat(50_000),
      'RETURN ' + 'LENGTH('.repeat(20_000),
      '/*',
      '"\\',
      '@@',
      '\u0000',
    ];
    for (const text of bombs) {
      try {
        parseQuery(text);
      } catch (err) {
        if (!(err instanceof QueryError)) throw new Error(`parser crashed on ${JSON.stringify(text.slice(0, 40))}…: ${String(err)}`, { cause: err });
      }
    }
  });
});

// ---- direct engine ----

/** A minimal in-memory DataSource (data-source.ts allows tests one): key order, no revisions. */
function memoryData(initial: Record<string, Doc[]>): DataSource {
  const colls = new Map(Object.entries(initial).map(([name, docs]) => [name, new Map(docs.map((d) => [String(d._key), d]))]));
  const need = (c: string): Map<string, Doc> => {
    const m = colls.get(c);
    if (!m) throw new QueryError(404, 1203, `collection or view not found: ${c}`);
    return m;
  };
  const sorted = (m: Map<string, Doc>): string[] => [...m.keys()].sort();
  let next = 1;
  const put = (c: string, key: string, doc: Doc, old: Doc | null): WriteResult => {
    const stored = { ...doc, _key: key, _id: `${c}/${key}`, _rev: String(next++) };
    need(c).set(key, stored);
    return { new: stored, old };
  };
  const existing = (c: string, key: string): Doc => {
    const d = need(c).get(key);
    if (!d) throw new QueryError(404, 1202, 'document not found');
    return d;
  };
  return {
    collection: (name) => (colls.has(name) ? { name, type: 'document', isSpot: false, isLocal: false } : undefined),
    scan: (c, after, limit) => {
      const m = need(c);
      return sorted(m)
        .filter((k) => after === undefined || k > after)
        .slice(0, limit)
        .map((k) => m.get(k)!);
    },
    get: (c, key) => need(c).get(key),
    count: (c) => need(c).size,
    insert: (c, doc) => {
      const key = typeof doc._key === 'string' ? doc._key : String(1000 + next);
      if (need(c).has(key)) throw new QueryError(409, 1210, 'unique constraint violated');
      return put(c, key, doc, null);
    },
    update: (c, key, patch) => {
      const old = existing(c, key);
      return put(c, key, { ...old, ...patch }, old);
    },
    replace: (c, key, doc) => put(c, key, doc, existing(c, key)),
    remove: (c, key) => {
      const old = existing(c, key);
      need(c).delete(key);
      return { new: null, old };
    },
    transaction: (fn) => fn(),
  };
}

/** Consumes whatever executeQuery returns (value, promise, iterator, cursor-like object). */
async function drain(v: unknown, budget = { n: 0 }): Promise<void> {
  const value = await v;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  if (Symbol.asyncIterator in value) {
    for await (const _ of value as AsyncIterable<unknown>) if (++budget.n > 20_000) return;
    return;
  }
  if (Symbol.iterator in value) {
    for (const _ of value as Iterable<unknown>) if (++budget.n > 20_000) return;
    return;
  }
  for (const inner of Object.values(value)) {
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && (Symbol.iterator in inner || Symbol.asyncIterator in inner)) await drain(inner, budget);
  }
}

const engineFigures = { queries: 0, results: 0, queryErrors: 0 };

async function runDirect(q: string, b: Record<string, Value>): Promise<void> {
  const data = memoryData({
    fz: [
      { _key: 'a', n: 1, s: 'x', arr: [1, 2, [3]] },
      { _key: 'b', n: 2, s: 'y', arr: [] },
    ],
  });
  engineFigures.queries++;
  try {
    await drain(executeQuery(q, b, data));
    engineFigures.results++;
  } catch (err) {
    if (!(err instanceof QueryError)) throw new Error(`engine crashed on ${JSON.stringify(q)}: ${String(err)}`, { cause: err });
    expect(err.status, q).toBeGreaterThanOrEqual(400);
    expect(err.status, q).toBeLessThan(500);
    expect(err.errorNum, q).toBeGreaterThan(0);
    engineFigures.queryErrors++;
  }
}

describe('C8QL fuzz against the engine', () => {
  it('grammar and mutated queries: a result or a QueryError, never another exception', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(query, fc.array(mutation, { maxLength: 3 }), bindVars, async (q, ms, b) => runDirect(ms.length ? mutateQuery(q, ms) : q, b as Record<string, Value>)),
      { seed: SEED + 2, numRuns: sized(600, 10_000) },
    );
    printReport({ workload: 'fuzz-c8ql', config: 'engine', seed: SEED + 2, anomalies: { crashes: 0 }, extra: engineFigures });
  });
});

describe('C8QL fuzz via the cursor route', () => {
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
