// Query-string readers. pyC8 sends booleans as 1/0, jsC8 as true/false (reference §1.4).
import { badParameter } from '../errors.js';

/** true/false/1/0 (case-insensitive; empty = true, as a bare `?flag` means on); else 400/10. */
export function queryBool(query: Readonly<Record<string, string | undefined>>, name: string, fallback: boolean): boolean {
  const v = query[name];
  if (v === undefined) return fallback;
  switch (v.toLowerCase()) {
    case '':
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw badParameter(`invalid value '${v}' for boolean query parameter '${name}'`);
  }
}

/** A non-negative integer query parameter; else 400/10. */
export function queryInt(query: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const v = query[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,15}$/.test(v)) throw badParameter(`invalid value '${v}' for integer query parameter '${name}'`);
  return Number(v);
}
