// Login: POST /_open/auth with {email, password} or {tenant, username, password}
// (reference/gdn-api.md §2.1). The reply is not wrapped in the success envelope.
import { objectBody, optionalString, requiredString } from '../http/body.js';
import { json, type Route } from '../http/route.js';
import { badParameter } from '../errors.js';

export const authRoutes: Route[] = [
  {
    method: 'POST',
    path: '/_open/auth',
    scope: 'open',
    handler: async (ctx) => {
      const body = objectBody(ctx.body);
      const password = requiredString(body, 'password');
      const email = optionalString(body, 'email');
      const username = optionalString(body, 'username');
      if (email === undefined && username === undefined) throw badParameter("'email' or 'username' is required");
      const tenant = optionalString(body, 'tenant');
      return json(200, await ctx.core.auth.login({ email, username, tenant, password }));
    },
  },
];
