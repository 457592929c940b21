// Fabrics (GeoFabrics = databases) of the single tenant: their regions (dcList), spot
// region and metadata. `_system` always exists and spans every region.
import { ErrorNum } from '../../wire/codes.js';
import type { CoreBase } from '../core.js';
import { GdnError, fabricNotFound } from '../errors.js';
import type { Db } from './db.js';

export const FABRIC_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS fabrics (
     name TEXT PRIMARY KEY,
     dc_list TEXT NOT NULL,
     spot_dc TEXT NOT NULL,
     metadata TEXT,
     created_at INTEGER NOT NULL)`,
];

export const SYSTEM_FABRIC = '_system';

export interface Fabric {
  readonly name: string;
  /** Region names, in the order given at creation. */
  readonly dcList: readonly string[];
  /** '' when the fabric has no spot region. */
  readonly spotDc: string;
  readonly metadata: Record<string, unknown> | null;
}

interface FabricRow {
  name: string;
  dc_list: string;
  spot_dc: string;
  metadata: string | null;
}

// ArangoDB's database-name rule, which GDN inherits: a letter first, then letters,
// digits, '_' or '-', at most 64 characters.
const FABRIC_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export class FabricStore {
  readonly #base: CoreBase;
  readonly #db: Db;
  readonly #stmt;
  /** Existence is checked on every fabric-scoped request: keep it off the disk. */
  readonly #cache = new Map<string, Fabric>();

  constructor(base: CoreBase) {
    this.#base = base;
    this.#db = base.db;
    const db = base.db;
    this.#stmt = {
      all: db.prepare<[], FabricRow>('SELECT * FROM fabrics ORDER BY name'),
      insert: db.prepare('INSERT INTO fabrics (name, dc_list, spot_dc, metadata, created_at) VALUES (?, ?, ?, ?, ?)'),
      delete: db.prepare<[string]>('DELETE FROM fabrics WHERE name = ?'),
      setMetadata: db.prepare<[string | null, string]>('UPDATE fabrics SET metadata = ? WHERE name = ?'),
      setSpot: db.prepare<[string, string]>('UPDATE fabrics SET spot_dc = ? WHERE name = ?'),
      setDcList: db.prepare<[string, string]>('UPDATE fabrics SET dc_list = ? WHERE name = ?'),
    };
    this.#ensureSystem();
    for (const row of this.#stmt.all.all()) this.#cache.set(row.name, toFabric(row));
  }

  static isValidName(name: string): boolean {
    return FABRIC_NAME.test(name);
  }

  exists(name: string): boolean {
    return this.#cache.has(name);
  }

  get(name: string): Fabric | undefined {
    return this.#cache.get(name);
  }

  /** Like get(), but 404/1228 when missing. */
  require(name: string): Fabric {
    const f = this.#cache.get(name);
    if (!f) throw fabricNotFound();
    return f;
  }

  list(): Fabric[] {
    return [...this.#cache.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** 409/1207 with GDN's recorded wording when the fabric exists. */
  assertAbsent(name: string): void {
    if (this.#cache.has(name)) {
      throw new GdnError(409, ErrorNum.DUPLICATE_NAME, `duplicate database name '${this.#base.options.tenant}.${name}'`);
    }
  }

  /** Inserts a validated fabric; 409/1207 when it exists. */
  create(f: Fabric): Fabric {
    this.assertAbsent(f.name);
    this.#stmt.insert.run(f.name, f.dcList.join(','), f.spotDc, f.metadata === null ? null : JSON.stringify(f.metadata),
      this.#base.clock.now());
    this.#cache.set(f.name, f);
    return f;
  }

  /** Deletes a fabric; subscribers drop its collections, grants… in the same transaction. */
  drop(name: string): void {
    if (!this.#cache.has(name)) throw fabricNotFound();
    this.#db.transaction(() => {
      this.#stmt.delete.run(name);
      this.#base.events.emitFabricDropped(name);
    })();
    this.#cache.delete(name);
  }

  setMetadata(name: string, metadata: Record<string, unknown> | null): Fabric {
    const f = this.require(name);
    this.#stmt.setMetadata.run(metadata === null ? null : JSON.stringify(metadata), name);
    const next = { ...f, metadata };
    this.#cache.set(name, next);
    return next;
  }

  /** Sets the spot region; a region outside dcList joins the list, since the spot region must hold a replica. */
  setSpotDc(name: string, spotDc: string): Fabric {
    const f = this.require(name);
    const dcList = spotDc === '' || f.dcList.includes(spotDc) ? f.dcList : [...f.dcList, spotDc];
    this.#db.transaction(() => {
      this.#stmt.setSpot.run(spotDc, name);
      this.#stmt.setDcList.run(dcList.join(','), name);
    })();
    const next = { ...f, spotDc, dcList };
    this.#cache.set(name, next);
    return next;
  }

  #ensureSystem(): void {
    const regions = this.#base.regions;
    const row = this.#db.prepare<[string], FabricRow>('SELECT * FROM fabrics WHERE name = ?').get(SYSTEM_FABRIC);
    const names = regions.names;
    if (!row) {
      // _system spans every region and has the first region as its spot region, so the
      // CLI's default fabric can hold spot collections out of the box (our choice).
      this.#stmt.insert.run(SYSTEM_FABRIC, names.join(','), regions.first.name, null, this.#base.clock.now());
      return;
    }
    // The region list may change between runs: _system always follows it.
    const spot = names.includes(row.spot_dc) ? row.spot_dc : regions.first.name;
    this.#stmt.setDcList.run(names.join(','), SYSTEM_FABRIC);
    this.#stmt.setSpot.run(spot, SYSTEM_FABRIC);
  }
}

function toFabric(row: FabricRow): Fabric {
  return {
    name: row.name,
    dcList: row.dc_list === '' ? [] : row.dc_list.split(','),
    spotDc: row.spot_dc,
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
  };
}
