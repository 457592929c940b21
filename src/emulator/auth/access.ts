// Access checks for handlers. Resolution order, per reference §2.6: the collection's
// grant, then the fabric's default collection grant ('*'), then the fabric grant.
import type { RouteContext } from '../http/route.js';
import { forbidden, unauthorized } from '../errors.js';
import type { AccessLevel, Principal } from './principal.js';

const RANK: Record<AccessLevel, number> = { none: 0, ro: 1, rw: 2 };

/** The caller, or 401 (only 'open' routes have none). */
export function requirePrincipal(ctx: RouteContext): Principal {
  if (!ctx.principal) throw unauthorized();
  return ctx.principal;
}

/** Throws 403/11 unless the caller has at least `need` on ctx.fabric (or on `collection` in it). */
export function requireAccess(ctx: RouteContext, need: 'ro' | 'rw', collection?: string): void {
  const p = requirePrincipal(ctx);
  const have = ctx.core.auth.level(p, ctx.fabric, collection);
  if (RANK[have] < RANK[need]) throw forbidden();
}

/** Throws 403/11 unless the caller is the tenant admin (key and user management). */
export function requireAdmin(ctx: RouteContext): Principal {
  const p = requirePrincipal(ctx);
  if (!p.admin) throw forbidden();
  return p;
}
