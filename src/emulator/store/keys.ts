// Document keys: validation (ArangoDB's key rules, which GDN inherits) and the key
// generators of a collection's keyOptions. Generator state lives in memory and is
// persisted with every write transaction (collection-store.ts), so keys stay unique
// across regions (one counter per collection) and across restarts.
import { ErrorNum } from '../../wire/codes.js';
import { badParameter, GdnError } from '../errors.js';

const KEY = /^[A-Za-z0-9_\-:.@()+,=;$!*'%]{1,254}$/;

export const illegalKey = (): GdnError => new GdnError(400, ErrorNum.DOCUMENT_KEY_BAD, 'illegal document key');

export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key);
}

export type KeyType = 'traditional' | 'autoincrement' | 'uuid' | 'padded';

export interface KeyOptions {
  readonly type: KeyType;
  readonly allowUserKeys: boolean;
  readonly increment?: number;
  readonly offset?: number;
}

/** keyOptions of a create request, validated; 400/10 on bad values. */
export function parseKeyOptions(raw: unknown): KeyOptions {
  if (raw === undefined || raw === null) return { type: 'traditional', allowUserKeys: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badParameter("'keyOptions' must be an object");
  const o = raw as Record<string, unknown>;
  const type = o.type ?? 'traditional';
  if (type !== 'traditional' && type !== 'autoincrement' && type !== 'uuid' && type !== 'padded') {
    throw badParameter(`invalid key generator type '${String(type)}'`);
  }
  const allowUserKeys = o.allowUserKeys ?? true;
  if (typeof allowUserKeys !== 'boolean') throw badParameter("'keyOptions.allowUserKeys' must be a boolean");
  if (type !== 'autoincrement') return { type, allowUserKeys };
  const increment = o.increment ?? 1;
  const offset = o.offset ?? 0;
  if (typeof increment !== 'number' || !Number.isInteger(increment) || increment < 1 || increment >= 2 ** 16) {
    throw badParameter("'keyOptions.increment' must be an integer between 1 and 65535");
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw badParameter("'keyOptions.offset' must be a non-negative integer");
  }
  return { type, allowUserKeys, increment, offset };
}

/** Generates keys for one collection; `last` is the persisted counter. */
export class KeyGenerator {
  readonly #opts: KeyOptions;
  readonly #random: () => number;
  last: number;

  constructor(opts: KeyOptions, last: number, random: () => number) {
    this.#opts = opts;
    this.last = last;
    this.#random = random;
  }

  next(): string {
    const o = this.#opts;
    switch (o.type) {
      case 'uuid':
        return uuid(this.#random);
      case 'autoincrement': {
        const inc = o.increment ?? 1;
        const off = o.offset ?? 0;
        // Next value above `last` on the grid offset + n*increment (ArangoDB's rule).
        const next = this.last < off ? off : off + (Math.floor((this.last - off) / inc) + 1) * inc;
        this.last = next === 0 ? inc : next;
        return String(this.last);
      }
      case 'padded':
        this.last += 1;
        return this.last.toString(16).padStart(16, '0');
      default:
        this.last += 1;
        return String(this.last);
    }
  }

  /** Keeps numeric user keys from colliding with later generated ones. */
  observe(userKey: string): void {
    const t = this.#opts.type;
    if ((t === 'traditional' || t === 'autoincrement') && /^\d{1,15}$/.test(userKey)) {
      const n = Number(userKey);
      if (n > this.last) this.last = n;
    } else if (t === 'padded' && /^[0-9a-f]{16}$/.test(userKey)) {
      const n = parseInt(userKey, 16);
      if (Number.isSafeInteger(n) && n > this.last) this.last = n;
    }
  }

  describe(): Record<string, unknown> {
    const o = this.#opts;
    return {
      allowUserKeys: o.allowUserKeys,
      type: o.type,
      lastValue: this.last,
      ...(o.type === 'autoincrement' ? { offset: o.offset ?? 0, increment: o.increment ?? 1 } : {}),
    };
  }
}

function uuid(random: () => number): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
