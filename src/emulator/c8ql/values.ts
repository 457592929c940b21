// C8QL value semantics (ArangoDB AQL): type order, total order, equality,
// truthiness, numeric and string coercion, grouping keys. The evaluator and the
// function library both build on these, so they must agree exactly.
import type { Doc, Value } from './types.js';

/** AQL type order: null < bool < number < string < array < object. */
export function typeOrder(v: Value): number {
  // `undefined` is not a Value, but a missing argument or attribute must never pass for an object.
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean':
      return 1;
    case 'number':
      return 2;
    case 'string':
      return 3;
    default:
      return Array.isArray(v) ? 4 : 5;
  }
}

export type TypeName = 'null' | 'bool' | 'number' | 'string' | 'array' | 'object';
const TYPE_NAMES: readonly TypeName[] = ['null', 'bool', 'number', 'string', 'array', 'object'];

/** The name TYPENAME() returns. */
export function typeName(v: Value): TypeName {
  return TYPE_NAMES[typeOrder(v)] ?? 'null';
}

export function isArray(v: Value): v is readonly Value[] {
  return Array.isArray(v);
}

export function isObject(v: Value): v is Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** IS_DOCUMENT() is IS_OBJECT() in AQL: any object counts, with or without system attributes. */
export function isDocument(v: Value): v is Doc {
  return isObject(v);
}

// ArangoDB compares strings with its ICU collator (server language, default "en"):
// "a" < "A" < "b" < "B". Strings the collator considers equal but that differ
// are ordered by code units so the order stays total and agrees with equality.
const collator = new Intl.Collator('en');

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const c = collator.compare(a, b);
  if (c !== 0) return c < 0 ? -1 : 1;
  return a < b ? -1 : 1;
}

/** AQL's total order: -1, 0 or 1. Missing array elements and object attributes compare as null. */
export function compareValues(a: Value, b: Value): number {
  const ta = typeOrder(a);
  const tb = typeOrder(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case 0:
      return 0;
    case 1:
    case 2: {
      const x = a as number | boolean;
      const y = b as number | boolean;
      return x === y ? 0 : x < y ? -1 : 1;
    }
    case 3:
      return compareStrings(a as string, b as string);
    case 4: {
      const x = a as readonly Value[];
      const y = b as readonly Value[];
      const n = Math.max(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(i < x.length ? (x[i] ?? null) : null, i < y.length ? (y[i] ?? null) : null);
        if (c !== 0) return c;
      }
      return 0;
    }
    default: {
      const x = a as Doc;
      const y = b as Doc;
      // The union of both attribute sets, sorted by name; each compared as a value.
      const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort(compareCodePoints);
      for (const k of keys) {
        const c = compareValues(x[k] ?? null, y[k] ?? null);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

/** Binary (code point) order, as ArangoDB sorts attribute names. */
export function compareCodePoints(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * AQL equality (`==`): same type and same value; arrays element-wise, objects by
 * attribute set. Note `{a: null}` equals `{}` in AQL's comparison too.
 */
export function valuesEqual(a: Value, b: Value): boolean {
  return compareValues(a, b) === 0;
}

/** AQL truthiness: null, false, 0 and "" are false; every array and object (even empty) is true. */
export function toBool(v: Value): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'string':
      return v !== '';
    default:
      return true;
  }
}

// What ArangoDB's std::stod-based conversion accepts: surrounding whitespace, a sign,
// decimal notation with exponent, or a hexadecimal integer ("0x1A").
const NUMERIC = /^[ \t\r\n\f]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t\r\n\f]*$/;
const HEX = /^[ \t\r\n\f]*([+-]?)0[xX]([0-9a-fA-F]+)[ \t\r\n\f]*$/;

/**
 * Parses a string the way TO_NUMBER does: a valid number (surrounding whitespace
 * allowed) or undefined. The empty string is not a number here (TO_NUMBER maps it to 0).
 */
export function parseNumber(s: string): number | undefined {
  const hex = HEX.exec(s);
  if (hex) return (hex[1] === '-' ? -1 : 1) * Number.parseInt(hex[2]!, 16);
  if (!NUMERIC.test(s)) return undefined;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : undefined;
}

/**
 * TO_NUMBER: null/false → 0, true → 1, numeric strings → their value, other strings → 0,
 * arrays of 0 elements → 0, of 1 element → that element converted, longer → 0, objects → 0.
 */
export function toNumber(v: Value): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'boolean':
      return v ? 1 : 0;
    case 'number':
      return Number.isFinite(v) ? v : 0;
    case 'string':
      return parseNumber(v) ?? 0;
    default:
      if (Array.isArray(v)) {
        if (v.length === 0) return 0;
        if (v.length === 1) return toNumber((v as readonly Value[])[0] ?? null);
      }
      return 0;
  }
}

/** Number → string as ArangoDB prints numbers (shortest round-trip form). */
export function numberToString(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

/** TO_STRING: null → "", booleans and numbers as text, arrays and objects as JSON. */
export function toStringValue(v: Value): string {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return numberToString(v);
    case 'string':
      return v;
    default:
      return JSON.stringify(v);
  }
}

/**
 * AQL has no NaN or infinities: an arithmetic result that is not finite becomes null
 * (ArangoDB also raises a warning; the caller decides). -0 is kept as 0.
 */
export function safeNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n;
}

/**
 * A grouping key for DISTINCT, COLLECT, UNIQUE and friends. Like ArangoDB's hash-based
 * grouping it is structural: attribute order and -0 do not matter, but `[1, null]` and
 * `[1]`, or `{a: null}` and `{}`, stay distinct although `==` calls them equal.
 * Equal keys always mean equal values.
 */
export function hashKey(v: Value): string {
  if (v === null || v === undefined) return 'n';
  switch (typeof v) {
    case 'boolean':
      return v ? 't' : 'f';
    case 'number':
      return `d${v === 0 ? 0 : v}`;
    case 'string':
      return `s${JSON.stringify(v)}`;
    default: {
      if (Array.isArray(v)) return `[${(v as readonly Value[]).map((x) => hashKey(x)).join(',')}]`;
      const o = v as Doc;
      const keys = Object.keys(o).sort(compareCodePoints);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${hashKey(o[k] ?? null)}`).join(',')}}`;
    }
  }
}

/** Deep copy with NaN/Infinity (which JSON cannot carry) mapped to null. */
export function normalizeValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      return safeNumber(v);
    case 'object': {
      if (Array.isArray(v)) return v.map((x) => normalizeValue(x));
      const out: Record<string, Value> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x !== undefined) out[k] = normalizeValue(x);
      }
      return out;
    }
    default:
      return null;
  }
}
