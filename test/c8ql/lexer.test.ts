import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/emulator/c8ql/lexer.js';
import { QueryError } from '../../src/emulator/c8ql/types.js';

const kinds = (q: string): string[] => tokenize(q).map((t) => `${t.kind}:${t.value}`);

describe('lexer', () => {
  it('reads keywords case-insensitively and keeps identifiers as written', () => {
    expect(kinds('for Doc In c')).toEqual(['keyword:FOR', 'ident:Doc', 'keyword:IN', 'ident:c', 'eof:']);
  });

  it('reads numbers: integers, decimals, exponents, hex and binary', () => {
    const nums = tokenize('1 2.5 .5 1e3 2.5E-2 0x1F 0b101').filter((t) => t.kind !== 'eof');
    expect(nums.map((t) => t.num)).toEqual([1, 2.5, 0.5, 1000, 0.025, 31, 5]);
    expect(nums.map((t) => t.kind)).toEqual(['int', 'float', 'float', 'float', 'float', 'int', 'int']);
  });

  it('unescapes strings in both quote styles', () => {
    const [a, b] = tokenize(String.raw`'it\'s\n' "\u0041\"\\"`);
    expect(a?.value).toBe("it's\n");
    expect(b?.value).toBe('A"\\');
  });

  it('reads bind parameters, quoted identifiers, operators and skips comments', () => {
    expect(kinds('@v @@coll `for` ´x´ // line\n a /* block\n */ == != =~ !~ .. :: && ||')).toEqual([
      'bind:v', 'bindColl:coll', 'qident:for', 'qident:x', 'ident:a', 'op:==', 'op:!=', 'op:=~', 'op:!~', 'op:..', 'op:::', 'op:&&', 'op:||', 'eof:',
    ]);
  });

  it('tracks line and column', () => {
    const t = tokenize('FOR d\n  IN c');
    expect(t.map((x) => [x.line, x.column])).toEqual([[1, 1], [1, 5], [2, 3], [2, 6], [2, 7]]);
  });

  it('reads a range between integers without taking the dots as decimals', () => {
    expect(kinds('1..10')).toEqual(['int:1', 'op:..', 'int:10', 'eof:']);
  });

  it('rejects an unterminated string with a 1501 syntax error', () => {
    const e = (() => { try { tokenize("RETURN 'abc"); } catch (err) { return err; } return undefined; })();
    expect(e).toBeInstanceOf(QueryError);
    expect((e as QueryError).errorNum).toBe(1501);
    expect((e as QueryError).column).toBe(8);
  });
});
