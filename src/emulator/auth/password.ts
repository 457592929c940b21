// Password hashing for emulator users: scrypt with a per-user salt, stored as
// `scrypt$<salt>$<hash>` (base64url). Slow on purpose, but cheap enough for a login.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LEN = 32;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LEN);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** Like verifyPassword, off the event loop (libuv thread pool): used per login request. */
export function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return Promise.resolve(false);
  const expected = Buffer.from(hash, 'base64url');
  return new Promise((resolve, reject) => {
    scrypt(password, Buffer.from(salt, 'base64url'), expected.length, (err, actual) => {
      if (err) reject(err);
      else resolve(timingSafeEqual(actual, expected));
    });
  });
}
