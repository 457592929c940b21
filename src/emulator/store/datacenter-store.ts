// Per-region settings an admin can change at run time and that must survive a restart on
// the same data dir: today the spot capability (`PUT /datacenter/{dc}/{bool}`, the
// `spot_region` of a datacenter record). The region catalog stays the in-memory view every
// reader uses; this store writes each change through and replays the saved ones at start.
// Rows naming a region absent from the current --regions list are kept but ignored, so
// restarting with a shorter list and then the full one again loses nothing.
import type { CoreBase } from '../core.js';
import type { Db } from './db.js';

export const DATACENTER_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS datacenter_settings (
     name TEXT PRIMARY KEY,
     spot_capable INTEGER NOT NULL)`,
];

interface SettingRow {
  name: string;
  spot_capable: number;
}

export class DatacenterStore {
  readonly #base: CoreBase;
  readonly #stmt;

  constructor(base: CoreBase) {
    this.#base = base;
    const db: Db = base.db;
    this.#stmt = {
      all: db.prepare<[], SettingRow>('SELECT name, spot_capable FROM datacenter_settings'),
      upsert: db.prepare<[string, number]>(
        'INSERT INTO datacenter_settings (name, spot_capable) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET spot_capable = excluded.spot_capable',
      ),
    };
    for (const row of this.#stmt.all.all()) {
      const region = base.regions.get(row.name);
      if (region) region.spotCapable = row.spot_capable === 1;
    }
  }

  /** Sets a region's spot capability, durably (committed before the caller replies). */
  setSpotCapable(name: string, capable: boolean): void {
    const region = this.#base.regions.get(name);
    if (!region) throw new Error(`unknown region '${name}'`);
    this.#stmt.upsert.run(name, capable ? 1 : 0);
    region.spotCapable = capable;
  }
}
