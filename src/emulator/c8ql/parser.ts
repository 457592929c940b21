// Recursive-descent C8QL parser. Each parseX method carries its grammar production.
// Operator precedence (lowest first), as in AQL: ?: , || , && , == != LIKE =~ !~ (and
// ANY/ALL/NONE comparisons), IN / NOT IN, < <= > >=, .., + -, * / %, unary ! + -, postfix.
// The parser also resolves names (declared variable vs collection), checks functions
// against the registry (1540/1541), and records bind parameters and collections.
import { ErrorNum } from '../../wire/codes.js';
import type { BinaryOp, CollectionRef, CompareOp, Expr, Loc, ObjectEntry, Operation, Query, SortKey } from './ast.js';
import { isModification } from './ast.js';
import { AGGREGATE_NAMES, lookupFunction } from './functions/index.js';
import { syntaxError, tokenize } from './lexer.js';
import { describeToken, type Token } from './tokens.js';
import { QueryError, type Value } from './types.js';

export interface ParsedQuery {
  readonly ast: Query;
  /** Value bind parameters (`@name`) and collection bind parameters (as `@name`, their bindVars key). */
  readonly bindParameters: ReadonlySet<string>;
  /** Collections named literally in the query (FOR sources and modification targets). */
  readonly collections: ReadonlySet<string>;
  /** Other undeclared names used as values: collections if they exist, else unknown variables. */
  readonly names: ReadonlySet<string>;
  readonly writes: boolean;
  /** Modified collections: names, or `@name` for a collection bind parameter. */
  readonly writeCollections: ReadonlySet<string>;
}

const MAX_DEPTH = 200;
const SUBQUERY_START = new Set(['FOR', 'LET', 'RETURN', 'COLLECT', 'INSERT', 'UPDATE', 'REPLACE', 'REMOVE', 'UPSERT', 'WITH', 'FILTER', 'SORT', 'LIMIT']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

export function parseQuery(query: string): ParsedQuery {
  return new Parser(query).parseRoot();
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private depth = 0;
  private readonly scopes: Set<string>[] = [new Set()];
  private readonly binds = new Set<string>();
  private readonly collections = new Set<string>();
  private readonly modified = new Map<string, string>();
  /** Inside a modification's operand a top-level IN ends the expression (`INSERT x IN c`). */
  private noIn = false;
  /** Undeclared names used as expressions: collections if they exist, else unknown variables (1512). */
  private readonly names = new Set<string>();

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  // ---- primitives -------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private isKeyword(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'keyword' && t.value === word;
  }

  private isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.value === op;
  }

  private optionalKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.pos++;
    return true;
  }

  private optionalOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  private expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.unexpected();
    return this.next();
  }

  private expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.unexpected();
    return this.next();
  }

  private unexpected(t: Token = this.peek()): QueryError {
    return syntaxError(this.text, t, describeToken(t));
  }

  private loc(t: Token): Loc {
    return { line: t.line, column: t.column };
  }

  /** Declares a user variable; AQL forbids redeclaring a visible one (1511). */
  private declare(name: string): void {
    if (this.isDeclared(name)) throw new QueryError(400, ErrorNum.QUERY_VARIABLE_REDECLARED, `variable '${name}' is assigned multiple times`);
    this.declareInternal(name);
  }

  private declareInternal(name: string): void {
    (this.scopes[this.scopes.length - 1] as Set<string>).add(name);
  }

  private isDeclared(name: string): boolean {
    return this.scopes.some((s) => s.has(name));
  }

  /** VariableName : Identifier | QuotedIdentifier */
  private parseVariableName(): string {
    const t = this.peek();
    if (t.kind !== 'ident' && t.kind !== 'qident') throw this.unexpected();
    this.pos++;
    return t.value;
  }

  // ---- query and operations ---------------------------------------------

  /** Root : ('WITH' CollectionName (',' CollectionName)*)? Body EOF */
  parseRoot(): ParsedQuery {
    if (this.peek().kind === 'eof') throw new QueryError(400, ErrorNum.QUERY_EMPTY, 'query is empty');
    if (this.isKeyword('WITH')) {
      this.pos++;
      do this.parseCollectionName(); while (this.optionalOp(','));
    }
    const ast = this.parseBody();
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return { ast, bindParameters: this.binds, collections: this.collections, names: this.names, writes: this.modified.size > 0, writeCollections: new Set(this.modified.keys()) };
  }

  /**
   * Body : Operation* (Return | Modification Operation*)
   * A body must end with RETURN or contain a data modification.
   */
  private parseBody(): Query {
    const operations: Operation[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'keyword') break;
      const op = this.parseOperation(t);
      if (op === undefined) break;
      operations.push(op);
      if (op.kind === 'return') break;
    }
    const last = operations[operations.length - 1];
    if (last === undefined || (last.kind !== 'return' && !operations.some(isModification))) throw this.unexpected();
    return { kind: 'query', operations };
  }

  private parseOperation(t: Token): Operation | undefined {
    switch (t.value) {
      case 'FOR': return this.parseFor();
      case 'FILTER': this.pos++; return { kind: 'filter', cond: this.parseExpression(), loc: this.loc(t) };
      case 'LET': return this.parseLet();
      case 'SORT': return this.parseSort();
      case 'LIMIT': return this.parseLimit();
      case 'RETURN': {
        this.pos++;
        const distinct = this.optionalKeyword('DISTINCT');
        return { kind: 'return', distinct, expr: this.parseExpression(), loc: this.loc(t) };
      }
      case 'COLLECT': return this.parseCollect();
      case 'INSERT': case 'UPDATE': case 'REPLACE': case 'REMOVE': case 'UPSERT': return this.parseModification();
      default: return undefined;
    }
  }

  /** For : 'FOR' VariableName 'IN' Expression ('OPTIONS' Object)? */
  private parseFor(): Operation {
    const t = this.expectKeyword('FOR');
    const variable = this.parseVariableName();
    if (this.isOp(',')) throw this.unexpected(); // graph traversals are not supported
    this.expectKeyword('IN');
    if (['OUTBOUND', 'INBOUND', 'ANY', 'SHORTEST_PATH', 'K_SHORTEST_PATHS'].some((k) => this.isKeyword(k))) throw this.unexpected();
    const source = this.parseExpression();
    if (source.kind === 'collection') {
      this.collections.add(source.name);
      const by = this.modified.get(source.name);
      if (by !== undefined) throw new QueryError(400, ErrorNum.QUERY_ACCESS_AFTER_MODIFICATION, `access after data-modification by ${by}`, this.loc(t));
    }
    const options = this.parseOptions();
    this.declare(variable);
    return { kind: 'for', variable, source, options, loc: this.loc(t) };
  }

  /** Options : 'OPTIONS' Object */
  private parseOptions(): Expr | undefined {
    if (!this.optionalKeyword('OPTIONS')) return undefined;
    if (!this.isOp('{')) throw this.unexpected();
    return this.parsePrimary();
  }

  /** Let : 'LET' VariableName '=' Expression */
  private parseLet(): Operation {
    const t = this.expectKeyword('LET');
    const variable = this.parseVariableName();
    this.expectOp('=');
    const expr = this.parseExpression();
    this.declare(variable);
    return { kind: 'let', variable, expr, loc: this.loc(t) };
  }

  /** Sort : 'SORT' Expression ('ASC' | 'DESC')? (',' Expression ('ASC' | 'DESC')?)* */
  private parseSort(): Operation {
    const t = this.expectKeyword('SORT');
    const keys: SortKey[] = [];
    do {
      const expr = this.parseExpression();
      let ascending = true;
      if (this.optionalKeyword('DESC')) ascending = false;
      else this.optionalKeyword('ASC');
      keys.push({ expr, ascending });
    } while (this.optionalOp(','));
    return { kind: 'sort', keys, loc: this.loc(t) };
  }

  /** Limit : 'LIMIT' Expression (',' Expression)? */
  private parseLimit(): Operation {
    const t = this.expectKeyword('LIMIT');
    const first = this.parseExpression();
    if (this.optionalOp(',')) return { kind: 'limit', offset: first, count: this.parseExpression(), loc: this.loc(t) };
    return { kind: 'limit', offset: { kind: 'literal', value: 0, loc: this.loc(t) }, count: first, loc: this.loc(t) };
  }

  /**
   * Collect : 'COLLECT' (VariableName '=' Expression (',' …)*)?
   *           ('AGGREGATE' VariableName '=' FunctionCall (',' …)*)?
   *           ('INTO' VariableName ('=' Expression)? ('KEEP' VariableName (',' VariableName)*)?)?
   *           ('WITH' Identifier<COUNT> 'INTO' VariableName)?
   *           ('OPTIONS' Object)?
   */
  private parseCollect(): Operation {
    const t = this.expectKeyword('COLLECT');
    const groups: { variable: string; expr: Expr }[] = [];
    const aggregates: { variable: string; fn: string; arg: Expr | undefined }[] = [];
    if (this.peek().kind === 'ident' || this.peek().kind === 'qident') {
      do {
        const variable = this.parseVariableName();
        this.expectOp('=');
        groups.push({ variable, expr: this.parseExpression() });
      } while (this.optionalOp(','));
    }
    if (this.optionalKeyword('AGGREGATE')) {
      do {
        const variable = this.parseVariableName();
        this.expectOp('=');
        const fnTok = this.peek();
        const fn = fnTok.kind === 'ident' ? fnTok.value.toUpperCase() : '';
        if (!this.isOp('(', 1)) throw this.unexpected(fnTok);
        if (!AGGREGATE_NAMES.has(fn)) throw new QueryError(400, ErrorNum.QUERY_FUNCTION_NAME_UNKNOWN, `usage of unknown function '${fn || fnTok.value}()'`, this.loc(fnTok));
        this.pos += 2;
        const arg = this.isOp(')') ? undefined : this.parseExpression();
        this.expectOp(')');
        aggregates.push({ variable, fn, arg });
      } while (this.optionalOp(','));
    }
    let into: { variable: string; expr: Expr | undefined } | undefined;
    let keep: string[] | undefined;
    if (this.optionalKeyword('INTO')) {
      const variable = this.parseVariableName();
      const expr = this.optionalOp('=') ? this.parseExpression() : undefined;
      into = { variable, expr };
      if (this.optionalKeyword('KEEP')) {
        keep = [];
        do {
          const name = this.parseVariableName();
          if (!this.isDeclared(name)) throw new QueryError(400, ErrorNum.QUERY_VARIABLE_NAME_UNKNOWN, `unknown variable '${name}' in KEEP`);
          keep.push(name);
        } while (this.optionalOp(','));
      }
    }
    let countInto: string | undefined;
    if (this.isKeyword('WITH')) {
      this.pos++;
      const c = this.peek();
      if (c.kind !== 'ident' || c.value.toUpperCase() !== 'COUNT') throw this.unexpected();
      this.pos++;
      this.expectKeyword('INTO');
      countInto = this.parseVariableName();
    }
    if (groups.length === 0 && aggregates.length === 0 && into === undefined && countInto === undefined) throw this.unexpected();
    const options = this.parseOptions();
    for (const g of groups) this.declare(g.variable);
    for (const a of aggregates) this.declare(a.variable);
    if (into) this.declare(into.variable);
    if (countInto !== undefined) this.declare(countInto);
    return { kind: 'collect', groups, aggregates, into, keep, countInto, options, loc: this.loc(t) };
  }

  /**
   * Modification :
   *   'INSERT' Expression ('IN'|'INTO') Collection Options?
   *   ('UPDATE'|'REPLACE') Expression ('WITH' Expression)? ('IN'|'INTO') Collection Options?
   *   'REMOVE' Expression ('IN'|'INTO') Collection Options?
   *   'UPSERT' Expression 'INSERT' Expression ('UPDATE'|'REPLACE') Expression ('IN'|'INTO') Collection Options?
   */
  private parseModification(): Operation {
    const t = this.next();
    const operand = (): Expr => {
      this.noIn = true;
      try {
        return this.parseExpression();
      } finally {
        this.noIn = false;
      }
    };
    const into = (): CollectionRef => {
      if (!this.optionalKeyword('IN')) this.expectKeyword('INTO');
      return this.parseCollectionName();
    };
    let op: Operation;
    const loc = this.loc(t);
    switch (t.value) {
      case 'INSERT': {
        const doc = operand();
        const collection = into();
        op = { kind: 'insert', doc, collection, options: this.parseOptions(), loc };
        break;
      }
      case 'UPDATE': case 'REPLACE': {
        const key = operand();
        const doc = this.optionalKeyword('WITH') ? operand() : undefined;
        const collection = into();
        op = { kind: t.value === 'UPDATE' ? 'update' : 'replace', key, doc, collection, options: this.parseOptions(), loc };
        break;
      }
      case 'REMOVE': {
        const key = operand();
        const collection = into();
        op = { kind: 'remove', key, collection, options: this.parseOptions(), loc };
        break;
      }
      default: {
        this.declareInternal('OLD');
        const search = operand();
        this.expectKeyword('INSERT');
        const insert = operand();
        const replace = this.isKeyword('REPLACE');
        if (!replace) this.expectKeyword('UPDATE');
        else this.pos++;
        const update = operand();
        const collection = into();
        op = { kind: 'upsert', search, insert, update, replace, collection, options: this.parseOptions(), loc };
      }
    }
    const key = op.collection.kind === 'collection' ? op.collection.name : `@${op.collection.name}`;
    if (this.modified.has(key)) {
      throw new QueryError(400, ErrorNum.QUERY_ACCESS_AFTER_MODIFICATION, `access after data-modification by ${this.modified.get(key) ?? ''} on collection '${key}'`, loc);
    }
    this.modified.set(key, t.value);
    this.declareInternal('NEW');
    this.declareInternal('OLD');
    return op;
  }

  /** Collection : Identifier | QuotedIdentifier | String | '@@' Name */
  private parseCollectionName(): CollectionRef {
    const t = this.next();
    if (t.kind === 'bindColl') {
      this.binds.add(`@${t.value}`);
      return { kind: 'bindColl', name: t.value, loc: this.loc(t) };
    }
    if (t.kind === 'ident' || t.kind === 'qident' || t.kind === 'string') {
      this.collections.add(t.value);
      return { kind: 'collection', name: t.value, loc: this.loc(t) };
    }
    throw this.unexpected(t);
  }

  // ---- expressions ------------------------------------------------------

  /** Expression : Ternary */
  parseExpression(): Expr {
    if (++this.depth > MAX_DEPTH) throw new QueryError(400, ErrorNum.QUERY_PARSE, 'query is too deeply nested (while parsing)');
    try {
      return this.parseTernary();
    } finally {
      this.depth--;
    }
  }

  /** Ternary : Or ('?' Expression? ':' Ternary)? */
  private parseTernary(): Expr {
    const cond = this.parseOr();
    if (!this.isOp('?')) return cond;
    const t = this.next();
    const then = this.isOp(':') ? undefined : this.parseExpression();
    this.expectOp(':');
    return { kind: 'ternary', cond, then, otherwise: this.parseExpression(), loc: this.loc(t) };
  }

  /** Or : And (('||' | 'OR') And)* */
  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isOp('||') || this.isKeyword('OR')) {
      const t = this.next();
      left = { kind: 'binary', op: '||', left, right: this.parseAnd(), loc: this.loc(t) };
    }
    return left;
  }

  /** And : Equality (('&&' | 'AND') Equality)* */
  private parseAnd(): Expr {
    let left = this.parseEquality();
    while (this.isOp('&&') || this.isKeyword('AND')) {
      const t = this.next();
      left = { kind: 'binary', op: '&&', left, right: this.parseEquality(), loc: this.loc(t) };
    }
    return left;
  }

  /**
   * Equality : In (EqOp In | ('ANY'|'ALL'|'NONE') (CompareOp | 'IN' | 'NOT' 'IN') In)*
   * EqOp     : '==' | '!=' | 'LIKE' | 'NOT' 'LIKE' | '=~' | '!~'
   */
  private parseEquality(): Expr {
    let left = this.parseIn();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'keyword' && (t.value === 'ANY' || t.value === 'ALL' || t.value === 'NONE')) {
        const opTok = this.peek(1);
        let op: CompareOp | undefined;
        let width = 2;
        if (opTok.kind === 'op' && COMPARE_OPS.has(opTok.value)) op = opTok.value as CompareOp;
        else if (opTok.kind === 'keyword' && opTok.value === 'IN') op = 'IN';
        else if (opTok.kind === 'keyword' && opTok.value === 'NOT' && this.isKeyword('IN', 2)) { op = 'NOT IN'; width = 3; }
        if (op === undefined) throw this.unexpected(opTok);
        this.pos += width;
        left = { kind: 'arrayCompare', quantifier: t.value, op, left, right: this.parseIn(), loc: this.loc(t) };
        continue;
      }
      let op: BinaryOp | undefined;
      if (t.kind === 'op' && (t.value === '==' || t.value === '!=' || t.value === '=~' || t.value === '!~')) { op = t.value; this.pos++; }
      else if (t.kind === 'keyword' && t.value === 'LIKE') { op = 'LIKE'; this.pos++; }
      else if (t.kind === 'keyword' && t.value === 'NOT' && this.isKeyword('LIKE', 1)) { op = 'NOT LIKE'; this.pos += 2; }
      if (op === undefined) return left;
      left = { kind: 'binary', op, left, right: this.parseIn(), loc: this.loc(t) };
    }
  }

  /** In : Relational (('IN' | 'NOT' 'IN') Relational)* */
  private parseIn(): Expr {
    let left = this.parseRelational();
    for (;;) {
      const t = this.peek();
      let op: BinaryOp | undefined;
      if (this.noIn && (this.isKeyword('IN') || (this.isKeyword('NOT') && this.isKeyword('IN', 1)))) return left;
      if (this.isKeyword('IN')) { op = 'IN'; this.pos++; }
      else if (this.isKeyword('NOT') && this.isKeyword('IN', 1)) { op = 'NOT IN'; this.pos += 2; }
      if (op === undefined) return left;
      left = { kind: 'binary', op, left, right: this.parseRelational(), loc: this.loc(t) };
    }
  }

  /** Relational : Range (('<' | '<=' | '>' | '>=') Range)* */
  private parseRelational(): Expr {
    let left = this.parseRange();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !(t.value === '<' || t.value === '<=' || t.value === '>' || t.value === '>=')) return left;
      this.pos++;
      left = { kind: 'binary', op: t.value, left, right: this.parseRange(), loc: this.loc(t) };
    }
  }

  /** Range : Additive ('..' Additive)? */
  private parseRange(): Expr {
    const left = this.parseAdditive();
    if (!this.isOp('..')) return left;
    const t = this.next();
    return { kind: 'binary', op: '..', left, right: this.parseAdditive(), loc: this.loc(t) };
  }

  /** Additive : Multiplicative (('+' | '-') Multiplicative)* */
  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { kind: 'binary', op: t.value as '+' | '-', left, right: this.parseMultiplicative(), loc: this.loc(t) };
    }
    return left;
  }

  /** Multiplicative : Unary (('*' | '/' | '%') Unary)* */
  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const t = this.next();
      left = { kind: 'binary', op: t.value as '*' | '/' | '%', left, right: this.parseUnary(), loc: this.loc(t) };
    }
    return left;
  }

  /** Unary : ('!' | 'NOT' | '-' | '+') Unary | Postfix */
  private parseUnary(): Expr {
    if (++this.depth > MAX_DEPTH) throw new QueryError(400, ErrorNum.QUERY_PARSE, 'query is too deeply nested (while parsing)');
    try {
      return this.parseUnaryInner();
    } finally {
      this.depth--;
    }
  }

  private parseUnaryInner(): Expr {
    const t = this.peek();
    if (this.isOp('!') || this.isKeyword('NOT')) {
      this.pos++;
      return { kind: 'unary', op: '!', arg: this.parseUnary(), loc: this.loc(t) };
    }
    if (this.isOp('-') || this.isOp('+')) {
      this.pos++;
      const arg = this.parseUnary();
      // Fold negative literals so `-1` is a number, as ArangoDB's parser does.
      if (arg.kind === 'literal' && typeof arg.value === 'number') return { kind: 'literal', value: t.value === '-' ? -arg.value : arg.value, loc: this.loc(t) };
      return { kind: 'unary', op: t.value as '-' | '+', arg, loc: this.loc(t) };
    }
    if (t.kind === 'keyword' && (t.value === 'NULL' || t.value === 'TRUE' || t.value === 'FALSE')) return this.parsePrimary();
    return this.parsePostfix(this.parsePrimary());
  }

  /**
   * Postfix : Primary ( '.' AttributeName | '[' Expression ']' | Expansion )*
   * Expansion : '[' '*'+ ('FILTER' Expression)? ('LIMIT' Expression (',' Expression)?)? ('RETURN' Expression)? ']' Postfix-chain
   */
  private parsePostfix(base: Expr): Expr {
    let expr = base;
    for (;;) {
      const t = this.peek();
      if (this.isOp('.')) {
        this.pos++;
        const n = this.next();
        if (n.kind === 'ident' || n.kind === 'qident' || n.kind === 'string') expr = { kind: 'attribute', object: expr, name: n.value, loc: this.loc(t) };
        else if (n.kind === 'keyword') expr = { kind: 'attribute', object: expr, name: this.text.slice(n.start, n.end), loc: this.loc(t) };
        else if (n.kind === 'bind') {
          this.binds.add(n.value);
          expr = { kind: 'index', object: expr, index: { kind: 'bind', name: n.value, loc: this.loc(n) }, loc: this.loc(t) };
        } else throw this.unexpected(n);
        continue;
      }
      if (!this.isOp('[')) return expr;
      this.pos++;
      if (!this.isOp('*')) {
        const index = this.parseExpression();
        this.expectOp(']');
        expr = { kind: 'index', object: expr, index, loc: this.loc(t) };
        continue;
      }
      let stars = 0;
      while (this.optionalOp('*')) stars++;
      this.scopes.push(new Set(['CURRENT']));
      try {
        const filter = this.optionalKeyword('FILTER') ? this.parseExpression() : undefined;
        let limit: { offset: Expr; count: Expr } | undefined;
        if (this.optionalKeyword('LIMIT')) {
          const first = this.parseExpression();
          limit = this.optionalOp(',') ? { offset: first, count: this.parseExpression() } : { offset: { kind: 'literal', value: 0, loc: this.loc(t) }, count: first };
        }
        const ret = this.optionalKeyword('RETURN') ? this.parseExpression() : undefined;
        this.expectOp(']');
        const current: Expr = { kind: 'variable', name: 'CURRENT', loc: this.loc(t) };
        const chained = this.isOp('.') || this.isOp('[') ? this.parsePostfix(current) : undefined;
        return { kind: 'expand', object: expr, stars, filter, limit, ret, project: chained, loc: this.loc(t) };
      } finally {
        this.scopes.pop();
      }
    }
  }

  /**
   * Primary : Number | String | 'NULL' | 'TRUE' | 'FALSE' | Array | Object | BindParam
   *         | '(' (Subquery | Expression) ')' | FunctionCall | Name
   */
  private parsePrimary(): Expr {
    const saved = this.noIn;
    try {
      const t = this.peek();
      if (t.kind === 'op' && (t.value === '(' || t.value === '[' || t.value === '{')) this.noIn = false;
      return this.parsePrimaryInner();
    } finally {
      this.noIn = saved;
    }
  }

  private parsePrimaryInner(): Expr {
    const t = this.next();
    const loc = this.loc(t);
    switch (t.kind) {
      case 'int': case 'float': return { kind: 'literal', value: t.num, loc };
      case 'string': return { kind: 'literal', value: t.value, loc };
      case 'bind': this.binds.add(t.value); return { kind: 'bind', name: t.value, loc };
      case 'bindColl': this.binds.add(`@${t.value}`); return { kind: 'bindColl', name: t.value, loc };
      case 'keyword':
        // KEEP and LIKE are also function names.
        if ((t.value === 'KEEP' || t.value === 'LIKE') && this.isOp('(')) return this.parseCall(t);
        if (t.value === 'NULL') return { kind: 'literal', value: null, loc };
        if (t.value === 'TRUE') return { kind: 'literal', value: true, loc };
        if (t.value === 'FALSE') return { kind: 'literal', value: false, loc };
        throw this.unexpected(t);
      case 'ident': case 'qident':
        if (t.kind === 'ident' && (this.isOp('(') || this.isOp('::'))) return this.parseCall(t);
        if (this.isDeclared(t.value)) return { kind: 'variable', name: t.value, loc };
        this.names.add(t.value);
        return { kind: 'collection', name: t.value, loc };
      case 'op':
        if (t.value === '[') return this.parseArray(loc);
        if (t.value === '{') return this.parseObject(loc);
        if (t.value === '(') return this.parseParenthesised(loc);
        throw this.unexpected(t);
      case 'eof':
        throw this.unexpected(t);
    }
  }

  /** Subquery : '(' Body ')' ; Parenthesised : '(' Expression ')' */
  private parseParenthesised(loc: Loc): Expr {
    const t = this.peek();
    if (t.kind === 'keyword' && SUBQUERY_START.has(t.value)) {
      this.scopes.push(new Set());
      if (++this.depth > MAX_DEPTH) throw new QueryError(400, ErrorNum.QUERY_PARSE, 'query is too deeply nested (while parsing)');
      const body = this.parseBody();
      this.depth--;
      this.scopes.pop();
      this.expectOp(')');
      return { kind: 'subquery', body, loc };
    }
    const e = this.parseExpression();
    this.expectOp(')');
    return e;
  }

  /** FunctionCall : Name ('::' Name)* '(' (Expression (',' Expression)*)? ')' */
  private parseCall(t: Token): Expr {
    this.noIn = false;
    let name = t.value;
    while (this.optionalOp('::')) {
      const n = this.next();
      if (n.kind !== 'ident') throw this.unexpected(n);
      name += `::${n.value}`;
    }
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      do args.push(this.parseArgument()); while (this.optionalOp(','));
    }
    this.expectOp(')');
    const def = lookupFunction(name);
    const upper = name.toUpperCase();
    if (!def) throw new QueryError(400, ErrorNum.QUERY_FUNCTION_NAME_UNKNOWN, `usage of unknown function '${upper}()'`, this.loc(t));
    if (args.length < def.minArgs || args.length > def.maxArgs) {
      const max = def.maxArgs === Infinity ? 65536 : def.maxArgs;
      throw new QueryError(400, ErrorNum.QUERY_FUNCTION_ARGUMENT_NUMBER_MISMATCH,
        `invalid number of arguments for function '${upper}()', expected number of arguments: minimum: ${def.minArgs}, maximum: ${max}`, this.loc(t));
    }
    return { kind: 'call', name: def.name, args, loc: this.loc(t) };
  }

  /** Argument : Body (a subquery without parentheses) | Expression */
  private parseArgument(): Expr {
    const t = this.peek();
    if (t.kind !== 'keyword' || !SUBQUERY_START.has(t.value)) return this.parseExpression();
    this.scopes.push(new Set());
    const body = this.parseBody();
    this.scopes.pop();
    return { kind: 'subquery', body, loc: this.loc(t) };
  }

  /** Array : '[' (Expression (',' Expression)* ','?)? ']' */
  private parseArray(loc: Loc): Expr {
    const elements: Expr[] = [];
    while (!this.isOp(']')) {
      elements.push(this.parseExpression());
      if (!this.optionalOp(',')) break;
    }
    this.expectOp(']');
    const literal = elements.every((e) => e.kind === 'literal');
    if (literal) return { kind: 'literal', value: elements.map((e) => (e as { value: Value }).value), loc };
    return { kind: 'array', elements, loc };
  }

  /**
   * Object : '{' (Entry (',' Entry)* ','?)? '}'
   * Entry  : (Name | String | Keyword) ':' Expression | '[' Expression ']' ':' Expression | '@' Bind ':' Expression | Name
   */
  private parseObject(loc: Loc): Expr {
    const entries: ObjectEntry[] = [];
    while (!this.isOp('}')) {
      const k = this.next();
      let key: string | Expr;
      if (k.kind === 'op' && k.value === '[') {
        key = this.parseExpression();
        this.expectOp(']');
      } else if (k.kind === 'bind') {
        this.binds.add(k.value);
        key = { kind: 'bind', name: k.value, loc: this.loc(k) };
      } else if (k.kind === 'ident' || k.kind === 'qident' || k.kind === 'string') {
        key = k.value;
        if (k.kind !== 'string' && (this.isOp(',') || this.isOp('}'))) {
          // Shorthand {a} means {a: a}.
          if (!this.isDeclared(k.value)) throw new QueryError(400, ErrorNum.QUERY_VARIABLE_NAME_UNKNOWN, `unknown variable '${k.value}'`, this.loc(k));
          entries.push({ key, value: { kind: 'variable', name: k.value, loc: this.loc(k) } });
          if (!this.optionalOp(',')) break;
          continue;
        }
      } else if (k.kind === 'keyword') key = this.text.slice(k.start, k.end);
      else if (k.kind === 'int' || k.kind === 'float') key = k.value;
      else throw this.unexpected(k);
      this.expectOp(':');
      entries.push({ key, value: this.parseExpression() });
      if (!this.optionalOp(',')) break;
    }
    this.expectOp('}');
    if (entries.every((e) => typeof e.key === 'string' && e.value.kind === 'literal')) {
      const value: Value = Object.fromEntries(entries.map((e) => [e.key as string, (e.value as { value: Value }).value]));
      return { kind: 'literal', value, loc };
    }
    return { kind: 'object', entries, loc };
  }
}
