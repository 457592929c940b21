// Who a request acts as, after its Authorization header has been checked.

export type PrincipalKind = 'user' | 'key';

export interface Principal {
  readonly kind: PrincipalKind;
  /** User id (e.g. 'root') or API key id. */
  readonly id: string;
  readonly tenant: string;
  /** The tenant admin (root user and the admin key): rw everywhere, may manage keys and users. */
  readonly admin: boolean;
}

export type AccessLevel = 'rw' | 'ro' | 'none';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['rw', 'ro', 'none'];

export function isAccessLevel(v: unknown): v is AccessLevel {
  return v === 'rw' || v === 'ro' || v === 'none';
}
