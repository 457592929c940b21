// Bind values for `query`, `restql run` and `restql save --param`: `k=v` is a string,
// `k:=<json>` is typed (numbers, booleans, null, arrays, objects), `--bind-file` gives a
// JSON object that the flags then override. `@name` keys are collection binds (`@@name`).
import { UsageError } from '../render/errors.js';

export type BindVars = Record<string, unknown>;

export function parseBind(spec: string): [string, unknown] {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`--bind takes k=v or k:=<json>, got '${spec}'`);
  const typed = spec[eq - 1] === ':';
  const key = spec.slice(0, typed ? eq - 1 : eq);
  const raw = spec.slice(eq + 1);
  if (key === '') throw new UsageError(`--bind '${spec}' has no name before '='`);
  if (!typed) return [key, raw];
  try {
    return [key, JSON.parse(raw) as unknown];
  } catch (err) {
    throw new UsageError(`--bind ${key}:= needs a JSON value (${(err as Error).message}); for a string use ${key}=…`);
  }
}

export function parseBinds(specs: readonly string[], fromFile: BindVars = {}): BindVars {
  const out: BindVars = { ...fromFile };
  for (const spec of specs) {
    const [k, v] = parseBind(spec);
    out[k] = v;
  }
  return out;
}

/** Parses the text of a `--bind-file`; `name` is for the error message. */
export function parseBindFile(text: string, name: string): BindVars {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--bind-file ${name}: invalid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`--bind-file ${name} must hold a JSON object`);
  return value as BindVars;
}
