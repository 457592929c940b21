// Users of the tenant (reference/gdn-api.md §2.4, §2.6). GET /_api/user is how pyC8
// learns its tenant from an API key or token, so any caller may read it: the admin
// sees every user, others see themselves.
import { ErrorNum } from '../../wire/codes.js';
import { requireAdmin, requirePrincipal } from '../auth/access.js';
import { badParameter, GdnError } from '../errors.js';
import { isObject, objectBody, optionalBool, optionalString, requiredString } from '../http/body.js';
import { envelope, result, type Route } from '../http/route.js';
import { grantRoutes, requireSelfOrAdmin } from './access-grants.js';
import { keyAsUser } from './keys.js';

export const userRoutes: Route[] = [
  {
    method: 'GET',
    path: '/_api/user',
    scope: 'global',
    handler: (ctx) => {
      const p = requirePrincipal(ctx);
      const auth = ctx.core.auth;
      if (p.admin) return result(200, auth.listUsers());
      if (p.kind === 'user') return result(200, [auth.getUser(p.id)]);
      return result(200, [keyAsUser(auth.tenant, p.id)]);
    },
  },
  {
    method: 'POST',
    path: '/_api/user',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      const body = objectBody(ctx.body);
      const email = requiredString(body, 'email');
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw badParameter(`invalid email address '${email}'`);
      const password = optionalString(body, 'passwd') ?? requiredString(body, 'password');
      const extra = body.extra;
      if (extra !== undefined && !isObject(extra)) throw badParameter("'extra' must be an object");
      const user = ctx.core.auth.createUser({
        email,
        password,
        active: optionalBool(body, 'active') ?? true,
        displayName: optionalString(body, 'displayName'),
        extra,
      });
      return envelope(201, { ...user });
    },
  },
  {
    method: 'GET',
    path: '/_api/user/:id',
    scope: 'global',
    handler: (ctx) => {
      const id = ctx.params.id ?? '';
      requireSelfOrAdmin(ctx, 'user', id);
      const user = ctx.core.auth.getUser(id);
      if (!user) throw new GdnError(404, ErrorNum.USER_NOT_FOUND);
      return envelope(200, { ...user });
    },
  },
  {
    method: 'DELETE',
    path: '/_api/user/:id',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      ctx.core.auth.deleteUser(ctx.params.id ?? '');
      return envelope(202);
    },
  },
  ...grantRoutes('user', '/_api/user'),
];
