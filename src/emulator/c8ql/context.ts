// Per-query execution state: bind values, the data source, warnings, statistics and the
// runtime guard that keeps a runaway query from hanging the emulator.
import { ErrorNum } from '../../wire/codes.js';
import type { DataSource } from './data-source.js';
import { QueryError, type FunctionContext, type Value } from './types.js';

/** Variables visible to an expression. Copied on write: a row never sees a later row's bindings. */
export type Env = ReadonlyMap<string, Value>;

export interface QueryStats {
  writesExecuted: number;
  writesIgnored: number;
  scannedFull: number;
  scannedIndex: number;
  filtered: number;
  fullCount?: number;
}

export interface Warning {
  readonly code: number;
  readonly message: string;
}

/** At most this many warnings are kept (ArangoDB's maxWarningCount default). */
const MAX_WARNINGS = 10;
/** The clock is read once per this many steps, so the guard costs next to nothing. */
const CHECK_EVERY = 512;

/**
 * Bounds a query's run time. Time is counted only while the query is executing (between
 * enter and leave), so a cursor that a client pages through slowly is not killed.
 */
export class Guard {
  private steps = 0;
  private used = 0;
  private since: number | undefined;

  constructor(private readonly now: () => number, private readonly maxRuntimeMs: number) {}

  enter(): void {
    this.since = this.now();
  }

  leave(): void {
    if (this.since !== undefined) this.used += this.now() - this.since;
    this.since = undefined;
  }

  /** Execution time so far in ms. */
  elapsed(): number {
    return this.used + (this.since === undefined ? 0 : this.now() - this.since);
  }

  tick(): void {
    if (++this.steps % CHECK_EVERY !== 0) return;
    this.check();
  }

  check(): void {
    const running = this.since === undefined ? 0 : this.now() - this.since;
    if (this.used + running > this.maxRuntimeMs) {
      throw new QueryError(410, ErrorNum.QUERY_KILLED, 'C8QL: query killed (while executing)');
    }
  }
}

export class ExecContext {
  readonly warnings: Warning[] = [];
  readonly stats: QueryStats = { writesExecuted: 0, writesIgnored: 0, scannedFull: 0, scannedIndex: 0, filtered: 0 };
  readonly fn: FunctionContext;

  constructor(
    readonly data: DataSource,
    readonly bindVars: Readonly<Record<string, Value>>,
    readonly guard: Guard,
    fn: Omit<FunctionContext, 'warn' | 'data'>,
  ) {
    this.fn = {
      warn: (code, message) => this.warn(code, message),
      data,
      now: () => fn.now(),
      random: () => fn.random(),
      currentDatabase: fn.currentDatabase,
      currentUser: fn.currentUser,
    };
  }

  warn(code: number, message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push({ code, message });
  }

  /** The collection a `@@name` bind parameter names (validated before execution). */
  bindCollection(name: string): string {
    return this.bindVars[`@${name}`] as string;
  }
}
