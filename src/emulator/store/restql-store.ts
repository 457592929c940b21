// Saved C8QL queries ("RestQL", query workers), stored per user and fabric with GDN's
// key shape `<tenant>.<user>.<tenant>.<fabric>.<name>` (reference gdn-api.md §8).
import type { CoreBase } from '../core.js';
import type { Db } from './db.js';

export const RESTQL_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS restql (
     key TEXT PRIMARY KEY,
     fabric TEXT NOT NULL,
     user_id TEXT NOT NULL,
     name TEXT NOT NULL,
     value TEXT NOT NULL,
     parameter TEXT NOT NULL,
     type TEXT NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS restql_by_owner ON restql (fabric, user_id, name)',
];

export interface SavedQuery {
  readonly _key: string;
  readonly userid: string;
  readonly tenant: string;
  readonly fabric: string;
  readonly name: string;
  readonly value: string;
  readonly parameter: Record<string, unknown>;
  readonly type: string;
}

export interface QueryOwner {
  readonly tenant: string;
  readonly user: string;
  readonly fabric: string;
}

interface Row {
  key: string;
  name: string;
  value: string;
  parameter: string;
  type: string;
}

export class RestqlStore {
  readonly #db: Db;

  constructor(base: CoreBase) {
    this.#db = base.db;
    base.events.onFabricDropped((fabric) => {
      this.#db.prepare('DELETE FROM restql WHERE fabric = ?').run(fabric);
    });
  }

  /** False when the owner already has a query of that name. */
  save(owner: QueryOwner, name: string, value: string, parameter: Record<string, unknown>, type: string): SavedQuery | undefined {
    const key = keyOf(owner, name);
    const r = this.#db
      .prepare('INSERT OR IGNORE INTO restql (key, fabric, user_id, name, value, parameter, type) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(key, owner.fabric, owner.user, name, value, JSON.stringify(parameter), type);
    return r.changes === 0 ? undefined : this.get(owner, name);
  }

  get(owner: QueryOwner, name: string): SavedQuery | undefined {
    const row = this.#db.prepare('SELECT key, name, value, parameter, type FROM restql WHERE key = ?').get(keyOf(owner, name)) as Row | undefined;
    return row ? toSaved(owner, row) : undefined;
  }

  list(owner: QueryOwner): SavedQuery[] {
    const rows = this.#db
      .prepare('SELECT key, name, value, parameter, type FROM restql WHERE fabric = ? AND user_id = ? ORDER BY name')
      .all(owner.fabric, owner.user) as Row[];
    return rows.map((r) => toSaved(owner, r));
  }

  update(owner: QueryOwner, name: string, value: string, parameter: Record<string, unknown>, type: string): SavedQuery | undefined {
    const r = this.#db.prepare('UPDATE restql SET value = ?, parameter = ?, type = ? WHERE key = ?').run(value, JSON.stringify(parameter), type, keyOf(owner, name));
    return r.changes === 0 ? undefined : this.get(owner, name);
  }

  delete(owner: QueryOwner, name: string): boolean {
    return this.#db.prepare('DELETE FROM restql WHERE key = ?').run(keyOf(owner, name)).changes > 0;
  }
}

function keyOf(o: QueryOwner, name: string): string {
  return `${o.tenant}.${o.user}.${o.tenant}.${o.fabric}.${name}`;
}

function toSaved(o: QueryOwner, r: Row): SavedQuery {
  return {
    _key: r.key,
    userid: `${o.tenant}.${o.user}`,
    tenant: o.tenant,
    fabric: `${o.tenant}.${o.fabric}`,
    name: r.name,
    value: r.value,
    parameter: JSON.parse(r.parameter) as Record<string, unknown>,
    type: r.type,
  };
}
