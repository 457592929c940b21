// The C8QL engine's public surface: parse/validate, explain, and running a query either
// lazily (openQuery: a row iterator for cursors) or to completion (executeQuery).
import { ErrorNum } from '../../wire/codes.js';
import type { Query } from './ast.js';
import { ExecContext, Guard, type QueryStats, type Warning } from './context.js';
import type { DataSource } from './data-source.js';
import { parseQuery, type ParsedQuery } from './parser.js';
import { runPipeline } from './pipeline.js';
import { QueryError, type Value } from './types.js';

export { QueryError } from './types.js';
export type { QueryStats, Warning } from './context.js';
export type { DataSource } from './data-source.js';
export type { Value } from './types.js';

export interface QueryOptions {
  /** Seconds of execution before the query is killed (410/1500). Default 60. */
  readonly maxRuntime?: number;
  /** Report the rows the last top-level LIMIT saw (stats.fullCount). */
  readonly fullCount?: boolean;
  /** Injected clock in ms (default Date.now) and PRNG in [0, 1) (default Math.random). */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly currentDatabase?: string;
  readonly currentUser?: string;
}

export const DEFAULT_MAX_RUNTIME_S = 60;

/** A parsed query plus the collections it reads and writes once bind parameters are applied. */
export interface PreparedQuery {
  readonly parsed: ParsedQuery;
  readonly bindVars: Readonly<Record<string, Value>>;
  /** Every collection the query touches (reads and writes). */
  readonly collections: readonly string[];
  /** Collections the query modifies. */
  readonly writeCollections: readonly string[];
}

export function parse(query: string): ParsedQuery {
  if (typeof query !== 'string' || query.trim() === '') throw new QueryError(400, ErrorNum.QUERY_EMPTY, 'query is empty');
  return parseQuery(query);
}

/** Parses and checks bind parameters (1551/1552/1553); does not look at the data. */
export function prepare(query: string, bindVars: Readonly<Record<string, unknown>> = {}): PreparedQuery {
  const parsed = parse(query);
  for (const name of parsed.bindParameters) {
    if (!Object.hasOwn(bindVars, name)) {
      throw new QueryError(400, ErrorNum.QUERY_BIND_PARAMETER_MISSING, `no value specified for declared bind parameter '${name}' (while parsing)`);
    }
  }
  for (const name of Object.keys(bindVars)) {
    if (!parsed.bindParameters.has(name)) {
      throw new QueryError(400, ErrorNum.QUERY_BIND_PARAMETER_UNDECLARED, `bind parameter '${name}' was not declared in the query (while parsing)`);
    }
    const v = bindVars[name];
    if (name.startsWith('@') && (typeof v !== 'string' || v === '')) {
      throw new QueryError(400, ErrorNum.QUERY_BIND_PARAMETER_TYPE, `bind parameter '${name}' has an invalid value or type (while parsing)`);
    }
  }
  const resolve = (c: string): string => (c.startsWith('@') ? (bindVars[c] as string) : c);
  const collections = new Set(parsed.collections);
  for (const b of parsed.bindParameters) if (b.startsWith('@')) collections.add(bindVars[b] as string);
  return {
    parsed,
    bindVars: bindVars as Record<string, Value>,
    collections: [...collections],
    writeCollections: [...parsed.writeCollections].map(resolve),
  };
}

export interface RunningQuery {
  /** Rows on demand. A write query has already run (atomically) when this is returned. */
  readonly rows: Iterator<Value>;
  readonly stats: QueryStats;
  readonly warnings: readonly Warning[];
  readonly writes: boolean;
  /** Milliseconds of execution so far (per the injected clock). */
  executionTime(): number;
}

/**
 * Starts a query. Unknown collections → 404/1203 up front. A read query is lazy: rows
 * are computed as `rows.next()` is called. A query with writes runs to completion inside
 * one DataSource transaction first, so its writes are atomic.
 */
export function openQuery(prepared: PreparedQuery, data: DataSource, options: QueryOptions = {}): RunningQuery {
  for (const c of prepared.collections) {
    if (!data.collection(c)) throw new QueryError(404, ErrorNum.COLLECTION_NOT_FOUND, `collection or view not found: ${c}`);
  }
  for (const n of prepared.parsed.names) {
    if (!data.collection(n)) throw new QueryError(400, ErrorNum.QUERY_VARIABLE_NAME_UNKNOWN, `unknown variable '${n}'`);
  }
  const now = options.now ?? Date.now;
  const guard = new Guard(now, (options.maxRuntime ?? DEFAULT_MAX_RUNTIME_S) * 1000);
  const cx = new ExecContext(data, prepared.bindVars, guard, {
    now,
    random: options.random ?? Math.random,
    currentDatabase: options.currentDatabase ?? '_system',
    currentUser: options.currentUser ?? 'root',
  });
  const ast: Query = prepared.parsed.ast;
  const gen = runPipeline(ast, new Map(), cx, true, options.fullCount === true);
  let rows: Iterator<Value>;
  if (prepared.parsed.writes) {
    guard.enter();
    try {
      const all = data.transaction(() => [...iterate(gen)]);
      rows = all[Symbol.iterator]();
    } finally {
      guard.leave();
    }
  } else {
    rows = {
      next(): IteratorResult<Value> {
        guard.enter();
        try {
          return gen.next();
        } finally {
          guard.leave();
        }
      },
    };
  }
  return {
    rows,
    stats: cx.stats,
    warnings: cx.warnings,
    writes: prepared.parsed.writes,
    executionTime: () => guard.elapsed(),
  };
}

function* iterate(gen: Generator<Value>): Generator<Value> {
  yield* gen;
}

export interface QueryResult {
  readonly result: Value[];
  readonly stats: QueryStats;
  readonly warnings: readonly Warning[];
}

/** Runs a query to completion (the case-corpus runner and small callers). */
export function executeQuery(query: string, bindVars: Readonly<Record<string, unknown>>, data: DataSource, options: QueryOptions = {}): QueryResult {
  const running = openQuery(prepare(query, bindVars), data, options);
  const result: Value[] = [];
  for (let r = running.rows.next(); !r.done; r = running.rows.next()) result.push(r.value);
  return { result, stats: running.stats, warnings: running.warnings };
}

export { explainQuery, validateQuery } from './explain.js';
