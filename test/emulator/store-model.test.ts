// Model-based check of the document store: random insert/replace/update/remove sequences
// in one region behave like a plain map (same documents, same 1210/1202 errors), and
// after replication every replica holds exactly what the executing region holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/emulator/clock.js';
import { createCore } from '../../src/emulator/core.js';
import { GdnError } from '../../src/emulator/errors.js';
import { resolveOptions } from '../../src/emulator/options.js';
import { parseKeyOptions } from '../../src/emulator/store/keys.js';

const REGIONS = ['us-east', 'eu-west'];
type Body = Record<string, number | null>;
type Op =
  | { kind: 'insert' | 'replace' | 'update'; key: string; body: Body }
  | { kind: 'remove'; key: string };

const key = fc.constantFrom('a', 'b', 'c');
const body = fc.dictionary(fc.constantFrom('x', 'y', 'z'), fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null)), { maxKeys: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const, 'update' as const), key, body }),
  fc.record({ kind: fc.constant('remove' as const), key }),
);

const userFields = (d: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
  if (!d) return undefined;
  const { _key: _k, _id: _i, _rev: _r, ...rest } = d;
  return rest;
};

describe('document store model', () => {
  it('matches a map model and replicas converge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const clock = new ManualClock();
        const core = createCore(resolveOptions({ port: 0, inMemory: true, latencyScale: 0, seed: 3, regions: REGIONS, clock }));
        try {
          const meta = core.collections.create('_system', 'us-east', {
            name: 'm', type: 2, isSpot: false, isLocal: false, keyOptions: parseKeyOptions(undefined), waitForSync: false, hasStream: false,
          });
          const model = new Map<string, Record<string, unknown>>();
          for (const o of ops) {
            let err = 0;
            try {
              if (o.kind === 'insert') core.documents.insert('us-east', meta, { _key: o.key, ...o.body });
              else if (o.kind === 'replace') core.documents.replace('us-east', meta, o.key, o.body);
              else if (o.kind === 'update') core.documents.update('us-east', meta, o.key, o.body);
              else core.documents.remove('us-east', meta, o.key);
            } catch (e) {
              if (!(e instanceof GdnError)) throw e;
              err = e.errorNum;
            }
            const cur = model.get(o.key);
            if (o.kind === 'insert') {
              expect(err).toBe(cur ? 1210 : 0);
              if (!cur) model.set(o.key, { ...o.body });
            } else {
              expect(err).toBe(cur ? 0 : 1202);
              if (cur && o.kind === 'replace') model.set(o.key, { ...o.body });
              if (cur && o.kind === 'update') model.set(o.key, { ...cur, ...o.body });
              if (cur && o.kind === 'remove') model.delete(o.key);
            }
            expect(userFields(core.documents.get('us-east', meta, o.key))).toEqual(model.get(o.key));
          }
          for (let i = 0; i < 20 && (core.network.stats().replication?.streams.some((s) => s.backlog > 0) ?? false); i++) {
            clock.advance(1000);
            await new Promise((r) => setImmediate(r));
          }
          await core.network.replicator!.idle();
          for (const k of ['a', 'b', 'c']) {
            expect(core.documents.get('eu-west', meta, k)).toEqual(core.documents.get('us-east', meta, k));
          }
        } finally {
          await core.close();
        }
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  it('replicas converge when both regions write the same keys concurrently', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...REGIONS), op, fc.boolean()), { maxLength: 25 }), async (steps) => {
        const clock = new ManualClock();
        const core = createCore(resolveOptions({ port: 0, inMemory: true, latencyScale: 0, seed: 5, regions: REGIONS, clock,
          replicationLagMs: 50 }));
        try {
          const meta = core.collections.create('_system', 'us-east', {
            name: 'm', type: 2, isSpot: false, isLocal: false, keyOptions: parseKeyOptions(undefined), waitForSync: false, hasStream: false,
          });
          for (const [region, o, tick] of steps) {
            try {
              if (o.kind === 'insert') core.documents.insert(region, meta, { _key: o.key, ...o.body });
              else if (o.kind === 'replace') core.documents.replace(region, meta, o.key, o.body);
              else if (o.kind === 'update') core.documents.update(region, meta, o.key, o.body);
              else core.documents.remove(region, meta, o.key);
            } catch (e) {
              if (!(e instanceof GdnError)) throw e;
            }
            if (tick) {
              clock.advance(60);
              await new Promise((r) => setImmediate(r));
            }
          }
          for (let i = 0; i < 20 && (core.network.stats().replication?.streams.some((s) => s.backlog > 0) ?? false); i++) {
            clock.advance(1000);
            await new Promise((r) => setImmediate(r));
          }
          await core.network.replicator!.idle();
          for (const k of ['a', 'b', 'c']) {
            expect(core.documents.get('eu-west', meta, k)).toEqual(core.documents.get('us-east', meta, k));
          }
        } finally {
          await core.close();
        }
      }),
      { numRuns: 60, seed: 12 },
    );
  });
});
