// Bulk import and export, reference/gdn-api.md §6.7 (what gdnsl import/export use).
// An import runs in the collection's write region as ONE transaction; per-document
// failures are reported with `errorNumber` (sic, as recorded) and do not stop the rest.
import { requireAccess } from '../auth/access.js';
import { badParameter, GdnError } from '../errors.js';
import { objectBody, optionalBool, optionalString, type JsonObject } from '../http/body.js';
import { queryBool, queryInt } from '../http/query.js';
import { result, type Route, type RouteContext } from '../http/route.js';
import { assertGlobalWritable, runIn, servedBy, servingRegion } from '../regions/routing.js';
import { collectionOf } from './collections.js';

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
  // Exported documents carry `_key` but no `_id`/`_rev` (recorded).
  const out = page.map((text) => {
    const doc = JSON.parse(text) as JsonObject;
    delete doc._id;
    delete doc._rev;
    return doc;
  });
  return { ...result(200, out), headers: servedBy(ctx, region) };
}

export const importExportRoutes: Route[] = [
  { method: 'POST', path: '/_api/import/:collection', scope: 'fabric', handler: importDocs },
  { method: 'GET', path: '/_api/export/:collection', scope: 'fabric', handler: exportDocs },
];
