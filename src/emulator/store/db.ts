// Opens the emulator's single SQLite database. WAL mode with synchronous=FULL so a
// committed transaction survives kill -9 and power loss alike (specs/emulator.md §5:
// no acknowledged write may be lost). Each store module contributes its own DDL.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenOptions {
  /** File path, or ':memory:' for --in-memory. */
  readonly path: string;
}

export function openDatabase(opts: OpenOptions, schema: readonly string[]): Db {
  if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true, mode: 0o700 });
  const db = new Database(opts.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.transaction(() => {
    for (const ddl of schema) db.exec(ddl);
  })();
  return db;
}
