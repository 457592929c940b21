// The C8QL case corpus (test/c8ql/cases/**/*.json, format in cases/README.md),
// run through the engine's public executeQuery() against a fresh data source per case.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataSource } from '../../src/emulator/c8ql/data-source.js';
import type { Doc, Value } from '../../src/emulator/c8ql/types.js';
import { storeWith, type StoreFixture } from './store-fixture.js';

interface Case {
  readonly name?: string;
  readonly query: string;
  readonly bindVars?: Record<string, Value>;
  readonly data?: Record<string, Doc[]>;
  readonly result?: Value[];
  readonly errorNum?: number;
  readonly warnings?: number;
  readonly pending?: string;
}

const ROOT = fileURLToPath(new URL('./cases', import.meta.url));

function caseFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? caseFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []))
    .sort();
}

function loadCases(file: string): Case[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Case | Case[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

type Engine = {
  executeQuery(query: string, bindVars: Record<string, Value>, data: DataSource): unknown;
};
// The engine is owned by another module; while it is missing every case fails with
// the reason rather than being skipped.
const ENGINE_MODULE = '../../src/emulator/c8ql/index.js';

async function loadEngine(): Promise<Engine | Error> {
  try {
    const mod = (await import(ENGINE_MODULE)) as Partial<Engine>;
    if (typeof mod.executeQuery !== 'function') return new Error(`${ENGINE_MODULE} does not export executeQuery()`);
    return mod as Engine;
  } catch (e) {
    return new Error(`C8QL engine not available: ${String(e)}`);
  }
}

interface Outcome {
  result: Value[];
  warnings: number;
}

/** Accepts the engine's result as an array, an iterable, or {result, warnings | extra.warnings}. */
async function run(engine: Engine, c: Case, ds: DataSource): Promise<Outcome> {
  const out = (await engine.executeQuery(c.query, c.bindVars ?? {}, ds)) as unknown;
  const collect = async (v: unknown): Promise<Value[]> => {
    if (Array.isArray(v)) return v as Value[];
    const rows: Value[] = [];
    if (v && typeof v === 'object' && Symbol.asyncIterator in v) for await (const r of v as AsyncIterable<Value>) rows.push(r);
    else if (v && typeof v === 'object' && Symbol.iterator in v) for (const r of v as Iterable<Value>) rows.push(r);
    else throw new Error(`unexpected executeQuery() result: ${JSON.stringify(v)}`);
    return rows;
  };
  if (out && typeof out === 'object' && 'result' in out) {
    const o = out as { result: unknown; warnings?: unknown[]; extra?: { warnings?: unknown[] } };
    const result = await collect(o.result);
    const warnings = (o.warnings ?? o.extra?.warnings ?? []).length;
    return { result, warnings };
  }
  return { result: await collect(out), warnings: 0 };
}

/** Deep equality where non-integral numbers may differ in the last bits (float summation order). */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    const bo = b as Record<string, unknown>;
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(bo, k) && sameValue((a as Record<string, unknown>)[k], bo[k]));
  }
  return a === b;
}

const engine = await loadEngine();

// A core costs tens of milliseconds, so cases without data share one empty store: with
// no collections in it they can neither read nor write anything another case could see.
let emptyStore: StoreFixture | undefined;
afterAll(async () => {
  await emptyStore?.close();
});

function storeFor(c: Case): { store: StoreFixture; owned: boolean } {
  if (c.data !== undefined && Object.keys(c.data).length > 0) return { store: storeWith(c.data), owned: true };
  emptyStore ??= storeWith({});
  return { store: emptyStore, owned: false };
}

for (const file of caseFiles(ROOT)) {
  describe(relative(ROOT, file), () => {
    loadCases(file).forEach((c, i) => {
      const title = `${i + 1}: ${c.name ?? c.query}`;
      if (c.pending !== undefined) {
        it.skip(`${title} (pending: ${c.pending})`, () => {});
        return;
      }
      it(title, async () => {
        if (engine instanceof Error) throw engine;
        const { store, owned } = storeFor(c);
        try {
          if (c.errorNum !== undefined) {
            const err = await run(engine, c, store.ds).then(
              (o) => new Error(`expected error ${c.errorNum}, got result ${JSON.stringify(o.result)}`),
              (e: unknown) => e,
            );
            expect((err as { errorNum?: unknown }).errorNum, String(err)).toBe(c.errorNum);
            return;
          }
          const out = await run(engine, c, store.ds);
          if (!sameValue(out.result, c.result)) expect(out.result).toEqual(c.result);
          expect(out.warnings, 'warnings').toBe(c.warnings ?? 0);
        } finally {
          if (owned) await store.close();
        }
      });
    });
  });
}
