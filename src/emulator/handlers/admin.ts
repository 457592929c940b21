// Readiness and version. /_admin/ready is open so scripts can poll it before login.
import { json, type Route } from '../http/route.js';

/** Reported by /_api/version: the ArangoDB generation GDN's API follows, plus ours. */
export const SERVER_VERSION = '3.9.1';

export const adminRoutes: Route[] = [
  {
    method: 'GET',
    path: '/_admin/ready',
    scope: 'open',
    handler: (ctx) => json(200, { ready: true, region: ctx.region }),
  },
  {
    method: 'GET',
    path: '/_api/version',
    scope: 'fabric',
    handler: () => json(200, { server: 'c8spot-emulator', version: SERVER_VERSION, license: 'community' }),
  },
];
