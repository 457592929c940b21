// Removes secrets from anything the request log prints (--verbose/--debug).
const SECRET_KEY = /^(authorization|apikey|api[-_]?key|jwt|password|passwd|token|secret|x-api-key)$/i;
const SECRET_IN_TEXT = /("(?:jwt|password|token|secret|apikey|api_key|key)"\s*:\s*")[^"]*(")/gi;

export const REDACTED = '[redacted]';

/** A deep copy of `value` with secret-named fields replaced; strings lose JSON-embedded secrets. */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(SECRET_IN_TEXT, `$1${REDACTED}$2`).replace(/\b(apikey|bearer)\s+\S+/gi, `$1 ${REDACTED}`);
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v);
    return out;
  }
  return value;
}
