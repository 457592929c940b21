// Writes without replication destinations (local collections, one-region fabrics) keep
// only their origin's HLC high-water mark in the outbox: a batch writes one row for them,
// in commit order with the rows that do replicate, and clocks still resume above every
// acknowledged write after a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type EmulatorCore } from '../../src/emulator/core.js';
import { resolveOptions } from '../../src/emulator/options.js';
import type { CollectionMeta } from '../../src/emulator/store/collection-store.js';
import { parseKeyOptions } from '../../src/emulator/store/keys.js';

const REGIONS = ['us-east', 'eu-west'];
const opened: EmulatorCore[] = [];
const dirs: string[] = [];

function open(dataDir: string): EmulatorCore {
  const c = createCore(resolveOptions({ port: 0, latencyScale: 0, seed: 3, regions: REGIONS, dataDir }));
  opened.push(c);
  return c;
}

function coll(c: EmulatorCore, name: string, isLocal: boolean): CollectionMeta {
  return c.collections.create('_system', 'us-east', {
    name, type: 2, isSpot: false, isLocal, keyOptions: parseKeyOptions(undefined), waitForSync: false, hasStream: false,
  });
}

interface Row { seq: number; dests: string; key: string; t: string }
const rows = (c: EmulatorCore): Row[] => c.db.prepare('SELECT seq, dests, key, t FROM outbox ORDER BY seq').all() as Row[];

afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('outbox rows without destinations', () => {
  it('a batch into a local collection writes one row: the newest write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8-marks-'));
    dirs.push(dir);
    const c = open(dir);
    const m = coll(c, 'l', true);
    const before = rows(c).length;
    const revs = c.documents.tx(() => ['a', 'b', 'c'].map((k) => c.documents.insert('us-east', m, { _key: k }).rev));
    const added = rows(c).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ dests: '', key: 'c' });
    expect(new Set(revs).size).toBe(3);
    expect(c.documents.count('us-east', m)).toBe(3);
  });

  it('keeps commit order = timestamp order when mixed with replicated writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8-marks-'));
    dirs.push(dir);
    const c = open(dir);
    const local = coll(c, 'l', true);
    const global = coll(c, 'g', false);
    const before = rows(c).length;
    c.documents.tx(() => {
      c.documents.insert('us-east', local, { _key: 'l1' });
      c.documents.insert('us-east', global, { _key: 'g1' });
      c.documents.insert('us-east', local, { _key: 'l2' });
    });
    const added = rows(c).slice(before);
    expect(added.map((r) => r.key)).toEqual(['l1', 'g1', 'l2']);
    const ts = added.map((r) => r.t);
    expect([...ts].sort()).toEqual(ts);
  });

  it('a clock resumes above the last acknowledged local write after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8-marks-'));
    dirs.push(dir);
    const c = open(dir);
    const m = coll(c, 'l', true);
    const last = c.documents.tx(() => ['a', 'b', 'c'].map((k) => c.documents.insert('us-east', m, { _key: k }).rev)).at(-1)!;
    await c.close();
    opened.splice(opened.indexOf(c), 1);
    const again = open(dir);
    const m2 = again.collections.find('_system', 'l', 'us-east')!;
    const next = again.documents.insert('us-east', m2, { _key: 'd' }).rev;
    expect(next > last).toBe(true);
  });

  it('a failed batch leaves no row behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'c8-marks-'));
    dirs.push(dir);
    const c = open(dir);
    const m = coll(c, 'l', true);
    const before = rows(c).length;
    expect(() =>
      c.documents.tx(() => {
        c.documents.insert('us-east', m, { _key: 'x' });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(rows(c).length).toBe(before);
    c.documents.tx(() => c.documents.insert('us-east', m, { _key: 'y' }));
    expect(rows(c).slice(before).map((r) => r.key)).toEqual(['y']);
  });
});
