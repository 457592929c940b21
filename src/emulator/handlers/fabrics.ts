// Fabrics (GeoFabrics = databases), reference/gdn-api.md §4. Create and drop are
// only allowed from `_system` (403/1230, as recorded); the caller needs rw on `_system`.
import { ErrorNum } from '../../wire/codes.js';
import { requireAccess, requireAdmin, requirePrincipal } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';
import { badParameter, forbidden, GdnError, systemOnly } from '../errors.js';
import { isObject, objectBody, type JsonObject } from '../http/body.js';
import { result, type Route, type RouteContext } from '../http/route.js';
import { FabricStore, SYSTEM_FABRIC, type Fabric } from '../store/fabric-store.js';

/** The `result` of database/current and database/metadata, shaped like recorded GDN replies. */
export function fabricDetails(ctx: RouteContext, f: Fabric): Record<string, unknown> {
  const tenant = ctx.core.auth.tenant;
  return {
    name: f.name,
    isSystem: f.name === SYSTEM_FABRIC,
    options: {
      associated_regions: [...f.dcList],
      clusters: [...f.dcList],
      dcList: f.dcList.join(','),
      dynamo_local_tables: false,
      metadata: f.metadata,
      name: `${tenant}.${f.name}`,
      realTime: true,
      spotDc: f.spotDc,
      status: 'available',
      tenant,
    },
  };
}

function unknownRegion(ctx: RouteContext, value: string): GdnError {
  return badParameter(`unknown region '${value}'; valid regions: ${ctx.core.regions.names.join(', ')}`);
}

/** dcList as a comma string or an array of names / host-like names; empty → the serving region. */
function parseDcList(ctx: RouteContext, raw: unknown): string[] {
  let items: unknown[];
  if (raw === undefined || raw === null) items = [];
  else if (typeof raw === 'string') items = raw.split(',');
  else if (Array.isArray(raw)) items = raw;
  else throw badParameter("'options.dcList' must be a comma-separated string or an array of region names");
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw badParameter("'options.dcList' must contain region names");
    if (item.trim() === '') continue;
    const name = ctx.core.regions.normalize(item);
    if (name === undefined) throw unknownRegion(ctx, item.trim());
    if (!out.includes(name)) out.push(name);
  }
  return out.length > 0 ? out : [ctx.region];
}

function spotCapableRegion(ctx: RouteContext, value: string): string {
  const name = ctx.core.regions.normalize(value);
  if (name === undefined) throw unknownRegion(ctx, value);
  if (!ctx.core.regions.get(name)!.spotCapable) {
    const capable = ctx.core.regions.list.filter((r) => r.spotCapable).map((r) => r.name);
    throw badParameter(`region '${name}' is not spot-capable; spot-capable regions: ${capable.join(', ') || '(none)'}`);
  }
  return name;
}

/** Users named in `users`: ids (or emails) as strings, or the older `{username}` form. */
function parseUsers(ctx: RouteContext, raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badParameter("'users' must be an array");
  return raw.map((u) => {
    const name = typeof u === 'string' ? u : isObject(u) && typeof u.username === 'string' ? u.username : undefined;
    if (name === undefined) throw badParameter("'users' entries must be user names");
    const user = ctx.core.auth.getUser(name) ?? ctx.core.auth.listUsers().find((x) => x.email === name);
    if (!user) throw new GdnError(404, ErrorNum.USER_NOT_FOUND, `user not found: '${name}'`);
    return user.user;
  });
}

function parseMetadata(raw: unknown, field: string): JsonObject | null {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) throw badParameter(`'${field}' must be an object`);
  return raw;
}

function requireSystemRw(ctx: RouteContext): Principal {
  if (ctx.fabric !== SYSTEM_FABRIC) throw systemOnly();
  requireAccess(ctx, 'rw');
  return requirePrincipal(ctx);
}

function requireVisible(ctx: RouteContext): void {
  if (!ctx.core.auth.canSee(requirePrincipal(ctx), ctx.fabric)) throw forbidden();
}

function createFabric(ctx: RouteContext): Fabric {
  const p = requireSystemRw(ctx);
  const body = objectBody(ctx.body);
  const name = body.name;
  // An existing name (including `_system`) is a duplicate before it is a bad name.
  if (typeof name === 'string') ctx.core.fabrics.assertAbsent(name);
  if (typeof name !== 'string' || !FabricStore.isValidName(name)) {
    throw new GdnError(400, ErrorNum.DATABASE_NAME_INVALID, 'database name invalid');
  }
  const options = body.options === undefined || body.options === null ? {} : body.options;
  if (!isObject(options)) throw badParameter("'options' must be an object");
  let dcList = parseDcList(ctx, options.dcList);
  let spotDc: string;
  if (options.spotDc === undefined || options.spotDc === null) {
    // Absent: GDN picks a spot-capable region of the list; we take the first one.
    spotDc = dcList.find((r) => ctx.core.regions.get(r)!.spotCapable) ?? '';
  } else if (typeof options.spotDc !== 'string') {
    throw badParameter("'options.spotDc' must be a region name");
  } else if (options.spotDc.trim() === '') {
    spotDc = '';
  } else {
    spotDc = spotCapableRegion(ctx, options.spotDc);
    // The spot region must hold a replica, so it joins the list when missing.
    if (!dcList.includes(spotDc)) dcList = [...dcList, spotDc];
  }
  const metadata = parseMetadata(options.metadata, 'options.metadata');
  const users = parseUsers(ctx, body.users);
  const auth = ctx.core.auth;
  return ctx.core.db.transaction(() => {
    const f = ctx.core.fabrics.create({ name, dcList, spotDc, metadata });
    for (const u of users) auth.setGrant('user', u, name, '', 'rw');
    // Our choice (GDN behaviour unconfirmed): a non-admin creator gets rw on its fabric.
    if (!p.admin) auth.setGrant(p.kind, p.id, name, '', 'rw');
    return f;
  })();
}

export const fabricRoutes: Route[] = [
  {
    method: 'POST',
    path: '/_api/database',
    scope: 'fabric',
    handler: (ctx) => {
      createFabric(ctx);
      return result(201, true);
    },
  },
  {
    method: 'GET',
    path: '/_api/database',
    scope: 'fabric',
    handler: (ctx) => {
      if (ctx.fabric !== SYSTEM_FABRIC) throw systemOnly();
      requireAccess(ctx, 'ro');
      return result(200, ctx.core.fabrics.list().map((f) => f.name));
    },
  },
  {
    method: 'GET',
    path: '/_api/database/user',
    scope: 'fabric',
    handler: (ctx) => {
      const p = requirePrincipal(ctx);
      const visible = ctx.core.fabrics.list().filter((f) => ctx.core.auth.canSee(p, f.name));
      return result(200, visible.map((f) => fabricDetails(ctx, f)));
    },
  },
  {
    method: 'GET',
    path: '/_api/database/current',
    scope: 'fabric',
    handler: (ctx) => {
      requireVisible(ctx);
      return result(200, fabricDetails(ctx, ctx.core.fabrics.require(ctx.fabric)));
    },
  },
  {
    method: 'GET',
    path: '/_api/database/metadata',
    scope: 'fabric',
    handler: (ctx) => {
      requireVisible(ctx);
      return result(200, fabricDetails(ctx, ctx.core.fabrics.require(ctx.fabric)));
    },
  },
  {
    method: 'PUT',
    path: '/_api/database/metadata',
    scope: 'fabric',
    handler: (ctx) => {
      requireAccess(ctx, 'rw');
      const metadata = parseMetadata(objectBody(ctx.body).metadata, 'metadata');
      ctx.core.fabrics.setMetadata(ctx.fabric, metadata);
      return result(201, true);
    },
  },
  {
    method: 'PATCH',
    path: '/_api/database/metadata',
    scope: 'fabric',
    handler: (ctx) => {
      requireAccess(ctx, 'rw');
      const patch = parseMetadata(objectBody(ctx.body).metadata, 'metadata') ?? {};
      const current = ctx.core.fabrics.require(ctx.fabric).metadata ?? {};
      ctx.core.fabrics.setMetadata(ctx.fabric, { ...current, ...patch });
      return result(201, true);
    },
  },
  {
    method: 'DELETE',
    path: '/_api/database/:name',
    scope: 'fabric',
    handler: (ctx) => {
      requireSystemRw(ctx);
      const name = ctx.params.name ?? '';
      if (name === SYSTEM_FABRIC) throw forbidden();
      ctx.core.fabrics.drop(name);
      return result(200, true);
    },
  },
  {
    // Spot-region change (UNCONFIRMED path, pyC8/jsC8 use it): admin only.
    method: 'PUT',
    path: '/_api/database/:dc',
    scope: 'fabric',
    handler: (ctx) => {
      requireAdmin(ctx);
      const spotDc = spotCapableRegion(ctx, ctx.params.dc ?? '');
      ctx.core.fabrics.setSpotDc(ctx.fabric, spotDc);
      return result(200, true);
    },
  },
];
