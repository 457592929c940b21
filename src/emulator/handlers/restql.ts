// RestQL (saved queries / query workers), reference gdn-api.md §8: save 200, list,
// execute 201 (batch default 100, max 1000), fetch 200, update, delete, import.
// Stored `parameter` values are defaults for bind variables the request leaves out.
import { ErrorNum } from '../../wire/codes.js';
import { parse } from '../c8ql/index.js';
import { requireAccess, requirePrincipal } from '../auth/access.js';
import { GdnError, badParameter } from '../errors.js';
import { isObject, objectBody, type JsonObject } from '../http/body.js';
import { envelope, json, result, type Reply, type Route, type RouteContext } from '../http/route.js';
import type { QueryOwner } from '../store/restql-store.js';
import { nextBatchFields, readRunRequest, runToFirstBatch } from './cursor.js';
import { asGdnError } from './query-runner.js';

const DEFAULT_BATCH = 100;

function owner(ctx: RouteContext): QueryOwner {
  const p = requirePrincipal(ctx);
  return { tenant: p.tenant, user: p.id, fabric: ctx.fabric };
}

const queryNotFound = (): GdnError => new GdnError(400, 404, 'query not found.');

interface QueryFields {
  readonly value: string;
  readonly parameter: Record<string, unknown>;
  readonly type: string;
}

/** The `query` object of a save/update body; `value` is required ([CAS] wording). */
function queryFields(q: JsonObject, errorNum: number): QueryFields {
  if (typeof q.value !== 'string' || q.value.trim() === '') throw new GdnError(400, errorNum, "query 'value' missing or is not a string.");
  const parameter = q.parameter ?? {};
  if (!isObject(parameter)) throw badParameter("query 'parameter' must be an object");
  if (q.type !== undefined && typeof q.type !== 'string') throw badParameter("query 'type' must be a string");
  try {
    parse(q.value);
  } catch (e) {
    throw asGdnError(e);
  }
  return { value: q.value, parameter, type: typeof q.type === 'string' ? q.type : 'c8ql' };
}

function queryName(q: JsonObject): string {
  if (typeof q.name !== 'string' || !/^\S+$/.test(q.name)) throw new GdnError(400, 400, "query 'name' missing or is not a string.");
  return q.name;
}

function save(ctx: RouteContext): Reply {
  requireAccess(ctx, 'rw');
  const body = objectBody(ctx.body);
  const q = isObject(body.query) ? body.query : {};
  const f = queryFields(q, 400);
  const name = queryName(q);
  const saved = ctx.core.restql.save(owner(ctx), name, f.value, f.parameter, f.type);
  // GDN's reply to a duplicate name is unconfirmed; the `_key` is unique, so 409/1210 like a document.
  if (!saved) throw new GdnError(409, ErrorNum.UNIQUE_CONSTRAINT_VIOLATED, `a query named '${name}' already exists`);
  const { parameter: _omit, ...shown } = saved;
  return result(200, shown);
}

function importMany(ctx: RouteContext): Reply {
  requireAccess(ctx, 'rw');
  const body = objectBody(ctx.body);
  if (!Array.isArray(body.queries)) throw badParameter("'queries' must be an array");
  const items = body.queries.map((q) => {
    if (!isObject(q)) throw badParameter('each query must be an object');
    return { name: queryName(q), ...queryFields(q, ErrorNum.BAD_PARAMETER) };
  });
  let created = 0;
  const details: string[] = [];
  for (const it of items) {
    if (ctx.core.restql.save(owner(ctx), it.name, it.value, it.parameter, it.type)) created++;
    else details.push(`a query named '${it.name}' already exists`);
  }
  return result(200, { created, errors: details.length, ...(body.details === true ? { details } : {}) });
}

async function execute(ctx: RouteContext): Promise<Reply> {
  const saved = ctx.core.restql.get(owner(ctx), ctx.params.name ?? '');
  // [CAS]: executing an unknown name is "query is empty".
  if (!saved) throw new GdnError(400, ErrorNum.QUERY_EMPTY, 'query is empty');
  const body = objectBody(ctx.body, true);
  const given = body.bindVars ?? {};
  if (!isObject(given)) throw badParameter('bindVars must be an object');
  const declared = parse(saved.value).bindParameters;
  const defaults = Object.fromEntries(Object.entries(saved.parameter).filter(([k]) => declared.has(k)));
  const req = readRunRequest({ ...body, bindVars: { ...defaults, ...given } }, saved.value, DEFAULT_BATCH);
  const fields = await runToFirstBatch(ctx, req);
  const stats = (fields.extra as { stats: { writesExecuted: number } }).stats;
  // [CAS]: a write query's execute reply is a bare {"result":[]}.
  if (stats.writesExecuted > 0 && (fields.result as unknown[]).length === 0) return json(201, { result: [] });
  return envelope(201, fields);
}

function update(ctx: RouteContext): Reply {
  requireAccess(ctx, 'rw');
  const body = objectBody(ctx.body);
  const q = isObject(body.query) ? body.query : {};
  const f = queryFields(q, 400);
  const saved = ctx.core.restql.update(owner(ctx), ctx.params.name ?? '', f.value, f.parameter, f.type);
  if (!saved) throw queryNotFound();
  return result(200, { _key: saved._key, sqlValue: '(non-representable type)', value: saved.value });
}

function remove(ctx: RouteContext): Reply {
  requireAccess(ctx, 'rw');
  if (!ctx.core.restql.delete(owner(ctx), ctx.params.name ?? '')) throw queryNotFound();
  return result(200, []);
}

export const restqlRoutes: Route[] = [
  { method: 'POST', path: '/_api/restql', scope: 'fabric', handler: save },
  { method: 'POST', path: '/_api/restql/import', scope: 'fabric', handler: importMany },
  {
    method: 'GET',
    path: '/_api/restql/user',
    scope: 'fabric',
    handler: (ctx) => {
      requireAccess(ctx, 'ro');
      return result(200, ctx.core.restql.list(owner(ctx)));
    },
  },
  { method: 'POST', path: '/_api/restql/execute/:name', scope: 'fabric', handler: execute },
  { method: 'PUT', path: '/_api/restql/fetch/:id', scope: 'fabric', handler: (ctx) => envelope(200, nextBatchFields(ctx, ctx.params.id ?? '')) },
  { method: 'PUT', path: '/_api/restql/:name', scope: 'fabric', handler: update },
  { method: 'DELETE', path: '/_api/restql/:name', scope: 'fabric', handler: remove },
];
