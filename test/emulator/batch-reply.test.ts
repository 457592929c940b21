// Batch document replies are written as text (handlers/documents.ts itemText): the same JSON
// the objects gave, `_id`, `_key`, `_rev` (and `_oldRev`) in that order, errors unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestEmulator, type ApiClient, type EmulatorHandle } from '../helpers/emulator.js';

let emu: EmulatorHandle;
let c: ApiClient;
const D = '/_fabric/_system/_api/document/br';

beforeAll(async () => {
  emu = await startTestEmulator();
  c = api(emu);
  await c.post('/_fabric/_system/_api/collection', { name: 'br' });
});
afterAll(() => emu.close());

describe('batch replies', () => {
  it('insert, overwriting insert and errors', async () => {
    const r = await c.post(D, [{ _key: "k'1:@" }, { v: 1 }, { _key: "k'1:@" }]);
    expect(r.status).toBe(202);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const [a, b, dup] = r.body as Record<string, string>[];
    expect(r.text).toBe(
      `[{"_id":"br/k'1:@","_key":"k'1:@","_rev":"${a?._rev}"},{"_id":"br/${b?._key}","_key":"${b?._key}","_rev":"${b?._rev}"},${JSON.stringify(dup)}]`,
    );
    expect(dup).toMatchObject({ error: true, errorNum: 1210 });
    const o = await c.post(`${D}?overwriteMode=replace`, [{ _key: "k'1:@", v: 2 }]);
    expect(Object.keys(o.body[0])).toEqual(['_id', '_key', '_rev', '_oldRev']);
    expect(o.body[0]._oldRev).toBe(a?._rev);
    const n = await c.post(`${D}?returnNew=true`, [{ v: 3 }]);
    expect(n.body[0].new).toMatchObject({ v: 3, _key: n.body[0]._key });
  });
});
