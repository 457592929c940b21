// API key management (reference/gdn-api.md §2.5). jsC8 sends these under
// /_fabric/{f}/_api/key…; the URL normaliser maps that onto /_api/key….
import { ErrorNum } from '../../wire/codes.js';
import { requireAdmin } from '../auth/access.js';
import { badParameter, GdnError, unauthorized } from '../errors.js';
import { objectBody, optionalString, requiredString } from '../http/body.js';
import { envelope, result, type Route, type RouteContext } from '../http/route.js';
import { AuthStore, type KeyRecord, type UserRecord } from '../store/auth-store.js';
import { grantRoutes, requireSelfOrAdmin } from './access-grants.js';

/** How GDN shows an API key where a user is expected (GET /_api/key/{id}, GET /_api/user as a key). */
export function keyAsUser(tenant: string, keyid: string): UserRecord {
  return { user: keyid, tenant, email: `${keyid}@apikey`, active: true, extra: {}, displayName: keyid };
}

function keyParam(ctx: RouteContext): KeyRecord {
  const keyid = ctx.params.keyid ?? '';
  const key = AuthStore.isValidKeyId(keyid) ? ctx.core.auth.getKey(keyid) : undefined;
  if (!key) throw new GdnError(404, ErrorNum.API_KEY_ID_INVALID);
  return key;
}

export const keyRoutes: Route[] = [
  {
    method: 'POST',
    path: '/_api/key',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      const body = objectBody(ctx.body);
      const keyid = requiredString(body, 'keyid');
      const user = optionalString(body, 'user');
      const tenant = ctx.core.auth.tenant;
      // `user` may be given as '<tenant>.<id>' (the form GDN reports) or a bare id.
      const userId = user === undefined ? undefined : user.startsWith(`${tenant}.`) ? user.slice(tenant.length + 1) : user;
      const key = ctx.core.auth.createKey(keyid, userId);
      return envelope(201, { key, keyid, tenant, user: `${tenant}.${userId ?? 'root'}` });
    },
  },
  {
    method: 'GET',
    path: '/_api/key',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      const tenant = ctx.core.auth.tenant;
      return result(200, ctx.core.auth.listKeys().map((k) => ({ keyid: k.keyid, user: `${tenant}.${k.user}`, tenant })));
    },
  },
  {
    // Open: jsC8's loginWithApiKey/loginWithToken call it to learn the tenant.
    method: 'POST',
    path: '/_api/key/validate',
    scope: 'open',
    handler: (ctx) => {
      const body = objectBody(ctx.body);
      const apikey = optionalString(body, 'apikey');
      const jwt = optionalString(body, 'jwt');
      const auth = ctx.core.auth;
      if (apikey !== undefined) {
        const p = auth.principalForKey(apikey);
        if (!p) throw unauthorized();
        const key = auth.getKey(p.id)!;
        // An object, not [SPEC]'s array: jsC8 reads result.tenant (reference §2.4).
        return result(200, { keyid: key.keyid, parent: `${auth.tenant}.${key.user}`, tenant: auth.tenant, limitRequestsPerSec: 0 });
      }
      if (jwt !== undefined) {
        const p = auth.principalForJwt(jwt);
        if (!p) throw unauthorized();
        return result(200, { user: p.id, tenant: auth.tenant });
      }
      throw badParameter("'apikey' or 'jwt' is required");
    },
  },
  {
    method: 'GET',
    path: '/_api/key/:keyid',
    scope: 'global',
    handler: (ctx) => {
      requireSelfOrAdmin(ctx, 'key', ctx.params.keyid ?? '');
      const key = keyParam(ctx);
      const tenant = ctx.core.auth.tenant;
      return envelope(200, { ...keyAsUser(tenant, key.keyid), apikey: { hash: key.hash, parent: `${tenant}.${key.user}` } });
    },
  },
  {
    method: 'DELETE',
    path: '/_api/key/:keyid',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      ctx.core.auth.deleteKey(keyParam(ctx).keyid);
      return envelope(202);
    },
  },
  {
    method: 'GET',
    path: '/_api/key/:keyid/attributes',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      return result(200, ctx.core.auth.keyAttributes(keyParam(ctx).keyid));
    },
  },
  {
    // Merges into the stored attributes; the reply echoes what was sent (reference §2.5).
    method: 'PUT',
    path: '/_api/key/:keyid/attributes',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      const keyid = keyParam(ctx).keyid;
      const sent = objectBody(ctx.body);
      ctx.core.auth.setKeyAttributes(keyid, { ...ctx.core.auth.keyAttributes(keyid), ...sent });
      return result(200, sent);
    },
  },
  {
    method: 'DELETE',
    path: '/_api/key/:keyid/attributes/truncate',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      ctx.core.auth.setKeyAttributes(keyParam(ctx).keyid, {});
      return envelope(202);
    },
  },
  {
    method: 'DELETE',
    path: '/_api/key/:keyid/attributes/:attr',
    scope: 'global',
    handler: (ctx) => {
      requireAdmin(ctx);
      const keyid = keyParam(ctx).keyid;
      const { [ctx.params.attr ?? '']: _removed, ...rest } = ctx.core.auth.keyAttributes(keyid);
      ctx.core.auth.setKeyAttributes(keyid, rest);
      return envelope(202);
    },
  },
  ...grantRoutes('key', '/_api/key'),
];

