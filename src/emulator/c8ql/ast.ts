// The C8QL syntax tree: readonly nodes with a `kind` discriminant and a source location,
// so the evaluator's switches are checked for exhaustiveness.
import type { Value } from './types.js';

export interface Loc {
  readonly line: number;
  readonly column: number;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'IN' | 'NOT IN' | 'LIKE' | 'NOT LIKE' | '=~' | '!~' | '&&' | '||' | '..';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'NOT IN';

export type Expr =
  | { readonly kind: 'literal'; readonly value: Value; readonly loc: Loc }
  | { readonly kind: 'array'; readonly elements: readonly Expr[]; readonly loc: Loc }
  | { readonly kind: 'object'; readonly entries: readonly ObjectEntry[]; readonly loc: Loc }
  | { readonly kind: 'variable'; readonly name: string; readonly loc: Loc }
  /** A bare name that is not a variable, or `@@name`: the documents of a collection. */
  | CollectionRef
  | { readonly kind: 'bind'; readonly name: string; readonly loc: Loc }
  | { readonly kind: 'attribute'; readonly object: Expr; readonly name: string; readonly loc: Loc }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr; readonly loc: Loc }
  | {
      readonly kind: 'expand';
      readonly object: Expr;
      /** 1 for [*], 2 for [**] (flatten one level first), … */
      readonly stars: number;
      readonly filter: Expr | undefined;
      readonly limit: { readonly offset: Expr; readonly count: Expr } | undefined;
      readonly ret: Expr | undefined;
      /** The postfix chain after the brackets, applied to each element (a CURRENT-based expression). */
      readonly project: Expr | undefined;
      readonly loc: Loc;
    }
  | { readonly kind: 'unary'; readonly op: '-' | '+' | '!'; readonly arg: Expr; readonly loc: Loc }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly loc: Loc }
  | {
      readonly kind: 'arrayCompare';
      readonly quantifier: 'ANY' | 'ALL' | 'NONE';
      readonly op: CompareOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly loc: Loc;
    }
  | { readonly kind: 'ternary'; readonly cond: Expr; readonly then: Expr | undefined; readonly otherwise: Expr; readonly loc: Loc }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly loc: Loc }
  | { readonly kind: 'subquery'; readonly body: Query; readonly loc: Loc };

export interface ObjectEntry {
  readonly key: string | Expr;
  readonly value: Expr;
}

/** Where a modification writes or a FOR reads: a name, or a `@@bind` resolved at run time. */
export type CollectionRef =
  | { readonly kind: 'collection'; readonly name: string; readonly loc: Loc }
  | { readonly kind: 'bindColl'; readonly name: string; readonly loc: Loc };

export type Operation =
  | { readonly kind: 'for'; readonly variable: string; readonly source: Expr; readonly options: Expr | undefined; readonly loc: Loc }
  | { readonly kind: 'filter'; readonly cond: Expr; readonly loc: Loc }
  | { readonly kind: 'let'; readonly variable: string; readonly expr: Expr; readonly loc: Loc }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[]; readonly loc: Loc }
  | { readonly kind: 'limit'; readonly offset: Expr; readonly count: Expr; readonly loc: Loc }
  | { readonly kind: 'return'; readonly distinct: boolean; readonly expr: Expr; readonly loc: Loc }
  | {
      readonly kind: 'collect';
      readonly groups: readonly { readonly variable: string; readonly expr: Expr }[];
      readonly aggregates: readonly { readonly variable: string; readonly fn: string; readonly arg: Expr | undefined }[];
      readonly into: { readonly variable: string; readonly expr: Expr | undefined } | undefined;
      readonly keep: readonly string[] | undefined;
      readonly countInto: string | undefined;
      readonly options: Expr | undefined;
      readonly loc: Loc;
    }
  | Modification;

export type Modification =
  | { readonly kind: 'insert'; readonly doc: Expr; readonly collection: CollectionRef; readonly options: Expr | undefined; readonly loc: Loc }
  | {
      readonly kind: 'update' | 'replace';
      readonly key: Expr;
      readonly doc: Expr | undefined;
      readonly collection: CollectionRef;
      readonly options: Expr | undefined;
      readonly loc: Loc;
    }
  | { readonly kind: 'remove'; readonly key: Expr; readonly collection: CollectionRef; readonly options: Expr | undefined; readonly loc: Loc }
  | {
      readonly kind: 'upsert';
      readonly search: Expr;
      readonly insert: Expr;
      readonly update: Expr;
      readonly replace: boolean;
      readonly collection: CollectionRef;
      readonly options: Expr | undefined;
      readonly loc: Loc;
    };

export interface SortKey {
  readonly expr: Expr;
  readonly ascending: boolean;
}

export interface Query {
  readonly kind: 'query';
  readonly operations: readonly Operation[];
}

export const isModification = (op: Operation): op is Modification =>
  op.kind === 'insert' || op.kind === 'update' || op.kind === 'replace' || op.kind === 'remove' || op.kind === 'upsert';
