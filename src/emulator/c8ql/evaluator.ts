// Expression evaluation: one switch over the expression kinds. Statements (FOR, FILTER,
// COLLECT, …) live in pipeline.ts; a subquery expression runs a nested pipeline.
import type { Expr } from './ast.js';
import type { Env, ExecContext } from './context.js';
import { arithmetic, arrayCompare, compare, otherBinary, rangeValues } from './operators.js';
import { runPipeline } from './pipeline.js';
import { lookupFunction } from './functions/index.js';
import type { Doc, Value } from './types.js';
import { isObject, toBool, toNumber, toStringValue } from './values.js';

export function withVar(env: Env, name: string, value: Value): Env {
  const next = new Map(env);
  next.set(name, value);
  return next;
}

function attribute(v: Value, name: string): Value {
  if (!isObject(v) || !Object.hasOwn(v, name)) return null;
  return (v as Doc)[name] ?? null;
}

function index(v: Value, i: Value): Value {
  if (Array.isArray(v)) {
    const arr = v as readonly Value[];
    if (typeof i !== 'number' && typeof i !== 'string') return null;
    let n = typeof i === 'number' ? Math.trunc(i) : Number(i);
    if (!Number.isFinite(n)) return null;
    if (n < 0) n += arr.length;
    return arr[n] ?? null;
  }
  if (isObject(v)) {
    if (typeof i === 'string') return attribute(v, i);
    if (typeof i === 'number') return attribute(v, String(i));
  }
  return null;
}

/** Every document of a collection (used when a collection appears as an expression). */
function collectionDocs(name: string, cx: ExecContext): Value[] {
  const out: Value[] = [];
  let after: string | undefined;
  for (;;) {
    const chunk = cx.data.scan(name, after, 1000);
    for (const d of chunk) {
      cx.guard.tick();
      out.push(d);
    }
    cx.stats.scannedFull += chunk.length;
    const last = chunk[chunk.length - 1];
    if (chunk.length < 1000 || !last) return out;
    after = last._key as string;
  }
}

function flatten(v: readonly Value[], depth: number): Value[] {
  const out: Value[] = [];
  for (const x of v) {
    if (depth > 0 && Array.isArray(x)) out.push(...flatten(x as readonly Value[], depth - 1));
    else out.push(x);
  }
  return out;
}

function expand(e: Extract<Expr, { kind: 'expand' }>, env: Env, cx: ExecContext): Value {
  const input = evaluate(e.object, env, cx);
  if (!Array.isArray(input)) return [];
  let items = e.stars > 1 ? flatten(input as readonly Value[], e.stars - 1) : (input as readonly Value[]);
  if (e.filter) {
    const f = e.filter;
    items = items.filter((x) => toBool(evaluate(f, withVar(env, 'CURRENT', x), cx)));
  }
  if (e.limit) {
    const offset = Math.max(0, Math.trunc(toNumber(evaluate(e.limit.offset, env, cx))));
    const count = Math.max(0, Math.trunc(toNumber(evaluate(e.limit.count, env, cx))));
    items = items.slice(offset, offset + count);
  }
  const ret = e.ret;
  if (ret) items = items.map((x) => evaluate(ret, withVar(env, 'CURRENT', x), cx));
  const project = e.project;
  if (project) items = items.map((x) => evaluate(project, withVar(env, 'CURRENT', x), cx));
  return items as Value[];
}

export function evaluate(e: Expr, env: Env, cx: ExecContext): Value {
  switch (e.kind) {
    case 'literal': return e.value;
    case 'array': return e.elements.map((x) => evaluate(x, env, cx));
    case 'object': {
      const out: [string, Value][] = [];
      for (const entry of e.entries) {
        const key = typeof entry.key === 'string' ? entry.key : toStringValue(evaluate(entry.key, env, cx));
        out.push([key, evaluate(entry.value, env, cx)]);
      }
      return Object.fromEntries(out);
    }
    case 'variable': return env.get(e.name) ?? null;
    case 'bind': return cx.bindVars[e.name] ?? null;
    case 'collection': return collectionDocs(e.name, cx);
    case 'bindColl': return collectionDocs(cx.bindCollection(e.name), cx);
    case 'attribute': return attribute(evaluate(e.object, env, cx), e.name);
    case 'index': return index(evaluate(e.object, env, cx), evaluate(e.index, env, cx));
    case 'expand': return expand(e, env, cx);
    case 'unary': {
      const v = evaluate(e.arg, env, cx);
      if (e.op === '!') return !toBool(v);
      const n = toNumber(v);
      return e.op === '-' ? -n : n;
    }
    case 'binary': {
      const left = evaluate(e.left, env, cx);
      switch (e.op) {
        // AQL's logical operators return an operand, not a boolean, and short-circuit.
        case '&&': return toBool(left) ? evaluate(e.right, env, cx) : left;
        case '||': return toBool(left) ? left : evaluate(e.right, env, cx);
        default: break;
      }
      const right = evaluate(e.right, env, cx);
      switch (e.op) {
        case '+': case '-': case '*': case '/': case '%': return arithmetic(e.op, left, right, cx);
        case '==': case '!=': case '<': case '<=': case '>': case '>=': case 'IN': case 'NOT IN': return compare(e.op, left, right);
        case '..': {
          const out: number[] = [];
          for (const i of rangeValues(left, right)) {
            cx.guard.tick();
            out.push(i);
          }
          return out;
        }
        default: return otherBinary(e.op, left, right, cx);
      }
    }
    case 'arrayCompare': return arrayCompare(e.quantifier, e.op, evaluate(e.left, env, cx), evaluate(e.right, env, cx));
    case 'ternary': {
      const c = evaluate(e.cond, env, cx);
      if (toBool(c)) return e.then ? evaluate(e.then, env, cx) : c;
      return evaluate(e.otherwise, env, cx);
    }
    case 'call': {
      cx.guard.tick();
      const def = lookupFunction(e.name);
      const args = e.args.map((a) => evaluate(a, env, cx));
      return def ? def.impl(args, cx.fn) : null;
    }
    case 'subquery': {
      const out: Value[] = [];
      for (const v of runPipeline(e.body, env, cx, false)) out.push(v);
      return out;
    }
  }
}
