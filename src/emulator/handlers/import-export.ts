// Bulk import and export, reference/gdn-api.md §6.7 (what gdnsl import/export and jsC8's
// importandexport module use). An import runs in the collection's write region as ONE
// transaction; per-document failures are reported with `errorNumber` (sic, as recorded)
// and do not stop the rest. Export comes in two forms: a page of a collection (GET) and
// the whole result of a read-only query (POST); both drop `_id`/`_rev` from documents.
import { ErrorNum } from '../../wire/codes.js';
import { requireAccess } from '../auth/access.js';
import { prepare } from '../c8ql/index.js';
import { tokenize } from '../c8ql/lexer.js';
import { badParameter, GdnError } from '../errors.js';
import { isObject, objectBody, optionalBool, optionalString, type JsonObject } from '../http/body.js';
import { queryBool, queryInt } from '../http/query.js';
import { result, type Route, type RouteContext } from '../http/route.js';
import { assertGlobalWritable, runIn, servedBy, servingRegion } from '../regions/routing.js';
import { collectionOf } from './collections.js';
import { asGdnError, DEFAULT_TTL_S, MAX_BATCH_SIZE, option, startQuery } from './query-runner.js';

const EXPORT_MAX = 1000;

async function importDocs(ctx: RouteContext) {
  const meta = collectionOf(ctx, 'collection');
  requireAccess(ctx, 'rw', meta.name);
  const body = objectBody(ctx.body);
  const data = body.data;
  if (!Array.isArray(data)) throw badParameter("'data' must be an array of documents");
  const details = optionalBool(body, 'details') ?? queryBool(ctx.query, 'details', false);
  const replace = optionalBool(body, 'replace') ?? queryBool(ctx.query, 'replace', false);
  const primaryKey = optionalString(body, 'primaryKey');
  const region = servingRegion(ctx, meta, 'write', undefined);
  if (!meta.isSpot) assertGlobalWritable(ctx.core, region);
  const docs = ctx.core.documents;
  const outcome = await runIn(ctx, region, () =>
    docs.tx(() => {
      let created = 0;
      const errors: JsonObject[] = [];
      data.forEach((item: unknown, i) => {
        try {
          let doc = item;
          if (primaryKey !== undefined && typeof item === 'object' && item !== null && !Array.isArray(item)) {
            const pk = (item as JsonObject)[primaryKey];
            if (pk !== undefined && pk !== null) doc = { ...(item as JsonObject), _key: typeof pk === 'string' ? pk : JSON.stringify(pk) };
          }
          docs.insert(region, meta, doc, replace ? { overwriteMode: 'replace' } : {});
          created++;
        } catch (e) {
          if (!(e instanceof GdnError)) throw e;
          errors.push({ document: item, errorNumber: e.errorNum, errorMessage: `${i + 1}: ${e.message}` });
        }
      });
      return { created, errors };
    }),
  );
  return {
    ...result(200, {
      created: outcome.created,
      errors: outcome.errors.length,
      unprocessed: 0,
      ...(details ? { details: { errors: outcome.errors, unprocessed: [] } } : {}),
    }),
    headers: servedBy(ctx, region),
  };
}

async function exportDocs(ctx: RouteContext) {
  const meta = collectionOf(ctx, 'collection');
  requireAccess(ctx, 'ro', meta.name);
  const offset = queryInt(ctx.query, 'offset', 0);
  const limit = queryInt(ctx.query, 'limit', 20);
  if (limit > EXPORT_MAX) throw badParameter(`'limit' must be at most ${EXPORT_MAX}`);
  const order = ctx.query.order ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw badParameter("'order' must be asc or desc");
  const region = servingRegion(ctx, meta, 'read', undefined);
  const page = await runIn(ctx, region, () => ctx.core.documents.pageRaw(region, meta, offset, limit, order === 'desc'));
  const out = page.map((text) => withoutIdRev(JSON.parse(text) as JsonObject));
  return { ...result(200, out), headers: servedBy(ctx, region) };
}

/** Exported documents carry `_key` but no `_id`/`_rev` (recorded); other values pass through. */
function withoutIdRev(v: unknown): unknown {
  if (!isObject(v)) return v;
  const { _id: _i, _rev: _r, ...rest } = v;
  return rest;
}

const WRITE_KEYWORDS = new Set(['INSERT', 'UPDATE', 'REPLACE', 'REMOVE', 'UPSERT']);

/**
 * POST /_api/export {query, bindVars}: the query's whole result in one reply. Only reads
 * are allowed: a query that writes → 400/10 naming its first write keyword, worded as
 * recorded (`Export "query" cannot contain "insert" keyword.`). The write test is the
 * parser's, so a string or attribute that merely spells a keyword is not refused.
 */
async function exportQuery(ctx: RouteContext) {
  const body = objectBody(ctx.body);
  const query = body.query;
  if (typeof query !== 'string' || query.trim() === '') throw new GdnError(400, ErrorNum.QUERY_EMPTY, 'query is empty');
  const bindVars = body.bindVars ?? {};
  if (!isObject(bindVars)) throw badParameter("'bindVars' must be an object");
  let writes: boolean;
  try {
    writes = prepare(query, bindVars).parsed.writes;
  } catch (e) {
    throw asGdnError(e);
  }
  if (writes) {
    const kw = tokenize(query).find((t) => t.kind === 'keyword' && WRITE_KEYWORDS.has(t.value))?.value ?? 'INSERT';
    throw badParameter(`Export "query" cannot contain "${kw.toLowerCase()}" keyword.`);
  }
  const strong = option(body, 'strongConsistency');
  // count: true makes the runner compute every row (in whichever region runs the query).
  const started = await startQuery(ctx, {
    query,
    bindVars,
    batchSize: MAX_BATCH_SIZE,
    ttlS: DEFAULT_TTL_S,
    count: true,
    fullCount: false,
    maxRuntimeS: undefined,
    strong: typeof strong === 'boolean' ? strong : undefined,
  });
  return result(200, started.buffer.map(withoutIdRev));
}

export const importExportRoutes: Route[] = [
  { method: 'POST', path: '/_api/import/:collection', scope: 'fabric', handler: importDocs },
  { method: 'GET', path: '/_api/export/:collection', scope: 'fabric', handler: exportDocs },
  { method: 'POST', path: '/_api/export', scope: 'fabric', handler: exportQuery },
];
