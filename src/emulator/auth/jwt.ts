// HS256 JSON Web Tokens, the only kind GDN issues (reference/gdn-api.md §2.1). We emit
// unpadded base64url, which jwt-decode (used by jsC8) reads reliably.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  readonly iat: number;
  readonly exp: number;
  readonly iss: string;
  readonly preferred_username: string;
  readonly sub: string;
  readonly tenant: string;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const sig = createHmac('sha256', secret).update(`${HEADER}.${payload}`).digest('base64url');
  return `${HEADER}.${payload}.${sig}`;
}

/** The claims of a well-signed, unexpired token; undefined otherwise. `nowSec` is seconds. */
export function verifyJwt(token: string, secret: Buffer, nowSec: number): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: unknown;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'HS256') return undefined;
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const c = claims as Partial<JwtClaims>;
  if (typeof c.exp !== 'number' || c.exp <= nowSec) return undefined;
  if (typeof c.tenant !== 'string' || typeof c.preferred_username !== 'string') return undefined;
  return c as JwtClaims;
}
