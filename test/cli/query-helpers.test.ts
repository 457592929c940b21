import { describe, expect, it } from 'vitest';
import { parseBind, parseBindFile, parseBinds } from '../../src/cli/query/binds.js';
import { caretExcerpt, errorPosition } from '../../src/cli/query/caret.js';

describe('bind values', () => {
  it('k=v is a string and k:=<json> is typed', () => {
    expect(parseBind('name=42')).toEqual(['name', '42']);
    expect(parseBind('n:=42')).toEqual(['n', 42]);
    expect(parseBind('tags:=["a",1]')).toEqual(['tags', ['a', 1]]);
    expect(parseBind('eq=a=b')).toEqual(['eq', 'a=b']);
    expect(parseBind('@coll=people')).toEqual(['@coll', 'people']);
    expect(parseBind('empty=')).toEqual(['empty', '']);
  });

  it('rejects malformed binds with a usage error', () => {
    expect(() => parseBind('novalue')).toThrow(/k=v or k:=<json>/);
    expect(() => parseBind('=x')).toThrow(/k=v/);
    expect(() => parseBind(':=1')).toThrow(/no name/);
    expect(() => parseBind('n:=nope')).toThrow(/needs a JSON value/);
  });

  it('flags override the bind file', () => {
    const file = parseBindFile('{"a":1,"b":2}', 'b.json');
    expect(parseBinds(['b:=3', 'c=x'], file)).toEqual({ a: 1, b: 3, c: 'x' });
    expect(() => parseBindFile('[1]', 'b.json')).toThrow(/JSON object/);
    expect(() => parseBindFile('{', 'b.json')).toThrow(/invalid JSON/);
  });
});

describe('caret under a C8QL error', () => {
  it('points at the line and column from "at position L:C"', () => {
    const query = 'FOR d IN c\n  FILTER d.x == 1\n  RETRUN d';
    const message = "syntax error, unexpected identifier near 'RETRUN d' at position 3:3";
    expect(errorPosition(message)).toEqual({ line: 3, column: 3 });
    expect(caretExcerpt(query, message)).toBe('  2 |   FILTER d.x == 1\n  3 |   RETRUN d\n    |   ^');
  });

  it('works on the first line and gives nothing without a position', () => {
    expect(caretExcerpt('INVALID QUERY', "near 'INVALID QUERY' at position 1:1")).toBe('  1 | INVALID QUERY\n    | ^');
    expect(caretExcerpt('x', 'collection or view not found')).toBeUndefined();
    expect(caretExcerpt('x', 'at position 9:1')).toBeUndefined();
  });
});
