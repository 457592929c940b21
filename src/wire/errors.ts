// The GDN error envelope. Both official SDKs classify replies by it: jsC8 raises
// when a body has all four fields (even on a 2xx); pyC8 treats any body carrying
// `errorNum` as a failure. So errors always carry all four, and success bodies never
// carry `errorNum` (reference/gdn-api.md §1.5).

export interface GdnErrorBody {
  readonly error: true;
  readonly code: number;
  readonly errorNum: number;
  readonly errorMessage: string;
  readonly [extra: string]: unknown;
}

/** One failed item of a batch document call: no `code` (reference §6). */
export interface GdnItemError {
  readonly error: true;
  readonly errorNum: number;
  readonly errorMessage: string;
}

export function isGdnErrorBody(body: unknown): body is GdnErrorBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  return (
    b.error === true &&
    typeof b.code === 'number' &&
    typeof b.errorNum === 'number' &&
    typeof b.errorMessage === 'string'
  );
}

export function isGdnItemError(item: unknown): item is GdnItemError {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false;
  const b = item as Record<string, unknown>;
  return b.error === true && typeof b.errorNum === 'number' && typeof b.errorMessage === 'string';
}

export function errorBody(
  code: number,
  errorNum: number,
  errorMessage: string,
  extra?: Record<string, unknown>,
): GdnErrorBody {
  return { ...extra, error: true, code, errorNum, errorMessage };
}
