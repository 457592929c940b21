// C8QL token kinds and the keyword table. Keywords are matched case-insensitively;
// anything else that looks like a name is an identifier.

export type TokenKind =
  | 'keyword'
  | 'ident'
  | 'qident'
  | 'int'
  | 'float'
  | 'string'
  | 'bind'
  | 'bindColl'
  | 'op'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Keyword in upper case, identifier/string/bind name as written (unescaped), operator text. */
  readonly value: string;
  /** Numeric value of int/float tokens. */
  readonly num: number;
  /** 0-based offsets into the query text. */
  readonly start: number;
  readonly end: number;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'FOR', 'RETURN', 'FILTER', 'SEARCH', 'SORT', 'LIMIT', 'LET', 'COLLECT', 'WINDOW', 'WITH', 'INTO',
  'KEEP', 'AGGREGATE', 'INSERT', 'UPDATE', 'REPLACE', 'REMOVE', 'UPSERT', 'IN', 'OPTIONS', 'ASC',
  'DESC', 'NOT', 'AND', 'OR', 'LIKE', 'NULL', 'TRUE', 'FALSE', 'DISTINCT', 'GRAPH', 'SHORTEST_PATH',
  'K_SHORTEST_PATHS', 'OUTBOUND', 'INBOUND', 'ANY', 'ALL', 'NONE', 'PRUNE',
]);

// How ArangoDB's parser names a token in "unexpected <token>" messages.
const KEYWORD_NAMES: Readonly<Record<string, string>> = {
  FOR: 'FOR declaration', LET: 'LET declaration', FILTER: 'FILTER declaration', RETURN: 'RETURN declaration',
  COLLECT: 'COLLECT declaration', SORT: 'SORT declaration', LIMIT: 'LIMIT declaration', ASC: 'ASC keyword',
  DESC: 'DESC keyword', IN: 'IN keyword', WITH: 'WITH keyword', INTO: 'INTO keyword', AGGREGATE: 'AGGREGATE keyword',
  DISTINCT: 'DISTINCT modifier', REMOVE: 'REMOVE command', INSERT: 'INSERT command', UPDATE: 'UPDATE command',
  REPLACE: 'REPLACE command', UPSERT: 'UPSERT command', NULL: 'null', TRUE: 'true', FALSE: 'false',
  NOT: 'not operator', AND: 'and operator', OR: 'or operator', LIKE: 'like operator', KEEP: 'KEEP keyword',
  OPTIONS: 'OPTIONS keyword',
};

const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  '=': 'assignment', '==': '== operator', '!=': '!= operator', '<': '< operator', '<=': '<= operator',
  '>': '> operator', '>=': '>= operator', '+': '+ operator', '-': '- operator', '*': '* operator',
  '/': '/ operator', '%': '% operator', '!': 'not operator', '&&': 'and operator', '||': 'or operator',
  '?': '?', ':': ':', '::': '::', '..': '..', ',': 'comma', '.': '.', '(': '(', ')': ')', '[': '[', ']': ']',
  '{': '{', '}': '}', '=~': '=~ operator', '!~': '!~ operator',
};

export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'keyword': return KEYWORD_NAMES[t.value] ?? `${t.value} keyword`;
    case 'ident': case 'qident': return 'identifier';
    case 'int': return 'integer number';
    case 'float': return 'number';
    case 'string': return 'quoted string';
    case 'bind': return 'bind parameter';
    case 'bindColl': return 'bind data source parameter';
    case 'op': return OPERATOR_NAMES[t.value] ?? t.value;
    case 'eof': return 'end of query';
  }
}
