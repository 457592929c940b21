// Small request-body readers shared by handlers; failures are 400/10 envelopes.
import { badParameter } from '../errors.js';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body as a JSON object; a missing body counts as `{}` when `optional`. */
export function objectBody(body: unknown, optional = false): JsonObject {
  if (body === undefined && optional) return {};
  if (!isObject(body)) throw badParameter('expecting a JSON object as body');
  return body;
}

export function optionalString(obj: JsonObject, field: string): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badParameter(`'${field}' must be a string`);
  return v;
}

export function requiredString(obj: JsonObject, field: string): string {
  const v = optionalString(obj, field);
  if (v === undefined || v === '') throw badParameter(`'${field}' is required`);
  return v;
}

export function optionalBool(obj: JsonObject, field: string): boolean | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badParameter(`'${field}' must be a boolean`);
  return v;
}
