// Every route the emulator serves. To add a resource: export `const xRoutes: Route[]`
// from handlers/x.ts (see http/route.ts for the contract) and append it below.
import type { Route } from '../http/route.js';
import { adminRoutes } from './admin.js';
import { collectionRoutes } from './collections.js';
import { cursorRoutes } from './cursor.js';
import { queryRoutes } from './query.js';
import { restqlRoutes } from './restql.js';
import { documentRoutes } from './documents.js';
import { importExportRoutes } from './import-export.js';
import { authRoutes } from './auth.js';
import { datacenterRoutes } from './datacenters.js';
import { fabricRoutes } from './fabrics.js';
import { faultRoutes } from './faults.js';
import { keyRoutes } from './keys.js';
import { userRoutes } from './users.js';

export const allRoutes: readonly Route[] = [
  ...adminRoutes,
  ...authRoutes,
  ...keyRoutes,
  ...userRoutes,
  ...datacenterRoutes,
  ...fabricRoutes,
  ...faultRoutes,
  ...collectionRoutes,
  ...documentRoutes,
  ...importExportRoutes,
  ...cursorRoutes,
  ...queryRoutes,
  ...restqlRoutes,
];
