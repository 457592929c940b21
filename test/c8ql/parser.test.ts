import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/emulator/c8ql/parser.js';
import { QueryError } from '../../src/emulator/c8ql/types.js';

function error(q: string): QueryError {
  try {
    parseQuery(q);
  } catch (e) {
    if (e instanceof QueryError) return e;
    throw e;
  }
  throw new Error(`parsed: ${q}`);
}

describe('parser', () => {
  it('builds the operation list of a FOR pipeline', () => {
    const p = parseQuery('FOR d IN c FILTER d.a > 1 SORT d.b DESC LIMIT 2, 3 RETURN d.a');
    expect(p.ast.operations.map((o) => o.kind)).toEqual(['for', 'filter', 'sort', 'limit', 'return']);
    expect([...p.collections]).toEqual(['c']);
    const f = p.ast.operations[0];
    expect(f?.kind === 'for' && f.source.kind).toBe('collection');
    const s = p.ast.operations[2];
    expect(s?.kind === 'sort' && s.keys[0]?.ascending).toBe(false);
  });

  it('resolves declared names to variables and others to collections', () => {
    const p = parseQuery('LET xs = [1] FOR x IN xs FOR y IN other RETURN [x, y]');
    const ops = p.ast.operations;
    expect(ops[1]?.kind === 'for' && ops[1].source.kind).toBe('variable');
    expect(ops[2]?.kind === 'for' && ops[2].source.kind).toBe('collection');
  });

  it('gives AQL precedence: && binds tighter than ||, * tighter than +', () => {
    const p = parseQuery('RETURN a || b && c');
    const r = p.ast.operations[0];
    expect(r?.kind === 'return' && r.expr.kind === 'binary' && r.expr.op).toBe('||');
    const q = parseQuery('RETURN 1 + 2 * 3');
    const e = q.ast.operations[0];
    expect(e?.kind === 'return' && e.expr.kind === 'binary' && e.expr.right.kind).toBe('binary');
  });

  it('parses expansion with inline FILTER/LIMIT/RETURN and a projection', () => {
    const r = parseQuery('RETURN [1,2][* FILTER CURRENT > 1 LIMIT 1 RETURN CURRENT * 2].x').ast.operations[0];
    expect(r?.kind === 'return' && r.expr.kind).toBe('expand');
    if (r?.kind === 'return' && r.expr.kind === 'expand') {
      expect(r.expr.filter).toBeDefined();
      expect(r.expr.limit).toBeDefined();
      expect(r.expr.ret).toBeDefined();
      expect(r.expr.project?.kind).toBe('attribute');
    }
  });

  it('parses COLLECT with INTO, WITH COUNT INTO and AGGREGATE', () => {
    const c = parseQuery('FOR x IN 1..3 COLLECT k = x % 2 AGGREGATE s = SUM(x) INTO g KEEP x WITH COUNT INTO n RETURN {k, s, g, n}').ast.operations[1];
    expect(c?.kind).toBe('collect');
    if (c?.kind === 'collect') {
      expect(c.groups.map((g) => g.variable)).toEqual(['k']);
      expect(c.aggregates).toMatchObject([{ variable: 's', fn: 'SUM' }]);
      expect(c.into?.variable).toBe('g');
      expect(c.keep).toEqual(['x']);
      expect(c.countInto).toBe('n');
    }
  });

  it('parses modifications and records bind parameters', () => {
    const p = parseQuery('FOR d IN @@c UPDATE d WITH {v: @v} IN @@c OPTIONS {keepNull: false} RETURN NEW');
    expect([...p.bindParameters].sort()).toEqual(['@c', 'v']);
    expect(p.writes).toBe(true);
  });

  it('reports syntax errors in ArangoDB shape with line and column', () => {
    const e = error('INVALID QUERY');
    expect(e.errorNum).toBe(1501);
    expect(e.status).toBe(400);
    expect(e.message).toBe("syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1");
    const e2 = error('FOR d IN c\n  FILTER d.a ==\n  RETURN d');
    expect(e2.message).toBe("syntax error, unexpected RETURN declaration near 'RETURN d' at position 3:3");
    expect([e2.line, e2.column]).toEqual([3, 3]);
  });

  it('rejects a query without RETURN or modification', () => {
    expect(error('FOR d IN c FILTER d.a').errorNum).toBe(1501);
  });

  it('rejects unknown functions (1540) and bad arity (1541)', () => {
    expect(error('RETURN FOO(1)')).toMatchObject({ errorNum: 1540, message: "usage of unknown function 'FOO()'" });
    expect(error('RETURN LENGTH()').errorNum).toBe(1541);
  });

  it('rejects two modifications of one collection (1579) and empty queries (1502)', () => {
    expect(error('FOR d IN c INSERT d IN x REMOVE d IN x').errorNum).toBe(1579);
    expect(error('  ').errorNum).toBe(1502);
  });

  it('bounds nesting depth', () => {
    expect(error(`RETURN ${'('.repeat(500)}1${')'.repeat(500)}`).errorNum).toBe(1501);
  });
});
