// Type checks and casts: TO_BOOL … FIRST_DOCUMENT.
import type { FunctionDef, Value } from '../types.js';
import { isArray, isObject, toBool, toNumber, toStringValue, typeName } from '../values.js';
import { alias, arg, def } from './util.js';
import { isDateString } from './dates.js';

function toArray(v: Value): Value {
  if (v === null) return [];
  if (isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [v];
}

const KEY_CHARS = /^[a-zA-Z0-9_\-:.@()+,=;$!*'%]{1,254}$/;

const toArrayDef = def('TO_ARRAY', 1, 1, (a) => toArray(arg(a, 0)));
const isArrayDef = def('IS_ARRAY', 1, 1, (a) => isArray(arg(a, 0)));
const isObjectDef = def('IS_OBJECT', 1, 1, (a) => isObject(arg(a, 0)));

export const typeFunctions: readonly FunctionDef[] = [
  def('TO_BOOL', 1, 1, (a) => toBool(arg(a, 0))),
  def('TO_NUMBER', 1, 1, (a) => toNumber(arg(a, 0))),
  def('TO_STRING', 1, 1, (a) => toStringValue(arg(a, 0))),
  toArrayDef,
  alias('TO_LIST', toArrayDef),
  def('IS_NULL', 1, 1, (a) => arg(a, 0) === null),
  def('IS_BOOL', 1, 1, (a) => typeof arg(a, 0) === 'boolean'),
  def('IS_NUMBER', 1, 1, (a) => typeof arg(a, 0) === 'number'),
  def('IS_STRING', 1, 1, (a) => typeof arg(a, 0) === 'string'),
  isArrayDef,
  alias('IS_LIST', isArrayDef),
  isObjectDef,
  alias('IS_DOCUMENT', isObjectDef),
  def('IS_DATESTRING', 1, 1, (a) => {
    const v = arg(a, 0);
    return typeof v === 'string' && isDateString(v);
  }),
  def('IS_KEY', 1, 1, (a) => {
    const v = arg(a, 0);
    return typeof v === 'string' && KEY_CHARS.test(v);
  }),
  def('TYPENAME', 1, 1, (a) => typeName(arg(a, 0))),
  def('NOT_NULL', 1, Infinity, (a) => a.find((v) => v !== null) ?? null),
  def('FIRST_LIST', 1, Infinity, (a) => a.find((v) => isArray(v)) ?? null),
  def('FIRST_DOCUMENT', 1, Infinity, (a) => a.find((v) => isObject(v)) ?? null),
];
