// Query validation and explain (reference gdn-api.md §7.3): POST /_api/query parses
// without running; POST /_api/query/explain (jsC8 also posts /_api/explain) returns a
// plan with ArangoDB node types and a rough cost.
import { ErrorNum } from '../../wire/codes.js';
import { explainQuery, prepare, validateQuery } from '../c8ql/index.js';
import { requireAccess } from '../auth/access.js';
import { GdnError, badParameter } from '../errors.js';
import { isObject, objectBody } from '../http/body.js';
import { envelope, type Reply, type Route, type RouteContext } from '../http/route.js';
import { createQueryDataSource } from '../store/query-data-source.js';
import { asGdnError, checkAccess } from './query-runner.js';

function queryText(ctx: RouteContext): string {
  const body = objectBody(ctx.body);
  if (typeof body.query !== 'string' || body.query.trim() === '') throw new GdnError(400, ErrorNum.QUERY_EMPTY, 'query is empty');
  return body.query;
}

function validate(ctx: RouteContext): Reply {
  requireAccess(ctx, 'ro');
  const query = queryText(ctx);
  try {
    const v = validateQuery(query);
    return envelope(200, { parsed: true, collections: v.collections, bindVars: v.bindVars, ast: v.ast });
  } catch (e) {
    throw asGdnError(e);
  }
}

function explain(ctx: RouteContext): Reply {
  requireAccess(ctx, 'ro');
  const query = queryText(ctx);
  const body = objectBody(ctx.body);
  const bindVars = body.bindVars ?? {};
  if (!isObject(bindVars)) throw badParameter('bindVars must be an object');
  try {
    // Explaining a write needs the same grants as running it.
    checkAccess(ctx, prepare(query, bindVars));
    const plan = explainQuery(query, bindVars, createQueryDataSource(ctx.core, ctx.region, ctx.fabric)) as Record<string, unknown>;
    const opts = isObject(body.options) ? body.options : {};
    if (opts.allPlans === true) {
      const { plan: one, ...rest } = plan;
      return envelope(200, { plans: [one], ...rest });
    }
    return envelope(200, plan);
  } catch (e) {
    // ArangoDB adds where the error happened to explain's parse errors.
    const g = asGdnError(e);
    if (g instanceof GdnError && g.errorNum === ErrorNum.QUERY_PARSE) throw new GdnError(g.status, g.errorNum, `${g.message} (while parsing)`);
    throw g;
  }
}

function noQueries(ctx: RouteContext, need: 'ro' | 'rw'): Reply {
  requireAccess(ctx, need);
  return need === 'ro' ? { status: 200, body: [] } : envelope(200);
}

export const queryRoutes: Route[] = [
  { method: 'POST', path: '/_api/query', scope: 'fabric', handler: validate },
  { method: 'POST', path: '/_api/query/explain', scope: 'fabric', handler: explain },
  { method: 'POST', path: '/_api/explain', scope: 'fabric', handler: explain },
  // Queries run synchronously to their first batch, so none is ever "running" or slow.
  { method: 'GET', path: '/_api/query/current', scope: 'fabric', handler: (ctx) => noQueries(ctx, 'ro') },
  { method: 'GET', path: '/_api/query/slow', scope: 'fabric', handler: (ctx) => noQueries(ctx, 'ro') },
  { method: 'DELETE', path: '/_api/query/slow', scope: 'fabric', handler: (ctx) => noQueries(ctx, 'rw') },
  {
    method: 'DELETE',
    path: '/_api/query/:id',
    scope: 'fabric',
    handler: (ctx) => {
      requireAccess(ctx, 'rw');
      throw new GdnError(404, ErrorNum.QUERY_NOT_FOUND, `cannot kill query '${ctx.params.id ?? ''}': query ID not found`);
    },
  },
];
