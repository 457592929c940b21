// Object functions: MERGE … ENTRIES.
import type { Doc, FunctionContext, FunctionDef, Value } from '../types.js';
import { compareCodePoints, isArray, isObject, toBool, toStringValue, valuesEqual } from '../values.js';
import { arg, def, invalidArg } from './util.js';

/** The documents of MERGE-style calls: several objects, or one array of objects. */
function docsOf(a: readonly Value[], name: string, ctx: FunctionContext): Doc[] | null {
  const first = a[0];
  const list = a.length === 1 && first !== undefined && isArray(first) ? first : a;
  const out: Doc[] = [];
  for (const v of list) {
    if (!isObject(v)) return invalidArg(ctx, name);
    out.push(v);
  }
  return out;
}

function mergeRecursive(a: Doc, b: Doc): Doc {
  const out: Record<string, Value> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev !== undefined && isObject(prev) && isObject(v) ? mergeRecursive(prev, v) : v;
  }
  return out;
}

/**
 * Attribute names from the rest arguments, as ArangoDB reads them: strings, numbers
 * (as text) and arrays of strings; a non-string inside an array warns, other
 * argument types are ignored.
 */
function namesOf(a: readonly Value[], name: string, ctx: FunctionContext): Set<string> {
  const out = new Set<string>();
  for (const v of a.slice(1)) {
    if (typeof v === 'string' || typeof v === 'number') out.add(toStringValue(v));
    else if (isArray(v)) {
      for (const x of v) {
        if (typeof x === 'string') out.add(x);
        else invalidArg(ctx, name);
      }
    }
  }
  return out;
}

function unset(doc: Doc, names: Set<string>, recursive: boolean): Doc {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (names.has(k)) continue;
    out[k] = recursive && isObject(v) ? unset(v, names, true) : v;
  }
  return out;
}

function keep(doc: Doc, names: Set<string>, recursive: boolean): Doc {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!names.has(k)) continue;
    out[k] = recursive && isObject(v) ? keep(v, names, true) : v;
  }
  return out;
}

function onObject(
  name: string,
  min: number,
  max: number,
  f: (doc: Doc, a: readonly Value[], ctx: FunctionContext) => Value,
): FunctionDef {
  return def(name, min, max, (a, ctx) => {
    const v = arg(a, 0);
    return isObject(v) ? f(v, a, ctx) : invalidArg(ctx, name);
  });
}

/** An example attribute with value null also matches a missing attribute (ArangoDB). */
function matches(doc: Doc, example: Doc): boolean {
  return Object.entries(example).every(([k, v]) => (Object.hasOwn(doc, k) ? valuesEqual(doc[k] ?? null, v) : v === null));
}

function visibleKeys(doc: Doc, a: readonly Value[]): string[] {
  let keys = Object.keys(doc);
  if (toBool(arg(a, 1))) keys = keys.filter((k) => !k.startsWith('_'));
  return keys;
}

export const objectFunctions: readonly FunctionDef[] = [
  def('MERGE', 1, Infinity, (a, ctx) => {
    const docs = docsOf(a, 'MERGE', ctx);
    return docs === null ? null : Object.assign({}, ...docs) as Doc;
  }),
  def('MERGE_RECURSIVE', 1, Infinity, (a, ctx) => {
    const docs = docsOf(a, 'MERGE_RECURSIVE', ctx);
    return docs === null ? null : docs.reduce<Doc>((acc, d) => mergeRecursive(acc, d), {});
  }),
  onObject('UNSET', 2, Infinity, (doc, a, ctx) => unset(doc, namesOf(a, 'UNSET', ctx), false)),
  onObject('UNSET_RECURSIVE', 2, Infinity, (doc, a, ctx) => unset(doc, namesOf(a, 'UNSET_RECURSIVE', ctx), true)),
  onObject('KEEP', 2, Infinity, (doc, a, ctx) => keep(doc, namesOf(a, 'KEEP', ctx), false)),
  onObject('KEEP_RECURSIVE', 2, Infinity, (doc, a, ctx) => keep(doc, namesOf(a, 'KEEP_RECURSIVE', ctx), true)),
  def('HAS', 2, 2, (a) => {
    const doc = arg(a, 0);
    return isObject(doc) && Object.hasOwn(doc, toStringValue(arg(a, 1)));
  }),
  onObject('ATTRIBUTES', 1, 3, (doc, a) => {
    const keys = visibleKeys(doc, a);
    return toBool(arg(a, 2)) ? keys.sort(compareCodePoints) : keys;
  }),
  onObject('VALUES', 1, 2, (doc, a) => visibleKeys(doc, a).map((k) => doc[k] ?? null)),
  def('VALUE', 2, 2, (a, ctx) => {
    const path = arg(a, 1);
    let cur = arg(a, 0);
    if (!isObject(cur) || !isArray(path)) return invalidArg(ctx, 'VALUE');
    for (const step of path) {
      if (typeof step === 'string' && isObject(cur)) cur = cur[step] ?? null;
      else if (typeof step === 'number' && isArray(cur)) cur = cur[step < 0 ? cur.length + step : step] ?? null;
      else if (typeof step === 'string' || typeof step === 'number') return null;
      else return invalidArg(ctx, 'VALUE');
    }
    return cur;
  }),
  def('MATCHES', 2, 3, (a, ctx) => {
    const doc = arg(a, 0);
    const examples = arg(a, 1);
    const list = isArray(examples) ? examples : [examples];
    let found = -1;
    if (isObject(doc)) {
      for (let i = 0; i < list.length && found < 0; i++) {
        const e = list[i] ?? null;
        // A non-object example is skipped with a warning.
        if (!isObject(e)) invalidArg(ctx, 'MATCHES');
        else if (matches(doc, e)) found = i;
      }
    }
    return toBool(arg(a, 2)) ? found : found >= 0;
  }),
  onObject('ENTRIES', 1, 1, (doc) => Object.entries(doc).map(([k, v]) => [k, v])),
  def('TRANSLATE', 2, 3, (a, ctx) => {
    const lookup = arg(a, 1);
    if (!isObject(lookup)) return invalidArg(ctx, 'TRANSLATE');
    const key = toStringValue(arg(a, 0));
    if (Object.hasOwn(lookup, key)) return lookup[key] ?? null;
    return a.length > 2 ? arg(a, 2) : arg(a, 0);
  }),
];
