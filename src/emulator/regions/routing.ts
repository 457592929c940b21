// Seam functions for "which region executes or serves this operation", used by the
// document, collection and cursor handlers (specs/emulator.md §4):
//
//   const region = servingRegion(ctx, placement, 'write', strongFlag(ctx));
//   if (!placement.isSpot) assertGlobalWritable(ctx.core, region);       // writes only
//   const result = await runIn(ctx, region, () => store.doWrite(region, …));   // one transaction
//   return { ...reply, headers: servedBy(ctx, region) };
//
//  * Spot collection: writes run at the fabric's spot region; reads too when flagged
//    (`strongConsistency=true`) or when the emulator runs with spotReads 'always';
//    otherwise the entry region's replica answers (maybe stale).
//  * Global collection: everything runs at the entry region; the flag is an invalid
//    request there (400/10, GDN's consistency table).
//  * Local collection: the entry region (existence elsewhere is the store's 404/1203).
//  * runIn() pays the simulated round trip when the region is not the entry one and
//    maps faults to 503/1478 or 504/1457 (spot-router.ts).
import { ErrorNum } from '../../wire/codes.js';
import type { EmulatorCore } from '../core.js';
import { badParameter, GdnError } from '../errors.js';
import { queryBool } from '../http/query.js';
import type { RouteContext } from '../http/route.js';

export interface Placement {
  readonly isSpot: boolean;
  readonly isLocal: boolean;
}

export type Access = 'read' | 'write';

/** On a routed reply, the region the request entered at (x-gdn-region then names the spot region). */
export const ENTRY_REGION_HEADER = 'x-c8spot-entry-region';

/**
 * The strongConsistency flag of a request: the query string (document calls), or for
 * cursors also the body root or `options` (specs/emulator.md §2). undefined when absent.
 */
export function strongFlag(ctx: Pick<RouteContext, 'query' | 'body'>): boolean | undefined {
  if (ctx.query.strongConsistency !== undefined) return queryBool(ctx.query, 'strongConsistency', false);
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const root = (body as Record<string, unknown>).strongConsistency;
  const options = (body as Record<string, unknown>).options;
  const nested = typeof options === 'object' && options !== null ? (options as Record<string, unknown>).strongConsistency : undefined;
  const v = root ?? nested;
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw badParameter("'strongConsistency' must be a boolean");
  return v;
}

/** The region that must run an operation on a collection of ctx.fabric entering at ctx.region. */
export function servingRegion(ctx: Pick<RouteContext, 'core' | 'fabric' | 'region'>, placement: Placement, access: Access, strong: boolean | undefined): string {
  if (strong === true && !placement.isSpot) {
    throw badParameter('strongConsistency is only valid on a strongly consistent (spot) collection');
  }
  if (!placement.isSpot) return ctx.region;
  const spot = ctx.core.fabrics.require(ctx.fabric).spotDc;
  if (spot === '') throw badParameter(`fabric '${ctx.fabric}' has no spot region; recreate it with a spotDc`);
  if (access === 'write') {
    // Negative control for the consistency checkers (options.debugPlantBug, tests only).
    return ctx.core.options.debugPlantBug === 'spot-local-write' ? ctx.region : spot;
  }
  const strongRead = strong ?? ctx.core.options.spotReads === 'always';
  return strongRead ? spot : ctx.region;
}

export interface QueryCollection extends Placement {
  /** Whether the query writes it (INSERT/UPDATE/REPLACE/REMOVE/UPSERT … IN it). */
  readonly written: boolean;
}

/**
 * The region that runs a whole C8QL query (one transaction there): the fabric's spot
 * region when the query writes a spot collection, or is flagged, or reads a spot
 * collection under spotReads 'always'; else the entry region. The flag on a query
 * whose collections are all global → 400/10, like on a document call.
 */
export function queryRegion(ctx: Pick<RouteContext, 'core' | 'fabric' | 'region'>, collections: readonly QueryCollection[], strong: boolean | undefined): string {
  const spotOnes = collections.filter((c) => c.isSpot);
  if (strong === true && collections.length > 0 && spotOnes.length === 0) {
    throw badParameter('strongConsistency is only valid on a query over a strongly consistent (spot) collection');
  }
  const atSpot =
    spotOnes.some((c) => c.written) || (spotOnes.length > 0 && (strong ?? ctx.core.options.spotReads === 'always'));
  if (!atSpot) return ctx.region;
  return servingRegion(ctx, { isSpot: true, isLocal: false }, spotOnes.some((c) => c.written) ? 'write' : 'read', true);
}

/**
 * Runs `work` in `region` for the request: at once when it is the entry region, else
 * over the links (round trip; 503/1478 when the region is down, 504/1457 on timeout).
 * `work` must do all its storage work synchronously (one transaction).
 */
export async function runIn<T>(ctx: Pick<RouteContext, 'core' | 'region' | 'signal'>, region: string, work: () => T): Promise<T> {
  assertRegionUp(ctx.core, ctx.region);
  return ctx.core.network.spot.run(ctx.region, region, work, ctx.signal);
}

/** A region taken down by a fault serves nothing, even through the global URL or Host routing. */
export function assertRegionUp(core: EmulatorCore, region: string): void {
  if (core.network.faults.isDown(region)) {
    throw new GdnError(503, ErrorNum.CLUSTER_BACKEND_UNAVAILABLE, `region '${region}' is unavailable`);
  }
}

/** Global-collection writes in `region` fail with 503/1004 while its replication backlog is over --max-backlog. */
export function assertGlobalWritable(core: EmulatorCore, region: string): void {
  core.network.replicator?.assertWritable(region);
}

/**
 * Reply headers for an operation executed in `region`: `x-gdn-region` names the region
 * that served the reply (the server's default is the entry region; a handler's headers
 * override it), and a routed reply also names the entry region.
 */
export function servedBy(ctx: Pick<RouteContext, 'region'>, region: string): Record<string, string> {
  return region === ctx.region ? { 'x-gdn-region': region } : { 'x-gdn-region': region, [ENTRY_REGION_HEADER]: ctx.region };
}
