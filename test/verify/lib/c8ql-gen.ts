// Random C8QL for fuzzing (specs/verification.md layer 7): queries from a small grammar of
// the language (specs/c8ql.md "Language") and token-level mutations of them. Sizes stay
// small on purpose (ranges ≤ 50, nesting ≤ 3) so a correct engine answers quickly: a slow
// answer is then a finding, not noise.
import fc from 'fast-check';

const FUNCS = [
  'LENGTH', 'CONCAT', 'UPPER', 'LOWER', 'TO_NUMBER', 'TO_STRING', 'TO_BOOL', 'ABS', 'FLOOR', 'ROUND', 'SQRT',
  'FIRST', 'LAST', 'UNIQUE', 'SORTED', 'FLATTEN', 'MERGE', 'ATTRIBUTES', 'HAS', 'KEEP', 'UNSET', 'SUBSTRING',
  'SPLIT', 'CONTAINS', 'REVERSE', 'TYPENAME', 'IS_NULL', 'MIN', 'MAX', 'SUM', 'AVERAGE', 'NTH', 'SLICE',
  'POSITION', 'UNION', 'MINUS', 'JSON_PARSE', 'JSON_STRINGIFY', 'DATE_ISO8601', 'REGEX_TEST', 'DOCUMENT',
  'NO_SUCH_FN',
] as const;

const literal: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('null', 'true', 'false', '0', '-1', '1.5', '1e3', '"a"', "'b'", '""', '[]', '{}', '"\\u00e9"', '"%_"'),
  fc.integer({ min: -100, max: 100 }).map(String),
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
);

const VARS = ['d', 'x', 'v', 'g', 'undefinedVar'];

export const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal,
    fc.constantFrom('@v', '@missing', 'd', 'd.n', 'd.s', 'd["s"]', 'd.arr[0]', 'd.arr[-1]', 'd.arr[*]', 'd.arr[**]', 'x', 'NEW', 'OLD', 'CURRENT'),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||', 'AND', 'OR', 'IN', 'NOT IN', 'LIKE', '=~', 'ANY ==', 'ALL >'), tie('e')).map(
      ([a, op, b]) => `(${a} ${op} ${b})`,
    ),
    fc.tuple(fc.constantFrom('!', 'NOT ', '-', '+'), tie('e')).map(([op, a]) => `${op}${a}`),
    fc.tuple(fc.constantFrom(...FUNCS), fc.array(tie('e'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
    fc.array(tie('e'), { maxLength: 3 }).map((xs) => `[${xs.join(', ')}]`),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', '"c d"', '[x]'), tie('e')), { maxLength: 3 }).map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    fc.tuple(fc.integer({ min: -5, max: 50 }), fc.integer({ min: -5, max: 50 })).map(([a, b]) => `${a}..${b}`),
    fc.tuple(fc.constantFrom(...VARS), tie('e')).map(([v, body]) => `(FOR ${v} IN 1..3 RETURN ${body})`),
  ),
})).e;

const source = fc.oneof(fc.constantFrom('fz', '@@c', 'nosuchcoll', '1..20', '[1, 2, 3]', 'd.arr', '[]', 'null'), expr);

const clause: fc.Arbitrary<string> = fc.oneof(
  expr.map((e) => `FILTER ${e}`),
  fc.tuple(fc.constantFrom('x', 'y', 'd'), expr).map(([v, e]) => `LET ${v} = ${e}`),
  fc.tuple(expr, fc.constantFrom('', ' ASC', ' DESC')).map(([e, dir]) => `SORT ${e}${dir}`),
  fc.tuple(fc.nat({ max: 5 }), fc.nat({ max: 20 })).map(([o, n]) => `LIMIT ${o}, ${n}`),
  fc.constantFrom('COLLECT g = d.n WITH COUNT INTO c', 'COLLECT AGGREGATE s = SUM(d.n)', 'COLLECT g = d.s INTO grp', 'COLLECT WITH COUNT INTO c'),
);

const tail: fc.Arbitrary<string> = fc.oneof(
  expr.map((e) => `RETURN ${e}`),
  expr.map((e) => `RETURN DISTINCT ${e}`),
  fc.constantFrom(
    'INSERT {n: 1} INTO fz',
    'UPDATE d WITH {n: 2} IN fz',
    'REPLACE d WITH {s: "r"} IN fz',
    'REMOVE d IN fz OPTIONS {ignoreErrors: true}',
    'UPSERT {_key: "u1"} INSERT {_key: "u1"} UPDATE {n: 3} IN fz RETURN NEW',
    'INSERT {} INTO fz RETURN NEW',
  ),
);

export const query: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...VARS.slice(0, 3)), source, fc.array(clause, { maxLength: 4 }), tail).map(
    ([v, src, cs, t]) => `FOR ${v} IN ${src} ${cs.join(' ')} ${t}`,
  ),
  fc.tuple(fc.array(clause.filter((c) => c.startsWith('LET')), { maxLength: 2 }), expr).map(([cs, e]) => `${cs.join(' ')} RETURN ${e}`),
);

/** Token-level mutations of a valid query: drop, duplicate, swap, or splice in a token. */
export function mutateQuery(q: string, ops: readonly { kind: number; at: number; tok: string }[]): string {
  const toks = q.split(/(\s+|[()[\]{},.:])/).filter((t) => t !== '');
  for (const op of ops) {
    if (toks.length === 0) break;
    const i = op.at % toks.length;
    switch (op.kind % 4) {
      case 0:
        toks.splice(i, 1);
        break;
      case 1:
        toks.splice(i, 0, toks[i]!);
        break;
      case 2: {
        const j = (i + 1) % toks.length;
        [toks[i], toks[j]] = [toks[j]!, toks[i]!];
        break;
      }
      default:
        toks.splice(i, 0, op.tok);
    }
  }
  return toks.join('');
}

export const mutation = fc.record({
  kind: fc.nat({ max: 3 }),
  at: fc.nat(),
  tok: fc.constantFrom(' FOR ', ' RETURN ', ' IN ', '(', ')', '[', ']', '{', '}', ',', '"', "'", '`', '/*', '//', '@', '@@', '..', ' LIMIT ', ' FILTER ', '\\', '\u0000', '9999999999999999999999', ' COLLECT ', ' INTO ', ' NEW '),
});
