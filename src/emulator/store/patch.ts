// Update (PATCH) semantics shared by the HTTP routes and C8QL UPDATE: ArangoDB's
// keepNull (a null removes the attribute when false) and mergeObjects (nested objects
// merge instead of being replaced when true).
export type JsonObject = Record<string, unknown>;

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Server-owned attributes a patch or replacement cannot set. */
export const SYSTEM_KEYS: ReadonlySet<string> = new Set(['_key', '_id', '_rev']);

export function applyPatch(old: JsonObject, patch: JsonObject, keepNull: boolean, mergeObjects: boolean): JsonObject {
  const out: JsonObject = { ...old };
  for (const [k, v] of Object.entries(patch)) {
    if (SYSTEM_KEYS.has(k) || v === undefined) continue;
    if (v === null && !keepNull) {
      delete out[k];
    } else if (mergeObjects && isPlainObject(v) && isPlainObject(out[k])) {
      out[k] = applyPatch(out[k], v, keepNull, mergeObjects);
    } else {
      out[k] = keepNull ? v : stripNulls(v);
    }
  }
  return out;
}

/** keepNull=false also drops nulls nested in new object values (ArangoDB). */
function stripNulls(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x);
  return out;
}
