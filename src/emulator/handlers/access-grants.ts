// Fabric and collection access levels of API keys and users (reference §2.6), one
// implementation for both principal kinds (keys.ts and users.ts mount it under their prefix):
//   {prefix}/database[/{fabric}[/collection[/{collection}]]]  GET, PUT {"grant"}, DELETE
// Keys answer `result: <level>`; users answer `{"<fabric>": level}` / `{"<f>/<c>": level}`
// as [SPEC] draws them. GET levels are effective levels (with the fallback applied).
import { ErrorNum } from '../../wire/codes.js';
import { requirePrincipal } from '../auth/access.js';
import { isAccessLevel, type AccessLevel, type Principal, type PrincipalKind } from '../auth/principal.js';
import { badParameter, forbidden, GdnError } from '../errors.js';
import { objectBody } from '../http/body.js';
import { envelope, result, type Route, type RouteContext } from '../http/route.js';

interface Target {
  readonly kind: PrincipalKind;
  readonly id: string;
}

/**
 * Keys and users share one rule for reading a principal's own records (its key or user
 * record, its grants): the admin may read anyone's, others only their own. Writes are
 * the admin's alone.
 */
export function requireSelfOrAdmin(ctx: RouteContext, kind: PrincipalKind, id: string, write = false): Principal {
  const p = requirePrincipal(ctx);
  const self = p.kind === kind && p.id === id;
  if (!p.admin && (write || !self)) throw forbidden();
  return p;
}

function target(ctx: RouteContext, kind: PrincipalKind, write: boolean): Target {
  const id = ctx.params.id ?? '';
  requireSelfOrAdmin(ctx, kind, id, write);
  if (!ctx.core.auth.exists(kind, id)) {
    throw kind === 'key' ? new GdnError(404, ErrorNum.API_KEY_ID_INVALID) : new GdnError(404, ErrorNum.USER_NOT_FOUND);
  }
  return { kind, id };
}

function fabricParam(ctx: RouteContext): string {
  const f = ctx.params.db ?? '';
  ctx.core.fabrics.require(f);
  return f;
}

function grantBody(ctx: RouteContext): AccessLevel {
  const grant = objectBody(ctx.body).grant;
  if (!isAccessLevel(grant)) throw badParameter("'grant' must be one of rw, ro, none");
  return grant;
}

function asPrincipal(ctx: RouteContext, t: Target): Principal {
  return { ...t, tenant: ctx.core.auth.tenant, admin: ctx.core.auth.isAdmin(t.kind, t.id) };
}

export function grantRoutes(kind: PrincipalKind, prefix: string): Route[] {
  const base = `${prefix}/:id/database`;
  return [
    {
      method: 'GET',
      path: base,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, false);
        const p = asPrincipal(ctx, t);
        const out: Record<string, AccessLevel> = {};
        for (const f of ctx.core.fabrics.list()) out[f.name] = ctx.core.auth.level(p, f.name);
        return result(200, out);
      },
    },
    {
      method: 'GET',
      path: `${base}/:db`,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, false);
        return result(200, ctx.core.auth.level(asPrincipal(ctx, t), fabricParam(ctx)));
      },
    },
    {
      method: 'PUT',
      path: `${base}/:db`,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, true);
        const fabric = fabricParam(ctx);
        const grant = grantBody(ctx);
        ctx.core.auth.setGrant(t.kind, t.id, fabric, '', grant);
        return kind === 'key' ? result(200, grant) : envelope(200, { [fabric]: grant });
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:db`,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, true);
        ctx.core.auth.clearGrant(t.kind, t.id, fabricParam(ctx), '');
        return envelope(202);
      },
    },
    {
      method: 'GET',
      path: `${base}/:db/collection`,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, false);
        const fabric = fabricParam(ctx);
        const out: Record<string, AccessLevel> = {};
        for (const g of ctx.core.auth.grantsOf(t.kind, t.id)) {
          if (g.fabric === fabric && g.collection !== '') out[g.collection] = g.level;
        }
        return result(200, out);
      },
    },
    {
      method: 'GET',
      path: `${base}/:db/collection/:collection`,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, false);
        return result(200, ctx.core.auth.level(asPrincipal(ctx, t), fabricParam(ctx), ctx.params.collection ?? ''));
      },
    },
    {
      method: 'PUT',
      path: `${base}/:db/collection/:collection`,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, true);
        const fabric = fabricParam(ctx);
        const collection = ctx.params.collection ?? '';
        const grant = grantBody(ctx);
        ctx.core.auth.setGrant(t.kind, t.id, fabric, collection, grant);
        return kind === 'key' ? result(200, grant) : envelope(200, { [`${fabric}/${collection}`]: grant });
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:db/collection/:collection`,
      scope: 'global',
      handler: (ctx) => {
        const t = target(ctx, kind, true);
        ctx.core.auth.clearGrant(t.kind, t.id, fabricParam(ctx), ctx.params.collection ?? '');
        return envelope(202);
      },
    },
  ];
}
