// Whole-number flags (`--batch-size 500`): a clear usage error instead of NaN.
import { UsageError } from '../render/errors.js';

export function intFlag(raw: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${name} takes a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}
