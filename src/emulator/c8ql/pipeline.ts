// Statement execution. A query level is a chain of lazy stages over variable
// environments (rows): FOR, FILTER, LET, LIMIT and RETURN pull rows one at a time, so
// a cursor over a big collection holds one scan chunk in memory; SORT and COLLECT
// must see every row and materialise.
import type { Expr, Operation, Query } from './ast.js';
import { collectStage } from './collect.js';
import type { Env, ExecContext } from './context.js';
import { evaluate, withVar } from './evaluator.js';
import { modifyStage } from './modify.js';
import { rangeValues } from './operators.js';
import { ErrorNum } from '../../wire/codes.js';
import { QueryError, type Value } from './types.js';
import { compareValues, hashKey, toBool, toNumber, typeName } from './values.js';

/** Documents read per DataSource.scan call. */
export const SCAN_CHUNK = 1000;

type ForOp = Extract<Operation, { kind: 'for' }>;

/** True if `node` (any AST fragment) refers to variable `name`. */
export function mentions(node: unknown, name: string): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => mentions(n, name));
  const o = node as Record<string, unknown>;
  if (o.kind === 'variable' && o.name === name) return true;
  return Object.values(o).some((v) => mentions(v, name));
}

/**
 * `FOR d IN c FILTER d._key == <expr not using d>` reads one document by primary key
 * instead of scanning. Returns the key expression, or undefined when the pattern does not apply.
 */
function primaryKeyLookup(op: ForOp, next: Operation | undefined): Expr | undefined {
  if (op.source.kind !== 'collection' && op.source.kind !== 'bindColl') return undefined;
  if (next?.kind !== 'filter' || next.cond.kind !== 'binary' || next.cond.op !== '==') return undefined;
  const isKey = (e: Expr): boolean => e.kind === 'attribute' && e.name === '_key' && e.object.kind === 'variable' && e.object.name === op.variable;
  const { left, right } = next.cond;
  if (isKey(left) && !mentions(right, op.variable)) return right;
  if (isKey(right) && !mentions(left, op.variable)) return left;
  return undefined;
}

function* scanCollection(name: string, cx: ExecContext): Generator<Value> {
  let after: string | undefined;
  for (;;) {
    const chunk = cx.data.scan(name, after, SCAN_CHUNK);
    cx.stats.scannedFull += chunk.length;
    for (const d of chunk) yield d;
    const last = chunk[chunk.length - 1];
    if (chunk.length < SCAN_CHUNK || !last) return;
    after = last._key as string;
  }
}

function* forStage(op: ForOp, rows: Iterable<Env>, cx: ExecContext, next: Operation | undefined): Generator<Env> {
  const keyExpr = primaryKeyLookup(op, next);
  const src = op.source;
  for (const env of rows) {
    let items: Iterable<Value>;
    if (src.kind === 'collection' || src.kind === 'bindColl') {
      const name = src.kind === 'collection' ? src.name : cx.bindCollection(src.name);
      if (keyExpr) {
        const key = evaluate(keyExpr, env, cx);
        const doc = typeof key === 'string' ? cx.data.get(name, key) : undefined;
        if (doc) cx.stats.scannedIndex++;
        items = doc ? [doc] : [];
      } else items = scanCollection(name, cx);
    } else if (src.kind === 'binary' && src.op === '..') {
      items = rangeValues(evaluate(src.left, env, cx), evaluate(src.right, env, cx));
    } else {
      const v = evaluate(src, env, cx);
      // null (a missing attribute) iterates nothing; any other non-array is an error.
      if (v !== null && !Array.isArray(v)) {
        throw new QueryError(400, ErrorNum.QUERY_ARRAY_EXPECTED, `collection or array expected as operand to FOR loop; you provided a value of type '${typeName(v)}'`);
      }
      items = v === null ? [] : (v as readonly Value[]);
    }
    for (const item of items) {
      cx.guard.tick();
      yield withVar(env, op.variable, item);
    }
  }
}

function* filterStage(cond: Expr, rows: Iterable<Env>, cx: ExecContext): Generator<Env> {
  for (const env of rows) {
    cx.guard.tick();
    if (toBool(evaluate(cond, env, cx))) yield env;
    else cx.stats.filtered++;
  }
}

function* letStage(name: string, expr: Expr, rows: Iterable<Env>, cx: ExecContext): Generator<Env> {
  for (const env of rows) yield withVar(env, name, evaluate(expr, env, cx));
}

function* sortStage(op: Extract<Operation, { kind: 'sort' }>, rows: Iterable<Env>, cx: ExecContext): Generator<Env> {
  const keyed: { env: Env; keys: Value[] }[] = [];
  for (const env of rows) {
    cx.guard.tick();
    keyed.push({ env, keys: op.keys.map((k) => evaluate(k.expr, env, cx)) });
  }
  keyed.sort((a, b) => {
    for (let i = 0; i < op.keys.length; i++) {
      const c = compareValues(a.keys[i] ?? null, b.keys[i] ?? null);
      if (c !== 0) return (op.keys[i]?.ascending ?? true) ? c : -c;
    }
    return 0;
  });
  for (const k of keyed) yield k.env;
}

function* limitStage(offset: number, count: number, rows: Iterable<Env>, cx: ExecContext, fullCount: boolean): Generator<Env> {
  let seen = 0;
  for (const env of rows) {
    seen++;
    if (seen > offset && seen <= offset + count) yield env;
    else if (seen > offset + count && !fullCount) return;
  }
  if (fullCount) cx.stats.fullCount = seen;
}

function limitBound(e: Expr, env: Env, cx: ExecContext): number {
  const n = toNumber(evaluate(e, env, cx));
  return Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0;
}

/** Runs one query level; `top` marks the outermost, whose last LIMIT reports fullCount. */
export function* runPipeline(q: Query, env: Env, cx: ExecContext, top: boolean, fullCount = false): Generator<Value> {
  const ops = q.operations;
  let lastLimit = -1;
  if (top && fullCount) ops.forEach((o, i) => { if (o.kind === 'limit') lastLimit = i; });
  let rows: Iterable<Env> = [env];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operation;
    switch (op.kind) {
      case 'for': rows = forStage(op, rows, cx, ops[i + 1]); break;
      case 'filter': rows = filterStage(op.cond, rows, cx); break;
      case 'let': rows = letStage(op.variable, op.expr, rows, cx); break;
      case 'sort': rows = sortStage(op, rows, cx); break;
      case 'limit': rows = limitStage(limitBound(op.offset, env, cx), limitBound(op.count, env, cx), rows, cx, i === lastLimit); break;
      case 'collect': rows = collectStage(op, rows, env, cx); break;
      case 'return': {
        const seen = op.distinct ? new Set<string>() : undefined;
        for (const row of rows) {
          const v = evaluate(op.expr, row, cx);
          if (seen) {
            const h = hashKey(v);
            if (seen.has(h)) continue;
            seen.add(h);
          }
          yield v;
        }
        return;
      }
      default: rows = modifyStage(op, rows, cx); break;
    }
  }
  // A level without RETURN (a pure data modification) yields nothing but must still run.
  for (const row of rows) void row;
}
