// String functions: CONCAT … ENCODE_URI_COMPONENT. Non-string arguments are
// converted with TO_STRING rules, as ArangoDB does, unless noted.
import { createHash } from 'node:crypto';
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { isArray, isObject, normalizeValue, toBool, toNumber, toStringValue } from '../values.js';
import { arg, chars, def, INVALID_REGEX, invalidArg } from './util.js';

const str = (a: readonly Value[], i: number): string => toStringValue(arg(a, i));

function joinValues(values: readonly Value[], sep: string): string {
  const parts: string[] = [];
  for (const v of values) if (v !== null) parts.push(toStringValue(v));
  return parts.join(sep);
}

const DEFAULT_TRIM = ' \t\r\n';

function trimChars(s: string, set: string, left: boolean, right: boolean): string {
  const cs = chars(s);
  const strip = new Set(chars(set));
  let start = 0;
  let end = cs.length;
  if (left) while (start < end && strip.has(cs[start]!)) start++;
  if (right) while (end > start && strip.has(cs[end - 1]!)) end--;
  return cs.slice(start, end).join('');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// Queries apply the same pattern to every row; compiled expressions are kept
// (a few hundred at most) instead of being rebuilt per call.
const REGEX_CACHE_SIZE = 256;
const regexCache = new Map<string, RegExp>();

function cachedRegex(key: string, build: () => RegExp): RegExp {
  let re = regexCache.get(key);
  if (re === undefined) {
    re = build();
    if (regexCache.size >= REGEX_CACHE_SIZE) {
      const oldest = regexCache.keys().next().value;
      if (oldest !== undefined) regexCache.delete(oldest);
    }
    regexCache.set(key, re);
  }
  return re;
}

/** LIKE pattern → anchored RegExp: % any run, _ one character, backslash escapes. */
export function likeToRegex(pattern: string, caseInsensitive: boolean): RegExp {
  return cachedRegex(`like:${caseInsensitive ? 'i' : ''}:${pattern}`, () => buildLike(pattern, caseInsensitive));
}

function buildLike(pattern: string, caseInsensitive: boolean): RegExp {
  let out = '';
  const cs = chars(pattern);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === '\\' && i + 1 < cs.length) out += escapeRegex(cs[++i]!);
    else if (c === '%') out += '[\\s\\S]*';
    else if (c === '_') out += '[\\s\\S]';
    else out += escapeRegex(c);
  }
  return new RegExp(`^${out}$`, caseInsensitive ? 'iu' : 'u');
}

/**
 * ArangoDB uses ICU regular expressions. JavaScript's Unicode mode is closest, but it
 * rejects escapes ICU accepts (such as `\-`), so those patterns compile without it.
 */
function makeRegex(ctx: FunctionContext, source: string, flags: string): RegExp | null {
  try {
    return cachedRegex(`re:${flags}:${source}`, () => {
      try {
        return new RegExp(source, `${flags}u`);
      } catch {
        return new RegExp(source, flags);
      }
    });
  } catch {
    ctx.warn(INVALID_REGEX, 'invalid regex value');
    return null;
  }
}

function hash(algo: string) {
  return (a: readonly Value[]) => createHash(algo).update(str(a, 0), 'utf8').digest('hex');
}

/**
 * FIND_FIRST/FIND_LAST: the character index of `search` starting at `start` and ending
 * at or before `end` (inclusive), or -1. A negative start or an end before the start
 * gives -1; an empty search gives the start (FIND_FIRST) or the end (FIND_LAST), as ArangoDB.
 */
function findIn(a: readonly Value[], last: boolean): number {
  const cs = chars(str(a, 0));
  const needle = chars(str(a, 1));
  const start = a.length > 2 ? Math.trunc(toNumber(arg(a, 2))) : 0;
  if (start < 0) return -1;
  let maxEnd = cs.length;
  let endGiven = false;
  if (a.length > 3 && arg(a, 3) !== null) {
    maxEnd = Math.trunc(toNumber(arg(a, 3)));
    if (maxEnd < start || maxEnd < 0) return -1;
    endGiven = true;
  }
  if (needle.length === 0) return last ? maxEnd + (endGiven ? 1 : 0) : start;
  let found = -1;
  for (let i = start; i + needle.length <= cs.length && i + needle.length - 1 <= maxEnd; i++) {
    if (needle.every((c, j) => cs[i + j] === c)) {
      if (!last) return i;
      found = i;
    }
  }
  return found;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

function uuid(ctx: FunctionContext): string {
  let s = '';
  for (let i = 0; i < 32; i++) {
    let d = Math.floor(ctx.random() * 16);
    if (i === 12) d = 4; // version 4
    if (i === 16) d = 8 + (d & 3); // RFC 4122 variant
    s += HEX[d];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
  }
  return s;
}

/** SUBSTITUTE: leftmost match wins, earlier search strings win ties; null on bad argument types. */
function substitute(a: readonly Value[], ctx: FunctionContext): Value {
  const search = arg(a, 1);
  let pairs: [string, string][];
  let limit: Value;
  if (isObject(search)) {
    if (a.length > 3) return invalidArg(ctx, 'SUBSTITUTE');
    pairs = [];
    for (const [k, v] of Object.entries(search)) {
      if (v !== null && typeof v !== 'string') return invalidArg(ctx, 'SUBSTITUTE');
      pairs.push([k, v ?? '']);
    }
    limit = a.length > 2 ? arg(a, 2) : null;
  } else {
    const from = isArray(search) ? search : [search];
    if (!from.every((f) => typeof f === 'string')) return invalidArg(ctx, 'SUBSTITUTE');
    let to: (v: number) => string = () => '';
    if (a.length > 2) {
      const replace = arg(a, 2);
      if (typeof replace === 'string') to = () => replace;
      else if (isArray(replace) && replace.every((r) => r === null || typeof r === 'string')) {
        to = (i) => (replace[i] as string | null | undefined) ?? '';
      } else return invalidArg(ctx, 'SUBSTITUTE');
    }
    pairs = (from as string[]).map((f, i) => [f, to(i)]);
    limit = a.length > 3 ? arg(a, 3) : null;
  }
  let remaining = limit === null ? Infinity : Math.trunc(toNumber(limit));
  pairs = pairs.filter(([f]) => f !== '');
  if (remaining === 0 || pairs.length === 0) return arg(a, 0);
  const text = str(a, 0);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const hit = remaining > 0 ? pairs.find(([f]) => text.startsWith(f, i)) : undefined;
    if (hit) {
      out += hit[1];
      i += hit[0].length;
      remaining--;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

function split(a: readonly Value[], ctx: FunctionContext): Value {
  let limit = Infinity;
  if (a.length > 2) {
    const l = arg(a, 2);
    if (typeof l !== 'number') return invalidArg(ctx, 'SPLIT');
    limit = Math.trunc(l);
    if (limit < 0) return null;
    if (limit === 0) return [];
  }
  // With only the value, SPLIT wraps it unchanged.
  if (a.length === 1) return [arg(a, 0)];
  const sep = arg(a, 1);
  if (isObject(sep)) return invalidArg(ctx, 'SPLIT');
  const text = str(a, 0);
  const seps = (isArray(sep) ? sep : [sep]).map(toStringValue).filter((x) => x !== '');
  let parts: string[];
  if (seps.length === 0) parts = chars(text);
  else if (text === '') parts = [''];
  else parts = text.split(new RegExp(seps.map(escapeRegex).join('|'), 'u'));
  return parts.slice(0, limit);
}

function levenshtein(a: string, b: string): number {
  const x = chars(a);
  const y = chars(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

export const stringFunctions: readonly FunctionDef[] = [
  def('CONCAT', 1, Infinity, (a) => {
    const only = a[0];
    if (a.length === 1 && only !== undefined && isArray(only)) return joinValues(only, '');
    return joinValues(a, '');
  }),
  def('CONCAT_SEPARATOR', 2, Infinity, (a) => {
    const sep = str(a, 0);
    const second = a[1];
    if (a.length === 2 && second !== undefined && isArray(second)) return joinValues(second, sep);
    return joinValues(a.slice(1), sep);
  }),
  def('LOWER', 1, 1, (a) => str(a, 0).toLowerCase()),
  def('UPPER', 1, 1, (a) => str(a, 0).toUpperCase()),
  def('SUBSTRING', 2, 3, (a) => {
    const cs = chars(str(a, 0));
    let start = Math.trunc(toNumber(arg(a, 1)));
    if (start < 0) start = Math.max(0, cs.length + start);
    // A negative length selects nothing, as in ArangoDB.
    const len = a.length > 2 ? Math.trunc(toNumber(arg(a, 2))) : cs.length;
    return len <= 0 ? '' : cs.slice(start, start + len).join('');
  }),
  def('LEFT', 2, 2, (a) => chars(str(a, 0)).slice(0, Math.max(0, Math.trunc(toNumber(arg(a, 1))))).join('')),
  def('RIGHT', 2, 2, (a) => {
    const cs = chars(str(a, 0));
    const n = Math.max(0, Math.trunc(toNumber(arg(a, 1))));
    return cs.slice(Math.max(0, cs.length - n)).join('');
  }),
  def('TRIM', 1, 2, (a) => {
    const how = arg(a, 1);
    if (typeof how === 'string') return trimChars(str(a, 0), how, true, true);
    const type = how === null ? 0 : Math.trunc(toNumber(how));
    return trimChars(str(a, 0), DEFAULT_TRIM, type !== 2, type !== 1);
  }),
  def('LTRIM', 1, 2, (a) => trimChars(str(a, 0), a.length > 1 ? str(a, 1) : DEFAULT_TRIM, true, false)),
  def('RTRIM', 1, 2, (a) => trimChars(str(a, 0), a.length > 1 ? str(a, 1) : DEFAULT_TRIM, false, true)),
  def('SPLIT', 1, 3, split),
  def('SUBSTITUTE', 2, 4, substitute),
  def('CONTAINS', 2, 3, (a) => {
    // An empty search string is never found (ArangoDB).
    const search = str(a, 1);
    const p = search === '' ? -1 : findIn([arg(a, 0), search], false);
    return toBool(arg(a, 2)) ? p : p >= 0;
  }),
  def('STARTS_WITH', 2, 3, (a, ctx) => {
    const text = str(a, 0);
    const prefixes = arg(a, 1);
    if (!isArray(prefixes)) return text.startsWith(str(a, 1));
    if (prefixes.length === 0) return false;
    const min = arg(a, 2) === null ? 1 : Math.trunc(toNumber(arg(a, 2)));
    if (min < 0) return invalidArg(ctx, 'STARTS_WITH');
    return prefixes.filter((p) => text.startsWith(toStringValue(p))).length >= min;
  }),
  def('LIKE', 2, 3, (a) => likeToRegex(str(a, 1), toBool(arg(a, 2))).test(str(a, 0))),
  def('REGEX_TEST', 2, 3, (a, ctx) => {
    const re = makeRegex(ctx, str(a, 1), toBool(arg(a, 2)) ? 'i' : '');
    return re === null ? null : re.test(str(a, 0));
  }),
  def('REGEX_REPLACE', 3, 4, (a, ctx) => {
    const re = makeRegex(ctx, str(a, 1), toBool(arg(a, 3)) ? 'gi' : 'g');
    return re === null ? null : str(a, 0).replace(re, str(a, 2));
  }),
  def('REGEX_MATCHES', 2, 3, (a, ctx) => {
    const re = makeRegex(ctx, str(a, 1), toBool(arg(a, 2)) ? 'i' : '');
    if (re === null) return null;
    const m = re.exec(str(a, 0));
    return m === null ? null : Array.from(m, (x) => x ?? '');
  }),
  def('REGEX_SPLIT', 2, 4, (a, ctx) => {
    const re = makeRegex(ctx, str(a, 1), toBool(arg(a, 2)) ? 'i' : '');
    if (re === null) return null;
    const parts = str(a, 0).split(re).map((x) => x ?? '');
    return arg(a, 3) === null ? parts : parts.slice(0, Math.max(0, Math.trunc(toNumber(arg(a, 3)))));
  }),
  def('CHAR_LENGTH', 1, 1, (a) => chars(str(a, 0)).length),
  def('FIND_FIRST', 2, 4, (a) => findIn(a, false)),
  def('FIND_LAST', 2, 4, (a) => findIn(a, true)),
  def('REVERSE', 1, 1, (a, ctx) => {
    const v = arg(a, 0);
    if (isArray(v)) return [...v].reverse();
    if (typeof v === 'string') return chars(v).reverse().join('');
    return invalidArg(ctx, 'REVERSE');
  }),
  def('MD5', 1, 1, hash('md5')),
  def('SHA1', 1, 1, hash('sha1')),
  def('SHA256', 1, 1, hash('sha256')),
  def('SHA512', 1, 1, hash('sha512')),
  def('UUID', 0, 0, (_a, ctx) => uuid(ctx)),
  def('RANDOM_TOKEN', 1, 1, (a, ctx) => {
    const n = toNumber(arg(a, 0));
    if (!Number.isInteger(n) || n < 0 || n > 65536) return invalidArg(ctx, 'RANDOM_TOKEN');
    let s = '';
    for (let i = 0; i < n; i++) s += ALNUM[Math.floor(ctx.random() * ALNUM.length)];
    return s;
  }),
  def('JSON_STRINGIFY', 1, 1, (a) => JSON.stringify(arg(a, 0))),
  def('JSON_PARSE', 1, 1, (a, ctx) => {
    const v = arg(a, 0);
    if (typeof v !== 'string') return invalidArg(ctx, 'JSON_PARSE');
    try {
      return normalizeValue(JSON.parse(v));
    } catch {
      return invalidArg(ctx, 'JSON_PARSE');
    }
  }),
  def('TO_BASE64', 1, 1, (a) => Buffer.from(str(a, 0), 'utf8').toString('base64')),
  def('TO_HEX', 1, 1, (a) => Buffer.from(str(a, 0), 'utf8').toString('hex')),
  def('ENCODE_URI_COMPONENT', 1, 1, (a) => encodeURIComponent(str(a, 0))),
  def('LEVENSHTEIN_DISTANCE', 2, 2, (a) => levenshtein(str(a, 0), str(a, 1))),
];
