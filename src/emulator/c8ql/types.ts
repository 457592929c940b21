// Shared types of the C8QL engine: the value model, the function-library contract
// and the engine's error. The parser/evaluator and the function library meet here.
import type { DataSource } from './data-source.js';

/** A C8QL value: JSON. `undefined` never escapes the evaluator; missing means null. */
export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value };

export type Doc = { readonly [key: string]: Value };

/** Raised by the lexer, parser, evaluator or a function; the cursor API turns it into an envelope. */
export class QueryError extends Error {
  readonly status: number;
  readonly errorNum: number;
  /** 1-based position of the offending token, when known (syntax errors). */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(status: number, errorNum: number, message: string, pos?: { line: number; column: number }) {
    super(message);
    this.name = 'QueryError';
    this.status = status;
    this.errorNum = errorNum;
    this.line = pos?.line;
    this.column = pos?.column;
  }
}

/** What a function may use besides its arguments. */
export interface FunctionContext {
  /** Adds a query warning (AQL turns most runtime type errors into a warning + null). */
  warn(errorNum: number, message: string): void;
  /** Documents, for DOCUMENT() and COLLECTION_COUNT(). */
  readonly data: DataSource;
  /** Injected clock (ms since epoch) for DATE_NOW and friends. */
  now(): number;
  /** Injected PRNG in [0, 1) for RAND, UUID, RANDOM_TOKEN. */
  random(): number;
  readonly currentDatabase: string;
  readonly currentUser: string;
}

export interface FunctionDef {
  /** Upper-case name as written in queries (names are case-insensitive). */
  readonly name: string;
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  /** Arguments arrive evaluated; a missing optional argument is absent from `args`. */
  impl(args: readonly Value[], ctx: FunctionContext): Value;
}
