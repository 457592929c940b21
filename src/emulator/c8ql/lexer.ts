// The C8QL lexer: a switch on character codes, tracking line and column, producing the
// whole token list up front (queries are small; the parser then looks ahead freely).
//
//   Token      : Keyword | Identifier | Number | String | BindParam | Operator
//   Identifier : [A-Za-z_$][A-Za-z0-9_]*  |  `…`  |  ´…´
//   Number     : Digits ('.' Digits)? Exponent? | '.' Digits Exponent? | 0x Hex | 0b Bin
//   String     : '…' | "…" with \n \r \t \b \f \\ \' \" \/ \uXXXX escapes
//   BindParam  : '@' Name | '@@' Name
//   Comment    : '//' … end of line | '/*' … '*/'
import { ErrorNum } from '../../wire/codes.js';
import { KEYWORDS, type Token, type TokenKind } from './tokens.js';
import { QueryError } from './types.js';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);

// Longest operators first so '==' wins over '='.
const OPERATORS = ['..', '==', '!=', '<=', '>=', '&&', '||', '=~', '!~', '::', '=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', ',', '.', '(', ')', '[', ']', '{', '}'];

export function syntaxError(query: string, t: { start: number; line: number; column: number }, unexpected: string): QueryError {
  const rest = query.slice(t.start);
  const near = rest.length > 32 ? `${rest.slice(0, 32)}...` : rest;
  return new QueryError(400, ErrorNum.QUERY_PARSE, `syntax error, unexpected ${unexpected} near '${near}' at position ${t.line}:${t.column}`, t);
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: TokenKind, value: string, start: number, startLine: number, startCol: number, num = 0): void => {
    tokens.push({ kind, value, num, start, end: pos, line: startLine, column: startCol });
  };
  const fail = (start: number, l: number, c: number, what: string): never => {
    throw syntaxError(query, { start, line: l, column: c }, what);
  };
  while (pos < query.length) {
    const c = query.charCodeAt(pos);
    // Whitespace and newlines.
    if (c === 10) { pos++; line++; lineStart = pos; continue; }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff || c === 0xa0) { pos++; continue; }
    const start = pos;
    const col = pos - lineStart + 1;
    const startLine = line;
    switch (c) {
      case 47: { // '/': comment or division
        const n = query.charCodeAt(pos + 1);
        if (n === 47) {
          while (pos < query.length && query.charCodeAt(pos) !== 10) pos++;
          continue;
        }
        if (n === 42) {
          const endAt = query.indexOf('*/', pos + 2);
          if (endAt < 0) fail(start, startLine, col, 'end of query');
          for (let i = pos; i < endAt; i++) if (query.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
          pos = endAt + 2;
          continue;
        }
        break;
      }
      case 39: case 34: { // quoted string
        pos++;
        let out = '';
        for (;;) {
          if (pos >= query.length) fail(start, startLine, col, 'unterminated string');
          const ch = query.charCodeAt(pos);
          if (ch === c) { pos++; break; }
          if (ch === 10) { line++; lineStart = pos + 1; }
          if (ch !== 92) { out += query[pos]; pos++; continue; }
          const e = query[pos + 1];
          pos += 2;
          switch (e) {
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'u': {
              const hex = query.slice(pos, pos + 4);
              if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(start, startLine, col, 'invalid escape sequence');
              out += String.fromCharCode(parseInt(hex, 16));
              pos += 4;
              break;
            }
            case undefined: fail(start, startLine, col, 'unterminated string'); break;
            default: out += e; // \\ \' \" \/ and any other escaped character stand for themselves
          }
        }
        push('string', out, start, startLine, col);
        continue;
      }
      case 96: case 0xb4: { // `name` or ´name´: a quoted identifier
        const close = query.indexOf(query[pos] ?? '', pos + 1);
        if (close < 0) fail(start, startLine, col, 'unterminated identifier');
        pos = close + 1;
        push('qident', query.slice(start + 1, close), start, startLine, col);
        continue;
      }
      case 64: { // '@' bind parameter, '@@' collection bind parameter
        const coll = query.charCodeAt(pos + 1) === 64;
        pos += coll ? 2 : 1;
        const nameStart = pos;
        while (pos < query.length && isIdentPart(query.charCodeAt(pos))) pos++;
        if (pos === nameStart) fail(start, startLine, col, 'bind parameter');
        push(coll ? 'bindColl' : 'bind', query.slice(nameStart, pos), start, startLine, col);
        continue;
      }
      default:
        break;
    }
    if (isDigit(c) || (c === 46 && isDigit(query.charCodeAt(pos + 1)) && query.charCodeAt(pos - 1) !== 46 && !prevIsOperand(tokens))) {
      const m = /^(?:0[xX][0-9a-fA-F]+|0[bB][01]+|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)/.exec(query.slice(pos));
      const text = m?.[0] ?? query[pos] ?? '';
      pos += text.length;
      if (pos < query.length && isIdentStart(query.charCodeAt(pos))) fail(start, startLine, col, 'identifier');
      const lower = text.toLowerCase();
      if (lower.startsWith('0x')) push('int', text, start, startLine, col, parseInt(text.slice(2), 16));
      else if (lower.startsWith('0b')) push('int', text, start, startLine, col, parseInt(text.slice(2), 2));
      else push(/[.eE]/.test(text) ? 'float' : 'int', text, start, startLine, col, Number(text));
      continue;
    }
    if (isIdentStart(c)) {
      while (pos < query.length && isIdentPart(query.charCodeAt(pos))) pos++;
      const word = query.slice(start, pos);
      const upper = word.toUpperCase();
      if (KEYWORDS.has(upper)) push('keyword', upper, start, startLine, col);
      else push('ident', word, start, startLine, col);
      continue;
    }
    const op = OPERATORS.find((o) => query.startsWith(o, pos));
    if (op === undefined) fail(start, startLine, col, `character '${query[pos] ?? ''}'`);
    pos += (op ?? '').length;
    push('op', op ?? '', start, startLine, col);
  }
  tokens.push({ kind: 'eof', value: '', num: 0, start: pos, end: pos, line, column: pos - lineStart + 1 });
  return tokens;
}

// `a.5` is never valid, but `x[0].5`-like input should not turn `.5` into a number after an operand.
function prevIsOperand(tokens: readonly Token[]): boolean {
  const p = tokens[tokens.length - 1];
  if (!p) return false;
  return p.kind === 'ident' || p.kind === 'qident' || (p.kind === 'op' && (p.value === ')' || p.value === ']'));
}
