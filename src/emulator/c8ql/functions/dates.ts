// Date functions (UTC, millisecond timestamps, ISO 8601 strings) following
// ArangoDB: invalid dates → null + warning 1572, wrong argument types → 1542.
import type { FunctionContext, FunctionDef, Value } from '../types.js';
import { toBool, toNumber } from '../values.js';
import { arg, def, INVALID_DATE_VALUE, invalidArg } from './util.js';

const MIN_TS = -62167219200000; // 0000-01-01T00:00:00.000Z
const MAX_TS = 253402300799999; // 9999-12-31T23:59:59.999Z
const DAY_MS = 86_400_000;

// YYYY[-MM[-DD]][(T| )HH:MM[:SS[.fff…]]][Z|±HH:MM], or a bare trailing Z, as ArangoDB's
// date-time parser accepts it; years may carry a sign and up to six digits.
const ISO =
  /^([+-]?\d{1,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:([zZ])|([+-])(\d{2}):(\d{2}))?$/;

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const dt = new Date(0);
  dt.setUTCFullYear(y, mo - 1, d);
  dt.setUTCHours(h, mi, s, ms);
  return dt.getTime();
}

/** ISO string → timestamp, or undefined when it is not a date string. */
function parseIso(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', sec = '0', frac, , sign, oh, om] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return undefined;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let t = utc(Number(y), month, day, Number(h), Number(mi), Number(sec), ms);
  if (sign !== undefined) t -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return t;
}

export function isDateString(s: string): boolean {
  return parseIso(s) !== undefined;
}

function invalidDate(ctx: FunctionContext): null {
  ctx.warn(INVALID_DATE_VALUE, 'invalid date value');
  return null;
}

/** A date argument → timestamp, or null after the warning ArangoDB gives. */
function toTimestamp(v: Value, ctx: FunctionContext, name: string): number | null {
  let t: number | undefined;
  if (typeof v === 'number') t = Math.trunc(v);
  else if (typeof v === 'string') t = parseIso(v);
  else return invalidArg(ctx, name);
  if (t === undefined || !Number.isFinite(t) || t < MIN_TS || t > MAX_TS) return invalidDate(ctx);
  return t;
}

export function iso(t: number): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

/** A computed timestamp as ISO string, or null + warning when out of range. */
function isoOrWarn(t: number, ctx: FunctionContext): Value {
  return Number.isFinite(t) && t >= MIN_TS && t <= MAX_TS ? iso(t) : invalidDate(ctx);
}

type Unit = 'y' | 'm' | 'w' | 'd' | 'h' | 'i' | 's' | 'f';
const UNITS: Record<string, Unit> = {};
for (const [u, names] of [
  ['y', ['y', 'year', 'years']],
  ['m', ['m', 'month', 'months']],
  ['w', ['w', 'week', 'weeks']],
  ['d', ['d', 'day', 'days']],
  ['h', ['h', 'hour', 'hours']],
  ['i', ['i', 'minute', 'minutes']],
  ['s', ['s', 'second', 'seconds']],
  ['f', ['f', 'millisecond', 'milliseconds']],
] as const) {
  for (const n of names) UNITS[n] = u;
}
const unitOf = (v: Value): Unit | undefined => (typeof v === 'string' ? UNITS[v.toLowerCase()] : undefined);
const FIXED_MS: Record<Exclude<Unit, 'y' | 'm'>, number> = { w: 7 * DAY_MS, d: DAY_MS, h: 3_600_000, i: 60_000, s: 1000, f: 1 };

function addMonths(t: number, months: number): number {
  const d = new Date(t);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/** DATE_ADD with a unit; fractions of years and months carry down as ArangoDB does. */
function addUnits(t: number, amount: number, unit: Unit): number {
  const sign = amount < 0 ? -1 : 1;
  let rest = Math.abs(amount);
  if (unit === 'y' || unit === 'm') {
    let months = 0;
    if (unit === 'y') {
      months += Math.trunc(rest) * 12;
      rest = (rest - Math.trunc(rest)) * 12;
    }
    months += Math.trunc(rest);
    rest -= Math.trunc(rest);
    return addMonths(t, sign * months) + sign * Math.trunc(rest * 30 * DAY_MS);
  }
  return t + sign * Math.trunc(rest * FIXED_MS[unit]);
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,3}))?S)?)?$/;

function addDuration(t: number, duration: string, sign: 1 | -1): number | undefined {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const ms = Number((m[8] ?? '').padEnd(3, '0'));
  const fixed = n(3) * 7 * DAY_MS + n(4) * DAY_MS + n(5) * 3_600_000 + n(6) * 60_000 + n(7) * 1000 + ms;
  return addMonths(t, sign * (n(1) * 12 + n(2))) + sign * fixed;
}

function addOrSubtract(name: string, sign: 1 | -1) {
  return def(name, 2, 3, (a, ctx) => {
    const t = toTimestamp(arg(a, 0), ctx, name);
    if (t === null) return null;
    if (a.length === 2) {
      const d = arg(a, 1);
      if (typeof d !== 'string') return invalidArg(ctx, name);
      const r = addDuration(t, d, sign);
      return r === undefined ? invalidDate(ctx) : isoOrWarn(r, ctx);
    }
    const amount = arg(a, 1);
    // A string amount with a third argument is ArangoDB's (duration, time zone) form,
    // which the emulator does not support.
    if (typeof amount !== 'number' || typeof arg(a, 2) !== 'string') return invalidArg(ctx, name);
    const unit = unitOf(arg(a, 2));
    if (unit === undefined) return invalidDate(ctx);
    return isoOrWarn(addUnits(t, sign * amount, unit), ctx);
  });
}

function isoWeek(t: number): number {
  const d = new Date(t);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - day * DAY_MS + 3 * DAY_MS;
  const th = new Date(thursday);
  const jan1 = new Date(0);
  jan1.setUTCFullYear(th.getUTCFullYear(), 0, 1);
  return Math.floor((thursday - jan1.getTime()) / (7 * DAY_MS)) + 1;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function dayOfYear(t: number): number {
  const d = new Date(t);
  const jan1 = new Date(0);
  jan1.setUTCFullYear(d.getUTCFullYear(), 0, 1);
  return Math.floor((t - jan1.getTime()) / DAY_MS) + 1;
}

function daysInMonth(t: number): number {
  const d = new Date(t);
  const end = new Date(0);
  end.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
  return end.getUTCDate();
}

function component(name: string, f: (d: Date, t: number) => Value): FunctionDef {
  return def(name, 1, 1, (a, ctx) => {
    const t = toTimestamp(arg(a, 0), ctx, name);
    return t === null ? null : f(new Date(t), t);
  });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function signedYear(y: number): string {
  return `${y < 0 ? '-' : '+'}${String(Math.abs(y)).padStart(6, '0')}`;
}

/** DATE_FORMAT placeholders, longest first so "%yyyy" wins over "%yy". */
const PLACEHOLDERS: readonly [string, (d: Date, t: number) => string][] = [
  ['yyyyyy', (d) => signedYear(d.getUTCFullYear())],
  ['yyyy', (d) => {
    const y = d.getUTCFullYear();
    return y < 0 || y > 9999 ? signedYear(y) : String(y).padStart(4, '0');
  }],
  ['yy', (d) => {
    const y = d.getUTCFullYear();
    return `${y < 0 ? '-' : ''}${String(Math.abs(y) % 100).padStart(2, '0')}`;
  }],
  ['y', (d) => String(d.getUTCFullYear())],
  ['mmmm', (d) => MONTHS[d.getUTCMonth()]!],
  ['mmm', (d) => MONTHS[d.getUTCMonth()]!.slice(0, 3)],
  ['mm', (d) => String(d.getUTCMonth() + 1).padStart(2, '0')],
  ['m', (d) => String(d.getUTCMonth() + 1)],
  ['wwww', (d) => DAYS[d.getUTCDay()]!],
  ['www', (d) => DAYS[d.getUTCDay()]!.slice(0, 3)],
  ['w', (d) => String(d.getUTCDay())],
  ['dd', (d) => String(d.getUTCDate()).padStart(2, '0')],
  ['d', (d) => String(d.getUTCDate())],
  ['hh', (d) => String(d.getUTCHours()).padStart(2, '0')],
  ['h', (d) => String(d.getUTCHours())],
  ['ii', (d) => String(d.getUTCMinutes()).padStart(2, '0')],
  ['i', (d) => String(d.getUTCMinutes())],
  ['ss', (d) => String(d.getUTCSeconds()).padStart(2, '0')],
  ['s', (d) => String(d.getUTCSeconds())],
  ['fff', (d) => String(d.getUTCMilliseconds()).padStart(3, '0')],
  ['f', (d) => String(d.getUTCMilliseconds())],
  ['xxx', (_d, t) => String(dayOfYear(t)).padStart(3, '0')],
  ['x', (_d, t) => String(dayOfYear(t))],
  ['kk', (_d, t) => String(isoWeek(t)).padStart(2, '0')],
  ['k', (_d, t) => String(isoWeek(t))],
  ['l', (d) => (isLeap(d.getUTCFullYear()) ? '1' : '0')],
  ['q', (d) => String(Math.floor(d.getUTCMonth() / 3) + 1)],
  ['a', (_d, t) => String(daysInMonth(t))],
  ['t', (_d, t) => String(t)],
  ['z', (_d, t) => iso(t)],
  ['%', () => '%'],
  ['&', () => ''],
];

export function formatDate(t: number, format: string): string {
  const d = new Date(t);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const rest = format.slice(i + 1).toLowerCase();
    const hit = PLACEHOLDERS.find(([p]) => rest.startsWith(p));
    if (hit) {
      out += hit[1](d, t);
      i += hit[0].length;
    }
    // A lone or unknown "%" is dropped; the next character is copied as is.
  }
  return out;
}

function fromComponents(a: readonly Value[], ctx: FunctionContext, name: string): number | null {
  if (a.length === 1) return toTimestamp(arg(a, 0), ctx, name);
  if (a.length < 3) return invalidArg(ctx, name);
  const parts: number[] = [];
  for (const v of a) {
    if (typeof v !== 'number' && typeof v !== 'string') return invalidArg(ctx, name);
    parts.push(Math.trunc(toNumber(v)));
  }
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, ms = 0] = parts;
  if (y < 0 || y > 9999 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0 || ms < 0) return invalidDate(ctx);
  const t = utc(y, mo, d, h, mi, s, Math.min(ms, 999));
  return t < MIN_TS || t > MAX_TS ? invalidDate(ctx) : t;
}

const UNIT_ORDER: readonly Unit[] = ['y', 'm', 'd', 'h', 'i', 's', 'f'];

function parts(t: number): number[] {
  const d = new Date(t);
  return [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
}

const DIFF_MS: Record<Unit, number> = { ...FIXED_MS, y: 365.2425 * DAY_MS, m: (365.2425 * DAY_MS) / 12 };

export const dateFunctions: readonly FunctionDef[] = [
  def('DATE_NOW', 0, 0, (_a, ctx) => ctx.now()),
  def('DATE_ISO8601', 1, 7, (a, ctx) => {
    const t = fromComponents(a, ctx, 'DATE_ISO8601');
    return t === null ? null : iso(t);
  }),
  def('DATE_TIMESTAMP', 1, 7, (a, ctx) => fromComponents(a, ctx, 'DATE_TIMESTAMP')),
  component('DATE_DAYOFWEEK', (d) => d.getUTCDay()),
  component('DATE_YEAR', (d) => d.getUTCFullYear()),
  component('DATE_MONTH', (d) => d.getUTCMonth() + 1),
  component('DATE_DAY', (d) => d.getUTCDate()),
  component('DATE_HOUR', (d) => d.getUTCHours()),
  component('DATE_MINUTE', (d) => d.getUTCMinutes()),
  component('DATE_SECOND', (d) => d.getUTCSeconds()),
  component('DATE_MILLISECOND', (d) => d.getUTCMilliseconds()),
  component('DATE_DAYOFYEAR', (_d, t) => dayOfYear(t)),
  component('DATE_ISOWEEK', (_d, t) => isoWeek(t)),
  component('DATE_LEAPYEAR', (d) => isLeap(d.getUTCFullYear())),
  component('DATE_QUARTER', (d) => Math.floor(d.getUTCMonth() / 3) + 1),
  component('DATE_DAYS_IN_MONTH', (_d, t) => daysInMonth(t)),
  addOrSubtract('DATE_ADD', 1),
  addOrSubtract('DATE_SUBTRACT', -1),
  def('DATE_DIFF', 3, 4, (a, ctx) => {
    const t1 = toTimestamp(arg(a, 0), ctx, 'DATE_DIFF');
    if (t1 === null) return null;
    const t2 = toTimestamp(arg(a, 1), ctx, 'DATE_DIFF');
    if (t2 === null) return null;
    if (typeof arg(a, 2) !== 'string') return invalidArg(ctx, 'DATE_DIFF');
    const unit = unitOf(arg(a, 2));
    if (unit === undefined) return invalidDate(ctx);
    const diff = (t2 - t1) / DIFF_MS[unit];
    // std::round: halves away from zero.
    return toBool(arg(a, 3)) ? diff : Math.sign(diff) * Math.round(Math.abs(diff)) || 0;
  }),
  def('DATE_COMPARE', 3, 4, (a, ctx) => {
    const t1 = toTimestamp(arg(a, 0), ctx, 'DATE_COMPARE');
    if (t1 === null) return null;
    const t2 = toTimestamp(arg(a, 1), ctx, 'DATE_COMPARE');
    if (t2 === null) return null;
    const start = unitOf(arg(a, 2));
    const end = a.length > 3 ? unitOf(arg(a, 3)) : start;
    if (start === undefined || start === 'w' || end === undefined || end === 'w') return invalidArg(ctx, 'DATE_COMPARE');
    const from = UNIT_ORDER.indexOf(start);
    const to = UNIT_ORDER.indexOf(end);
    const p1 = parts(t1);
    const p2 = parts(t2);
    // Components from the start unit down to the end unit; an end coarser than the start compares nothing.
    for (let i = from; i <= to; i++) if (p1[i] !== p2[i]) return false;
    return true;
  }),
  def('DATE_TRUNC', 2, 2, (a, ctx) => {
    const t = toTimestamp(arg(a, 0), ctx, 'DATE_TRUNC');
    if (t === null) return null;
    const unit = unitOf(arg(a, 1));
    if (unit === undefined || unit === 'w') return invalidDate(ctx);
    const p = parts(t);
    const keep = UNIT_ORDER.indexOf(unit);
    const v = p.map((x, i) => (i <= keep ? x : i === 2 ? 1 : 0));
    return iso(utc(v[0]!, v[1]! + 1, v[2]!, v[3]!, v[4]!, v[5]!, v[6]!));
  }),
  def('DATE_ROUND', 3, 3, (a, ctx) => {
    const t = toTimestamp(arg(a, 0), ctx, 'DATE_ROUND');
    if (t === null) return null;
    const n = arg(a, 1);
    const unit = unitOf(arg(a, 2));
    if (typeof n !== 'number' || Math.trunc(n) <= 0 || unit === undefined || unit === 'y' || unit === 'm' || unit === 'w') {
      return invalidArg(ctx, 'DATE_ROUND');
    }
    const step = Math.trunc(n) * FIXED_MS[unit];
    return isoOrWarn(Math.trunc(t / step) * step, ctx);
  }),
  def('DATE_FORMAT', 2, 2, (a, ctx) => {
    const t = toTimestamp(arg(a, 0), ctx, 'DATE_FORMAT');
    if (t === null) return null;
    const f = arg(a, 1);
    return typeof f === 'string' ? formatDate(t, f) : invalidArg(ctx, 'DATE_FORMAT');
  }),
];
