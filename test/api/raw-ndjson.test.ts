// cursorReplyToNdjson must give, for any reply, the bytes of each row's own text one per
// line, and the same envelope JSON.parse gives; anything else is refused (undefined).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryNdjson, type GdnRequest, type GdnRequester } from '../../src/api/cursors.js';
import { cursorReplyToNdjson, rowsToNdjson } from '../../src/api/raw-ndjson.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('cursorReplyToNdjson', () => {
  it('keeps row bytes verbatim (multi-byte UTF-8 too) and parses the rest of the envelope', () => {
    const text = '{"error":false,"code":201,"result":[{"a":"]},\\"[{","n":1.50,"é":"日本"},[1,[2,{}]],"x\\\\",null,-2e3,true],"hasMore":true,"id":"42","extra":{"warnings":[]},"cached":false}';
    const b = cursorReplyToNdjson(bytes(text));
    expect(b?.ndjson.toString('utf8')).toBe('{"a":"]},\\"[{","n":1.50,"é":"日本"}\n[1,[2,{}]]\n"x\\\\"\nnull\n-2e3\ntrue\n');
    expect(b?.rows).toBe(6);
    expect(b).toMatchObject({ error: false, code: 201, hasMore: true, id: '42', extra: { warnings: [] }, cached: false });
    expect(b).not.toHaveProperty('result');
  });

  it('handles result anywhere, empty results and whitespace; pretty rows become one line', () => {
    const empty = cursorReplyToNdjson(bytes('{"hasMore":false,"result":[]}'));
    expect(empty?.rows).toBe(0);
    expect(empty?.ndjson.length).toBe(0);
    const pretty = JSON.stringify({ code: 200, result: [{ a: [1, 2] }, 'b c', { x: 'y' }], hasMore: false }, null, 2);
    const b = cursorReplyToNdjson(bytes(pretty));
    expect(b?.ndjson.toString()).toBe('{"a":[1,2]}\n"b c"\n{"x":"y"}\n');
    expect(b).toMatchObject({ code: 200, hasMore: false, rows: 3 });
  });

  it('refuses what is not a cursor reply', () => {
    for (const bad of ['', '[]', '"x"', '{"result":{}}', '{"hasMore":false}', '{"result":[1,2}', '{"result":[1 2]}', '{"result":["a]}']) {
      expect(cursorReplyToNdjson(bytes(bad))).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on arbitrary replies, compact or indented', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.boolean(), fc.string(), fc.constantFrom(0, 2), (rows, hasMore, id, indent) => {
        const text = JSON.stringify({ error: false, code: 200, result: rows, hasMore, id, extra: { stats: { scannedFull: rows.length } } }, null, indent);
        const split = cursorReplyToNdjson(bytes(text));
        const whole = JSON.parse(text) as { result: unknown[] };
        const lines = whole.result.map((r) => `${JSON.stringify(r)}\n`).join('');
        if (indent === 0) expect(split?.ndjson.toString('utf8')).toBe(lines);
        else expect(split?.ndjson.toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown)).toEqual(whole.result);
        const { result: _r, ...rest } = whole;
        expect({ ...split, ndjson: undefined }).toEqual({ ...rest, rows: rows.length, ndjson: undefined });
      }),
      { numRuns: 300 },
    );
  });

  it('rowsToNdjson writes parsed rows one per line', () => {
    const b = rowsToNdjson({ result: [{ a: 1 }, 'x', null], hasMore: false });
    expect(b.ndjson.toString()).toBe('{"a":1}\n"x"\nnull\n');
    expect(b).toMatchObject({ rows: 3, hasMore: false });
  });

  it('queryNdjson takes bytes, text or parsed replies alike (a requester may not give bytes)', async () => {
    const replies: unknown[] = [
      Buffer.from('{"result":[{"a":"é"},2],"hasMore":true,"id":"7","count":5}'),
      '{"result":[3],"hasMore":true,"id":"7"}',
      { result: [{ b: [4] }, 'five'], hasMore: false },
    ];
    const seen: GdnRequest[] = [];
    const requester: GdnRequester = {
      requestJson: async <T>(req: GdnRequest): Promise<T> => {
        seen.push(req);
        return replies.shift() as T;
      },
    };
    let text = '';
    let rows = 0;
    for await (const b of queryNdjson(requester, 'f', 'FOR d IN c RETURN d')) {
      text += b.ndjson.toString('utf8');
      rows += b.rows;
    }
    expect(text).toBe('{"a":"é"}\n2\n3\n{"b":[4]}\n"five"\n');
    expect(rows).toBe(5);
    expect(seen.map((r) => [r.method, r.rawResponse])).toEqual([
      ['POST', 'bytes'],
      ['PUT', 'bytes'],
      ['PUT', 'bytes'],
    ]);
  });
});
