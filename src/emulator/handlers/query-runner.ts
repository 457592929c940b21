// Runs a C8QL query for an HTTP request (cursor API and restql execute): bind checks,
// access levels, the ONE place that chooses the executing region (queryRegion: a query
// writing a spot collection, or flagged strongConsistency, runs at the spot region),
// then the first batch and, while rows remain, a registered cursor.
import { openQuery, prepare, QueryError, type PreparedQuery, type RunningQuery } from '../c8ql/index.js';
import type { Value } from '../c8ql/types.js';
import { requireAccess } from '../auth/access.js';
import { GdnError } from '../errors.js';
import { isObject, type JsonObject } from '../http/body.js';
import type { RouteContext } from '../http/route.js';
import { queryRegion, runIn, type QueryCollection } from '../regions/routing.js';
import type { Batch } from '../store/cursor-registry.js';
import { createQueryDataSource } from '../store/query-data-source.js';
import { openPlainScan, plainScanOf } from './query-scan.js';

export const MAX_BATCH_SIZE = 1000;
export const DEFAULT_TTL_S = 30;

export interface RunRequest {
  readonly query: string;
  readonly bindVars: Record<string, unknown>;
  readonly batchSize: number;
  readonly ttlS: number;
  readonly count: boolean;
  readonly fullCount: boolean;
  readonly maxRuntimeS: number | undefined;
  readonly strong: boolean | undefined;
}

/** QueryError → the GDN envelope error; anything else passes through. */
export function asGdnError(e: unknown): unknown {
  if (e instanceof QueryError) return new GdnError(e.status, e.errorNum, e.message);
  return e;
}

/** An option read from `options` or from the body root (pyC8 and jsC8 put them in either place). */
export function option(body: JsonObject, name: string): unknown {
  const opts = isObject(body.options) ? body.options : {};
  return opts[name] ?? body[name];
}

/** ro on every collection the query reads, rw on those it writes (403 otherwise). */
export function checkAccess(ctx: RouteContext, prepared: PreparedQuery): void {
  const writes = new Set(prepared.writeCollections);
  // A query with no collection still needs read access to the fabric.
  if (prepared.collections.length === 0) requireAccess(ctx, 'ro');
  for (const c of prepared.collections) requireAccess(ctx, writes.has(c) ? 'rw' : 'ro', c);
}

function placements(ctx: RouteContext, prepared: PreparedQuery): QueryCollection[] {
  const ds = createQueryDataSource(ctx.core, ctx.region, ctx.fabric);
  const out: QueryCollection[] = [];
  for (const name of prepared.collections) {
    const info = ds.collection(name);
    if (info) out.push({ isSpot: info.isSpot, isLocal: info.isLocal, written: prepared.writeCollections.includes(name) });
  }
  return out;
}

export interface Started {
  readonly running: RunningQuery;
  /** Rows already computed (all of them for write queries, remote regions, count and fullCount). */
  readonly buffer: Value[];
  readonly count: number | undefined;
}

/** Prepares, checks access, picks the region and opens the query there. */
export async function startQuery(ctx: RouteContext, req: RunRequest): Promise<Started> {
  try {
    const prepared = prepare(req.query, req.bindVars);
    checkAccess(ctx, prepared);
    const region = queryRegion(ctx, placements(ctx, prepared), req.strong);
    const options = {
      fullCount: req.fullCount,
      now: () => ctx.core.clock.now(),
      random: ctx.core.random,
      currentDatabase: ctx.fabric,
      currentUser: ctx.principal?.id ?? 'root',
      ...(req.maxRuntimeS !== undefined ? { maxRuntime: req.maxRuntimeS } : {}),
    };
    // Everything must be known up front when the query runs in another region (one round
    // trip), or when the client wants the total (count) or fullCount.
    const materialise = region !== ctx.region || req.count || req.fullCount;
    // `FOR d IN c RETURN d` streams the stored texts (query-scan.ts) unless a runtime limit or fullCount asks for the engine.
    const plain = req.maxRuntimeS === undefined && !req.fullCount ? plainScanOf(prepared) : undefined;
    const open = (): Started => {
      const running =
        (plain !== undefined ? openPlainScan(ctx.core, region, ctx.fabric, plain, options.now) : undefined) ??
        openQuery(prepared, createQueryDataSource(ctx.core, region, ctx.fabric), options);
      const buffer: Value[] = [];
      if (materialise) for (let r = running.rows.next(); !r.done; r = running.rows.next()) buffer.push(r.value);
      return { running, buffer, count: req.count ? buffer.length : undefined };
    };
    return region === ctx.region ? open() : await runIn(ctx, region, open);
  } catch (e) {
    throw asGdnError(e);
  }
}

/** The cursor reply body fields (without error/code), shaped like GDN's [CAS] replies. */
export function batchFields(running: RunningQuery, batch: Batch, id: string | undefined, count: number | undefined): Record<string, unknown> {
  const s = running.stats;
  const stats: Record<string, unknown> = {
    writesExecuted: s.writesExecuted,
    writesIgnored: s.writesIgnored,
    scannedFull: s.scannedFull,
    scannedIndex: s.scannedIndex,
    filtered: s.filtered,
    httpRequests: 0,
    executionTime: running.executionTime() / 1000,
    peakMemoryUsage: 0,
  };
  if (s.fullCount !== undefined) stats.fullCount = s.fullCount;
  return {
    result: batch.result,
    hasMore: batch.hasMore,
    ...(id !== undefined ? { id } : {}),
    ...(count !== undefined ? { count } : {}),
    extra: { stats, warnings: running.warnings },
    cached: false,
  };
}
