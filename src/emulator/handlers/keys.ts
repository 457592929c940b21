import type { Route } from '../http/route.js';

export const keyRoutes: Route[] = [];
