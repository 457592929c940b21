// Users, API keys, access grants and the JWT secret of the emulator's single tenant.
// The admin user ('root') and the admin API key are (re)written from the options at
// every start, so changing --password or --api-key takes effect on restart.
import { createHash, randomBytes } from 'node:crypto';
import { ErrorNum } from '../../wire/codes.js';
import { signJwt, verifyJwt } from '../auth/jwt.js';
import { hashPassword, verifyPassword, verifyPasswordAsync } from '../auth/password.js';
import type { AccessLevel, Principal, PrincipalKind } from '../auth/principal.js';
import type { CoreBase } from '../core.js';
import { GdnError } from '../errors.js';
import type { Db } from './db.js';

export const AUTH_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS users (
     id TEXT PRIMARY KEY,
     email TEXT NOT NULL UNIQUE COLLATE NOCASE,
     pass_hash TEXT NOT NULL,
     active INTEGER NOT NULL,
     display_name TEXT NOT NULL,
     extra TEXT NOT NULL,
     admin INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS api_keys (
     keyid TEXT PRIMARY KEY,
     hash TEXT NOT NULL UNIQUE,
     user_id TEXT NOT NULL,
     admin INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS api_key_attributes (keyid TEXT PRIMARY KEY, attrs TEXT NOT NULL)`,
  // collection '' is the fabric-level grant, '*' the default for all collections.
  `CREATE TABLE IF NOT EXISTS grants (
     kind TEXT NOT NULL, principal TEXT NOT NULL, fabric TEXT NOT NULL,
     collection TEXT NOT NULL, level TEXT NOT NULL,
     PRIMARY KEY (kind, principal, fabric, collection))`,
];

export const ADMIN_USER_ID = 'root';
/** JWT lifetime: 12 h, as GDN documents (reference §2.1). */
export const JWT_TTL_SEC = 12 * 60 * 60;
/** Letters first, then letters, digits or '_' (recorded GDN keys contain '_'). */
const KEY_ID = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export interface UserRecord {
  readonly user: string;
  readonly email: string;
  readonly active: boolean;
  readonly displayName: string;
  readonly extra: Record<string, unknown>;
  readonly tenant: string;
}

export interface KeyRecord {
  readonly keyid: string;
  readonly user: string;
  readonly admin: boolean;
  readonly hash: string;
}

interface UserRow {
  id: string;
  email: string;
  pass_hash: string;
  active: number;
  display_name: string;
  extra: string;
  admin: number;
}

interface KeyRow {
  keyid: string;
  hash: string;
  user_id: string;
  admin: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

const CACHE_LIMIT = 1024;

function remember<V>(cache: Map<string, V>, key: string, value: V): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

export class AuthStore {
  readonly tenant: string;
  readonly #base: CoreBase;
  readonly #db: Db;
  readonly #secret: Buffer;
  readonly #stmt;
  /**
   * Authenticated callers by credential string: every request authenticates, and a hash +
   * lookup (or an HMAC check) per request is measurable. Cleared whenever a key or user
   * is removed, and bounded so random bad credentials cannot grow it.
   */
  readonly #keyCache = new Map<string, Principal>();
  readonly #jwtCache = new Map<string, { principal: Principal; exp: number }>();

  constructor(base: CoreBase) {
    this.#base = base;
    this.#db = base.db;
    this.tenant = base.options.tenant;
    const db = base.db;
    this.#stmt = {
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      users: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY id'),
      insertUser: db.prepare(
        'INSERT INTO users (id, email, pass_hash, active, display_name, extra, admin) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      deleteUser: db.prepare<[string]>('DELETE FROM users WHERE id = ?'),
      keyByHash: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ?'),
      keyById: db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE keyid = ?'),
      keys: db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY keyid'),
      insertKey: db.prepare('INSERT INTO api_keys (keyid, hash, user_id, admin) VALUES (?, ?, ?, ?)'),
      deleteKey: db.prepare<[string]>('DELETE FROM api_keys WHERE keyid = ?'),
      grant: db.prepare<[string, string, string, string], { level: AccessLevel }>(
        'SELECT level FROM grants WHERE kind = ? AND principal = ? AND fabric = ? AND collection = ?',
      ),
      grantsOf: db.prepare<[string, string], { fabric: string; collection: string; level: AccessLevel }>(
        'SELECT fabric, collection, level FROM grants WHERE kind = ? AND principal = ?',
      ),
      setGrant: db.prepare(
        `INSERT INTO grants (kind, principal, fabric, collection, level) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (kind, principal, fabric, collection) DO UPDATE SET level = excluded.level`,
      ),
      clearGrant: db.prepare('DELETE FROM grants WHERE kind = ? AND principal = ? AND fabric = ? AND collection = ?'),
      clearPrincipal: db.prepare('DELETE FROM grants WHERE kind = ? AND principal = ?'),
      attrs: db.prepare<[string], { attrs: string }>('SELECT attrs FROM api_key_attributes WHERE keyid = ?'),
      setAttrs: db.prepare(
        `INSERT INTO api_key_attributes (keyid, attrs) VALUES (?, ?)
         ON CONFLICT (keyid) DO UPDATE SET attrs = excluded.attrs`,
      ),
      clearAttrs: db.prepare<[string]>('DELETE FROM api_key_attributes WHERE keyid = ?'),
      anyGrant: db.prepare<[string, string, string], { one: number }>(
        "SELECT 1 AS one FROM grants WHERE kind = ? AND principal = ? AND fabric = ? AND level != 'none' LIMIT 1",
      ),
    };
    this.#secret = this.#jwtSecret();
    this.#ensureAdmin();
    base.events.onFabricDropped((fabric) => {
      db.prepare('DELETE FROM grants WHERE fabric = ?').run(fabric);
    });
  }

  // ---- authentication ----

  /** The principal an `apikey <k>` header names, or undefined. */
  principalForKey(key: string): Principal | undefined {
    const cached = this.#keyCache.get(key);
    if (cached) return cached;
    const row = this.#stmt.keyByHash.get(sha256(key));
    if (!row) return undefined;
    const p: Principal = { kind: 'key', id: row.keyid, tenant: this.tenant, admin: row.admin === 1 };
    remember(this.#keyCache, key, p);
    return p;
  }

  /** The principal a bearer JWT names (valid signature, unexpired, active user), or undefined. */
  principalForJwt(token: string): Principal | undefined {
    const nowSec = Math.floor(this.#base.clock.now() / 1000);
    const cached = this.#jwtCache.get(token);
    if (cached) {
      if (cached.exp > nowSec) return cached.principal;
      this.#jwtCache.delete(token);
      return undefined;
    }
    const claims = verifyJwt(token, this.#secret, nowSec);
    if (!claims || claims.tenant !== this.tenant) return undefined;
    const row = this.#stmt.userById.get(claims.preferred_username);
    if (!row || row.active !== 1) return undefined;
    const principal: Principal = { kind: 'user', id: row.id, tenant: this.tenant, admin: row.admin === 1 };
    remember(this.#jwtCache, token, { principal, exp: claims.exp });
    return principal;
  }

  /**
   * Email + password (or tenant + username + password) → JWT. Unknown user → 401/11
   * `forbidden`; wrong password → 401/401 `Wrong credentials` (both recorded, reference §1.6).
   */
  async login(creds: { email?: string; username?: string; tenant?: string; password: string }): Promise<{
    jwt: string;
    tenant: string;
    username: string;
  }> {
    let row: UserRow | undefined;
    if (creds.email !== undefined) row = this.#stmt.userByEmail.get(creds.email);
    else if (creds.username !== undefined && (creds.tenant === undefined || creds.tenant === this.tenant)) {
      row = this.#stmt.userById.get(creds.username) ?? this.#stmt.userByEmail.get(creds.username);
    }
    if (!row || row.active !== 1) throw new GdnError(401, ErrorNum.FORBIDDEN, 'forbidden');
    if (!(await verifyPasswordAsync(creds.password, row.pass_hash))) {
      throw new GdnError(401, ErrorNum.HTTP_UNAUTHORIZED, 'Wrong credentials');
    }
    return { jwt: this.issueJwt(row.id), tenant: this.tenant, username: row.id };
  }

  issueJwt(userId: string): string {
    const iat = Math.floor(this.#base.clock.now() / 1000);
    return signJwt(
      { iat, exp: iat + JWT_TTL_SEC, iss: 'macrometa', preferred_username: userId, sub: this.tenant, tenant: this.tenant },
      this.#secret,
    );
  }

  // ---- users ----

  getUser(id: string): UserRecord | undefined {
    const row = this.#stmt.userById.get(id);
    return row ? this.#userRecord(row) : undefined;
  }

  listUsers(): UserRecord[] {
    return this.#stmt.users.all().map((r) => this.#userRecord(r));
  }

  createUser(input: { email: string; password: string; active: boolean; displayName?: string; extra?: Record<string, unknown> }): UserRecord {
    if (this.#stmt.userByEmail.get(input.email)) throw new GdnError(409, ErrorNum.DUPLICATE_EMAIL, 'duplicate email address');
    // GDN generates opaque user ids; ours are random, never reused across restarts.
    const id = `u${randomBytes(9).toString('base64url')}`;
    this.#stmt.insertUser.run(id, input.email, hashPassword(input.password), input.active ? 1 : 0,
      input.displayName ?? input.email, JSON.stringify(input.extra ?? {}), 0);
    return this.getUser(id)!;
  }

  deleteUser(id: string): void {
    const row = this.#stmt.userById.get(id);
    if (!row) throw new GdnError(404, ErrorNum.USER_NOT_FOUND);
    if (row.admin === 1) throw new GdnError(403, ErrorNum.FORBIDDEN, 'the tenant admin user cannot be deleted');
    this.#db.transaction(() => {
      this.#stmt.deleteUser.run(id);
      this.#stmt.clearPrincipal.run('user', id);
    })();
    this.#jwtCache.clear();
  }

  // ---- API keys ----

  static isValidKeyId(keyid: string): boolean {
    return KEY_ID.test(keyid);
  }

  getKey(keyid: string): KeyRecord | undefined {
    const row = this.#stmt.keyById.get(keyid);
    return row ? { keyid: row.keyid, user: row.user_id, admin: row.admin === 1, hash: row.hash } : undefined;
  }

  listKeys(): KeyRecord[] {
    return this.#stmt.keys.all().map((row) => ({ keyid: row.keyid, user: row.user_id, admin: row.admin === 1, hash: row.hash }));
  }

  /** Creates a key; returns the full secret, which is never stored (only its hash). */
  createKey(keyid: string, userId: string = ADMIN_USER_ID): string {
    if (!KEY_ID.test(keyid)) {
      throw new GdnError(400, ErrorNum.API_KEY_ID_BAD_FORMAT,
        'API key identifier must start with a letter and can only contain alpha-numeric characters');
    }
    if (this.#stmt.keyById.get(keyid)) throw new GdnError(409, ErrorNum.DUPLICATE_NAME, `duplicate api key id '${keyid}'`);
    if (!this.#stmt.userById.get(userId)) throw new GdnError(404, ErrorNum.USER_NOT_FOUND);
    const key = `${this.tenant}.${keyid}.${randomBytes(24).toString('base64url')}`;
    this.#stmt.insertKey.run(keyid, sha256(key), userId, 0);
    return key;
  }

  deleteKey(keyid: string): void {
    const row = this.#stmt.keyById.get(keyid);
    if (!row) throw new GdnError(404, ErrorNum.API_KEY_ID_INVALID);
    if (row.admin === 1) throw new GdnError(403, ErrorNum.FORBIDDEN, "the emulator's admin API key cannot be deleted");
    this.#db.transaction(() => {
      this.#stmt.deleteKey.run(keyid);
      this.#stmt.clearPrincipal.run('key', keyid);
      this.#stmt.clearAttrs.run(keyid);
    })();
    this.#keyCache.clear();
  }

  /** Free-form attributes of a key (reference §2.5). */
  keyAttributes(keyid: string): Record<string, unknown> {
    const row = this.#stmt.attrs.get(keyid);
    return row ? (JSON.parse(row.attrs) as Record<string, unknown>) : {};
  }

  setKeyAttributes(keyid: string, attrs: Record<string, unknown>): void {
    this.#stmt.setAttrs.run(keyid, JSON.stringify(attrs));
  }

  // ---- grants ----

  /** Effective level: admin → rw; else collection grant → '*' grant → fabric grant → none. */
  level(p: Principal, fabric: string, collection?: string): AccessLevel {
    if (p.admin) return 'rw';
    const g = (c: string): AccessLevel | undefined => this.#stmt.grant.get(p.kind, p.id, fabric, c)?.level;
    if (collection !== undefined) return g(collection) ?? g('*') ?? g('') ?? 'none';
    return g('') ?? 'none';
  }

  /** Whether the principal may see the fabric at all: admin, or any grant above 'none' in it. */
  canSee(p: Principal, fabric: string): boolean {
    return p.admin || this.#stmt.anyGrant.get(p.kind, p.id, fabric) !== undefined;
  }

  /** The explicit grant (no fallback), or undefined. */
  explicitGrant(kind: PrincipalKind, id: string, fabric: string, collection = ''): AccessLevel | undefined {
    return this.#stmt.grant.get(kind, id, fabric, collection)?.level;
  }

  grantsOf(kind: PrincipalKind, id: string): { fabric: string; collection: string; level: AccessLevel }[] {
    return this.#stmt.grantsOf.all(kind, id);
  }

  setGrant(kind: PrincipalKind, id: string, fabric: string, collection: string, level: AccessLevel): void {
    this.#stmt.setGrant.run(kind, id, fabric, collection, level);
  }

  clearGrant(kind: PrincipalKind, id: string, fabric: string, collection: string): void {
    this.#stmt.clearGrant.run(kind, id, fabric, collection);
  }

  /** Whether a principal record exists (keys and users are both grantees). */
  exists(kind: PrincipalKind, id: string): boolean {
    return kind === 'key' ? this.#stmt.keyById.get(id) !== undefined : this.#stmt.userById.get(id) !== undefined;
  }

  isAdmin(kind: PrincipalKind, id: string): boolean {
    const row = kind === 'key' ? this.#stmt.keyById.get(id) : this.#stmt.userById.get(id);
    return row?.admin === 1;
  }

  // ---- internals ----

  #userRecord(row: UserRow): UserRecord {
    return {
      user: row.id,
      email: row.email,
      active: row.active === 1,
      displayName: row.display_name,
      extra: JSON.parse(row.extra) as Record<string, unknown>,
      tenant: this.tenant,
    };
  }

  /** Per data dir: generated once, kept in the database, so JWTs survive restarts. */
  #jwtSecret(): Buffer {
    const row = this.#db.prepare<[string], { v: string }>('SELECT v FROM meta WHERE k = ?').get('jwt_secret');
    if (row) return Buffer.from(row.v, 'base64');
    const secret = randomBytes(32);
    this.#db.prepare('INSERT INTO meta (k, v) VALUES (?, ?)').run('jwt_secret', secret.toString('base64'));
    return secret;
  }

  #ensureAdmin(): void {
    const { email, password, apiKey } = this.#base.options;
    this.#db.transaction(() => {
      const existing = this.#stmt.userById.get(ADMIN_USER_ID);
      const other = this.#stmt.userByEmail.get(email);
      if (other && other.id !== ADMIN_USER_ID) throw new Error(`admin email ${email} is already used by user '${other.id}'`);
      if (!existing) {
        this.#stmt.insertUser.run(ADMIN_USER_ID, email, hashPassword(password), 1, ADMIN_USER_ID, '{}', 1);
      } else if (existing.email !== email || !verifyPassword(password, existing.pass_hash)) {
        this.#db
          .prepare('UPDATE users SET email = ?, pass_hash = ?, active = 1, admin = 1 WHERE id = ?')
          .run(email, hashPassword(password), ADMIN_USER_ID);
      }
      const parts = apiKey.split('.');
      const parsed = parts.length >= 3 ? parts[parts.length - 2]! : '';
      const keyid = KEY_ID.test(parsed) ? parsed : 'admin';
      this.#db.prepare('DELETE FROM api_keys WHERE admin = 1 OR keyid = ? OR hash = ?').run(keyid, sha256(apiKey));
      this.#stmt.insertKey.run(keyid, sha256(apiKey), ADMIN_USER_ID, 1);
    })();
  }
}
