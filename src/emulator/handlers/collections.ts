// Collections, reference/gdn-api.md §5. Metadata is shared by every region; a local
// collection is visible only in the region that created it (404/1203 elsewhere).
// Access: creating needs rw on the fabric; reads need ro and changes rw on the collection.
import { requireAccess } from '../auth/access.js';
import { badParameter } from '../errors.js';
import { objectBody, optionalBool, type JsonObject } from '../http/body.js';
import { queryBool } from '../http/query.js';
import { envelope, result, type Route, type RouteContext } from '../http/route.js';
import { runIn, servedBy, servingRegion, strongFlag } from '../regions/routing.js';
import { CollectionStore, illegalName, type CollectionMeta } from '../store/collection-store.js';
import { parseKeyOptions } from '../store/keys.js';

/** The collection `ctx.params.name` as seen from the serving region; 404/1203 when absent. */
export function collectionOf(ctx: RouteContext, param = 'name'): CollectionMeta {
  return ctx.core.collections.require(ctx.fabric, ctx.params[param] ?? '', ctx.region);
}

function globalId(meta: CollectionMeta): string {
  return `${meta.fabric}/${meta.id}`;
}

/** Fields every collection reply shares (GET body, recorded). */
function basics(meta: CollectionMeta): JsonObject {
  return {
    id: meta.id,
    name: meta.name,
    status: 3,
    type: meta.type,
    collectionModel: 'DOC',
    isSpot: meta.isSpot,
    strongConsistency: meta.isSpot,
    isLocal: meta.isLocal,
    hasStream: meta.hasStream,
    waitForSync: meta.waitForSync,
    isSystem: false,
    globallyUniqueId: globalId(meta),
    searchEnabled: false,
  };
}

/** The create / properties / truncate body: basics plus keyOptions and status details. */
function details(meta: CollectionMeta): JsonObject {
  return {
    ...basics(meta),
    statusString: 'loaded',
    cacheEnabled: false,
    objectId: meta.id,
    keyOptions: meta.keys.describe(),
  };
}

// GDN lists system collections unless excludeSystem is set (reference §5.2). We list one
// read-only placeholder, `_collections`, so clients that filter on isSystem see the shape.
const SYSTEM_ENTRIES: readonly JsonObject[] = [{
  id: '1', name: '_collections', status: 3, type: 2, collectionModel: 'DOC', isSpot: false, strongConsistency: false,
  isLocal: true, hasStream: false, waitForSync: false, isSystem: true, globallyUniqueId: '_collections', searchEnabled: false,
}];

function parseType(raw: unknown): 2 | 3 {
  if (raw === undefined || raw === null || raw === 2 || raw === 'document') return 2;
  if (raw === 3 || raw === 'edge') return 3;
  throw badParameter("'type' must be 2 (document) or 3 (edge)");
}

function create(ctx: RouteContext) {
  requireAccess(ctx, 'rw');
  const body = objectBody(ctx.body);
  const name = body.name;
  if (!CollectionStore.isValidName(name)) throw illegalName();
  const isSpot = optionalBool(body, 'isSpot') ?? false;
  const strong = optionalBool(body, 'strongConsistency') ?? false;
  const spot = isSpot || strong;
  const isLocal = optionalBool(body, 'isLocal') ?? false;
  if (spot && isLocal) throw badParameter('a collection can either be spot (strongConsistency) or local, not both');
  if (spot && ctx.core.fabrics.require(ctx.fabric).spotDc === '') {
    throw badParameter(`fabric '${ctx.fabric}' has no spot region; recreate it with a spotDc`);
  }
  const meta = ctx.core.collections.create(ctx.fabric, ctx.region, {
    name,
    type: parseType(body.type),
    isSpot: spot,
    isLocal,
    keyOptions: parseKeyOptions(body.keyOptions),
    waitForSync: optionalBool(body, 'waitForSync') ?? false,
    hasStream: optionalBool(body, 'stream') ?? optionalBool(body, 'hasStream') ?? false,
  });
  return envelope(200, details(meta));
}

async function count(ctx: RouteContext) {
  const meta = collectionOf(ctx);
  requireAccess(ctx, 'ro', meta.name);
  const region = servingRegion(ctx, meta, 'read', strongFlag(ctx));
  const n = await runIn(ctx, region, () => ctx.core.documents.count(region, meta));
  return { ...envelope(200, { ...basics(meta), count: n }), headers: servedBy(ctx, region) };
}

function figures(ctx: RouteContext) {
  const meta = collectionOf(ctx);
  requireAccess(ctx, 'ro', meta.name);
  const docs = ctx.core.documents;
  return envelope(200, {
    ...details(meta),
    collectionModel: 0,
    count: docs.count(ctx.region, meta),
    figures: {
      indexes: { count: 1, size: 0 },
      viewIndexes: { count: 0, size: 0 },
      documentsSize: docs.documentsSize(ctx.region, meta),
      cacheInUse: false,
      cacheSize: 0,
      cacheUsage: 0,
    },
  });
}

function setProperties(ctx: RouteContext) {
  const meta = collectionOf(ctx);
  requireAccess(ctx, 'rw', meta.name);
  const body = objectBody(ctx.body, true);
  ctx.core.collections.setProperties(meta, optionalBool(body, 'waitForSync') ?? meta.waitForSync,
    optionalBool(body, 'hasStream') ?? meta.hasStream);
  return envelope(200, details(meta));
}

function rename(ctx: RouteContext) {
  const meta = collectionOf(ctx);
  requireAccess(ctx, 'rw', meta.name);
  const to = objectBody(ctx.body).name;
  if (!CollectionStore.isValidName(to)) throw illegalName();
  if (to === meta.name) return envelope(200, details(meta));
  const docs = ctx.core.documents;
  const next = ctx.core.collections.rename(meta, to, (f, a, b) => docs.moveCollection(f, a, b));
  return envelope(200, details(next));
}

export const collectionRoutes: Route[] = [
  { method: 'POST', path: '/_api/collection', scope: 'fabric', handler: create },
  {
    method: 'GET',
    path: '/_api/collection',
    scope: 'fabric',
    handler(ctx) {
      requireAccess(ctx, 'ro');
      const user = ctx.core.collections.list(ctx.fabric, ctx.region).map(basics);
      return result(200, queryBool(ctx.query, 'excludeSystem', false) ? user : [...user, ...SYSTEM_ENTRIES]);
    },
  },
  {
    method: 'GET',
    path: '/_api/collection/:name',
    scope: 'fabric',
    handler(ctx) {
      const meta = collectionOf(ctx);
      requireAccess(ctx, 'ro', meta.name);
      return envelope(200, basics(meta));
    },
  },
  {
    method: 'GET',
    path: '/_api/collection/:name/properties',
    scope: 'fabric',
    handler(ctx) {
      const meta = collectionOf(ctx);
      requireAccess(ctx, 'ro', meta.name);
      return envelope(200, details(meta));
    },
  },
  { method: 'PUT', path: '/_api/collection/:name/properties', scope: 'fabric', handler: setProperties },
  { method: 'GET', path: '/_api/collection/:name/count', scope: 'fabric', handler: count },
  { method: 'GET', path: '/_api/collection/:name/figures', scope: 'fabric', handler: figures },
  {
    method: 'PUT',
    path: '/_api/collection/:name/truncate',
    scope: 'fabric',
    handler(ctx) {
      const meta = collectionOf(ctx);
      requireAccess(ctx, 'rw', meta.name);
      ctx.core.collections.truncate(meta);
      return envelope(200, details(meta));
    },
  },
  { method: 'PUT', path: '/_api/collection/:name/rename', scope: 'fabric', handler: rename },
  {
    method: 'DELETE',
    path: '/_api/collection/:name',
    scope: 'fabric',
    handler(ctx) {
      const meta = collectionOf(ctx);
      requireAccess(ctx, 'rw', meta.name);
      ctx.core.collections.drop(meta);
      return envelope(200, { id: meta.id });
    },
  },
];
