// An inserted document's stored text is `_key`, `_id`, `_rev`, then its own attributes in
// order, whether or not the input carried system attributes (document-store.ts storedText
// skips building the object when it did not), and `new` is that same document.
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type EmulatorCore } from '../../src/emulator/core.js';
import { resolveOptions } from '../../src/emulator/options.js';
import { parseKeyOptions } from '../../src/emulator/store/keys.js';

let core: EmulatorCore | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
});

describe('stored text of inserts', () => {
  it('puts the system attributes first and keeps the rest in order', () => {
    core = createCore(resolveOptions({ port: 0, latencyScale: 0, seed: 5, regions: ['us-east'], inMemory: true }));
    const c = core;
    const m = c.collections.create('_system', 'us-east', {
      name: 'st', type: 2, isSpot: false, isLocal: false, keyOptions: parseKeyOptions(undefined), waitForSync: false, hasStream: false,
    });
    const cases: Record<string, unknown>[] = [
      { b: 1, a: { z: [1, 'x'], y: null }, s: 'é"\\' },
      {},
      { _key: 'given', v: 1 },
      { _id: 'other/1', _rev: 'stale', v: 2 },
      { _key: null, v: 3 },
    ];
    for (const doc of cases) {
      const w = c.documents.insert('us-east', m, doc);
      const text = c.documents.getRaw('us-east', m, w.key)?.body;
      const user = Object.fromEntries(Object.entries(doc).filter(([k]) => !['_key', '_id', '_rev'].includes(k)));
      expect(text).toBe(JSON.stringify({ _key: w.key, _id: `st/${w.key}`, _rev: w.rev, ...user }));
      expect(w.new).toEqual(JSON.parse(text ?? 'null'));
    }
  });
});
