// COLLECT: groups rows by key expressions (output sorted by the group values, as AQL's
// default sorted method does), with INTO, KEEP, WITH COUNT INTO and AGGREGATE.
import type { Operation } from './ast.js';
import type { Env, ExecContext } from './context.js';
import { evaluate } from './evaluator.js';
import { lookupAggregate } from './functions/index.js';
import type { Value } from './types.js';
import { compareValues, hashKey } from './values.js';

type CollectOp = Extract<Operation, { kind: 'collect' }>;

interface Group {
  readonly keys: Value[];
  count: number;
  readonly into: Value[];
  readonly aggregated: Value[][];
}

/** The row's own variables (not those of enclosing levels) as an object, for INTO without an expression. */
function rowObject(env: Env, base: Env, keep: readonly string[] | undefined): Value {
  const entries: [string, Value][] = [];
  for (const [name, value] of env) {
    if (keep ? keep.includes(name) : !base.has(name)) entries.push([name, value]);
  }
  return Object.fromEntries(entries);
}

export function* collectStage(op: CollectOp, rows: Iterable<Env>, base: Env, cx: ExecContext): Generator<Env> {
  const groups = new Map<string, Group>();
  for (const env of rows) {
    cx.guard.tick();
    const keys = op.groups.map((g) => evaluate(g.expr, env, cx));
    const h = hashKey(keys);
    let g = groups.get(h);
    if (!g) {
      g = { keys, count: 0, into: [], aggregated: op.aggregates.map(() => []) };
      groups.set(h, g);
    }
    g.count++;
    if (op.into) g.into.push(op.into.expr ? evaluate(op.into.expr, env, cx) : rowObject(env, base, op.keep));
    op.aggregates.forEach((a, i) => g.aggregated[i]?.push(a.arg ? evaluate(a.arg, env, cx) : null));
  }
  // Without group keys there is exactly one group, even over no rows (COUNT = 0, SUM = null…).
  if (groups.size === 0 && op.groups.length === 0) groups.set('', { keys: [], count: 0, into: [], aggregated: op.aggregates.map(() => []) });
  const sorted = [...groups.values()].sort((a, b) => compareValues(a.keys, b.keys));
  for (const g of sorted) {
    const env = new Map(base);
    op.groups.forEach((spec, i) => env.set(spec.variable, g.keys[i] ?? null));
    op.aggregates.forEach((a, i) => {
      const fn = lookupAggregate(a.fn);
      env.set(a.variable, fn ? fn(g.aggregated[i] ?? [], cx.fn) : null);
    });
    if (op.into) env.set(op.into.variable, g.into);
    if (op.countInto !== undefined) env.set(op.countInto, g.count);
    yield env;
  }
}
