// splitCursorReply must give, for any reply, each row's exact text and the same envelope
// JSON.parse gives; anything that is not such a reply must be refused (undefined), never
// split wrongly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCursorReply } from '../../src/api/raw-result.js';

describe('splitCursorReply', () => {
  it('keeps row texts verbatim and parses the rest of the envelope', () => {
    const text = '{"error":false,"code":201,"result":[{"a":"]},\\"[{","n":1.50},[1,[2,{}]],"x\\\\",null,-2e3,true],"hasMore":true,"id":"42","extra":{"warnings":[]},"cached":false}';
    const b = splitCursorReply(text);
    expect(b?.result).toEqual(['{"a":"]},\\"[{","n":1.50}', '[1,[2,{}]]', '"x\\\\"', 'null', '-2e3', 'true']);
    expect(b).toMatchObject({ error: false, code: 201, hasMore: true, id: '42', extra: { warnings: [] }, cached: false });
  });

  it('handles result anywhere in the envelope, empty results and whitespace; pretty rows become one line', () => {
    expect(splitCursorReply('{"hasMore":false,"result":[]}')).toEqual({ hasMore: false, result: [] });
    const pretty = JSON.stringify({ code: 200, result: [{ a: [1, 2] }, 'b c'], hasMore: false }, null, 2);
    expect(splitCursorReply(pretty)).toEqual({ code: 200, hasMore: false, result: ['{"a":[1,2]}', '"b c"'] });
  });

  it('refuses what is not a cursor reply', () => {
    for (const bad of ['', '[]', '"x"', '{"result":{}}', '{"hasMore":false}', '{"result":[1,2}', '{"result":[1 2]}', '{"result":["a]}']) {
      expect(splitCursorReply(bad)).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on arbitrary replies', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.boolean(), fc.string(), (rows, hasMore, id) => {
        const text = JSON.stringify({ error: false, code: 200, result: rows, hasMore, id, extra: { stats: { scannedFull: rows.length } } });
        const split = splitCursorReply(text);
        const whole = JSON.parse(text) as { result: unknown[] };
        expect(split?.result).toEqual(whole.result.map((r) => JSON.stringify(r)));
        expect({ ...split, result: [] }).toEqual({ ...whole, result: [] });
      }),
      { numRuns: 300 },
    );
  });
});
