// Authentication (reference/gdn-api.md §2): email/password → JWT, and a cheap call that
// proves a credential works and tells the tenant.
import type { GdnClient } from './client.js';

export interface LoginResult {
  readonly jwt: string;
  readonly tenant: string | undefined;
  /** ISO time, from the JWT's `exp` when it has one. */
  readonly expiresAt: string | undefined;
}

export function jwtExpiry(jwt: string): string | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? new Date(exp * 1000).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /_open/auth`; the client must have auth 'none'. The password is only sent, never kept. */
export async function loginWithPassword(c: GdnClient, email: string, password: string): Promise<LoginResult> {
  const r = await c.requestJson<{ jwt: string; tenant?: string }>({ method: 'POST', path: '/_open/auth', body: { email, password } });
  return { jwt: r.jwt, tenant: r.tenant, expiresAt: jwtExpiry(r.jwt) };
}

export interface WhoAmI {
  readonly user: string | undefined;
  readonly tenant: string | undefined;
}

/** Validates the client's credential: `GET /_api/user` lists users visible to it. */
export async function verifyCredential(c: GdnClient): Promise<WhoAmI> {
  const r = await c.requestJson<{ result?: { user?: string; tenant?: string }[] }>({ method: 'GET', path: '/_api/user' });
  const first = r.result?.[0];
  return { user: first?.user, tenant: first?.tenant };
}
