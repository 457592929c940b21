// Query validation (POST /_api/query) and a simple execution plan (explain): node types in
// ArangoDB's naming with a rough cost estimate from collection sizes.
import type { Operation, Query } from './ast.js';
import type { DataSource } from './data-source.js';
import { parse, prepare } from './index.js';
import { mentions } from './pipeline.js';

export interface Validation {
  readonly collections: string[];
  readonly bindVars: string[];
  readonly ast: unknown[];
}

/** A JSON view of any AST fragment: `{type, …fields, subNodes}`. */
function astJson(node: unknown): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map(astJson);
  const o = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const sub: unknown[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === 'loc') continue;
    if (k === 'kind') out.type = v;
    else if (v !== null && typeof v === 'object' && !(k === 'value' && o.kind === 'literal')) sub.push(astJson(v));
    else if (v !== undefined) out[k] = v;
  }
  if (sub.length > 0) out.subNodes = sub;
  return out;
}

export function validateQuery(query: string): Validation {
  const p = parse(query);
  return {
    collections: [...p.collections],
    bindVars: [...p.bindParameters],
    ast: [{ type: 'root', subNodes: p.ast.operations.map(astJson) }],
  };
}

interface PlanNode {
  type: string;
  id: number;
  dependencies: number[];
  estimatedCost: number;
  estimatedNrItems: number;
  [k: string]: unknown;
}

const NODE_TYPES: Record<Operation['kind'], string> = {
  for: 'EnumerateListNode', filter: 'FilterNode', let: 'CalculationNode', sort: 'SortNode', limit: 'LimitNode',
  return: 'ReturnNode', collect: 'CollectNode', insert: 'InsertNode', update: 'UpdateNode', replace: 'ReplaceNode',
  remove: 'RemoveNode', upsert: 'UpsertNode',
};

function planNodes(q: Query, data: DataSource, bindVars: Readonly<Record<string, unknown>>): PlanNode[] {
  const nodes: PlanNode[] = [{ type: 'SingletonNode', id: 1, dependencies: [], estimatedCost: 1, estimatedNrItems: 1 }];
  let items = 1;
  let cost = 1;
  q.operations.forEach((op, i) => {
    let type = NODE_TYPES[op.kind];
    const extra: Record<string, unknown> = {};
    if (op.kind === 'for' && (op.source.kind === 'collection' || op.source.kind === 'bindColl')) {
      const name = op.source.kind === 'collection' ? op.source.name : String(bindVars[`@${op.source.name}`]);
      const next = q.operations[i + 1];
      const byKey = next?.kind === 'filter' && next.cond.kind === 'binary' && next.cond.op === '==' && mentions(next.cond, op.variable)
        && JSON.stringify(next.cond).includes('"name":"_key"');
      const n = data.collection(name) ? data.count(name) : 0;
      type = byKey ? 'IndexNode' : 'EnumerateCollectionNode';
      extra.collection = name;
      extra.outVariable = { name: op.variable };
      if (byKey) extra.indexes = [{ type: 'primary', fields: ['_key'] }];
      items *= byKey ? 1 : Math.max(n, 1);
    } else if (op.kind === 'for') {
      extra.outVariable = { name: op.variable };
      items *= 100;
    } else if (op.kind === 'filter') items = Math.max(1, Math.ceil(items / 2));
    else if (op.kind === 'limit' && op.count.kind === 'literal' && typeof op.count.value === 'number') items = Math.min(items, op.count.value);
    else if (op.kind === 'collect') items = Math.max(1, Math.ceil(items / 10));
    cost += items;
    nodes.push({ type, id: nodes.length + 1, dependencies: [nodes.length], estimatedCost: cost, estimatedNrItems: items, ...extra });
  });
  return nodes;
}

export function explainQuery(query: string, bindVars: Readonly<Record<string, unknown>>, data: DataSource): unknown {
  const prepared = prepare(query, bindVars);
  const nodes = planNodes(prepared.parsed.ast, data, bindVars);
  const last = nodes[nodes.length - 1];
  return {
    plan: {
      nodes,
      rules: [],
      collections: prepared.collections.map((name) => ({ name, type: prepared.writeCollections.includes(name) ? 'write' : 'read' })),
      variables: [],
      estimatedCost: last?.estimatedCost ?? 1,
      estimatedNrItems: last?.estimatedNrItems ?? 0,
      isModificationQuery: prepared.parsed.writes,
    },
    cacheable: !prepared.parsed.writes,
    warnings: [],
    stats: { rulesExecuted: 0, rulesSkipped: 0, plansCreated: 1 },
  };
}
