import { describe, expect, it } from 'vitest';
import { BulkRun, type BatchSender, type BulkFailure, type BulkOptions, type ItemOutcome } from '../../src/cli/bulk/pipeline.js';
import { readNdjson } from '../../src/cli/input/ndjson.js';
import type { InputItem } from '../../src/cli/input/types.js';

class Transient extends Error {}
class Fatal extends Error {
  readonly errorNum = 1203;
}

async function* docs(n: number, withKey = true, onProduce?: () => void): AsyncGenerator<InputItem> {
  for (let i = 0; i < n; i++) {
    onProduce?.();
    yield { kind: 'doc', line: i + 1, doc: withKey ? { _key: `k${i}`, n: i } : { n: i } };
  }
}

const ok: ItemOutcome = { ok: true, oldRev: false };

function options(overrides: Partial<BulkOptions>): BulkOptions {
  let t = 0;
  return {
    items: docs(0),
    send: async (batch) => batch.map(() => ok),
    batchSize: 10,
    concurrency: 2,
    maxErrors: 20,
    onDuplicate: 'error',
    isTransient: (err) => err instanceof Transient,
    isFatal: (err) => err instanceof Fatal,
    retries: 2,
    backoff: async () => undefined,
    now: () => (t += 5),
    ...overrides,
  };
}

describe('BulkRun', () => {
  it('sends batches of batchSize and sums the outcome', async () => {
    const sizes: number[] = [];
    const send: BatchSender = async (batch) => {
      sizes.push(batch.length);
      return batch.map(() => ok);
    };
    const summary = await new BulkRun(options({ items: docs(25), send })).run();
    expect(sizes).toEqual([10, 10, 5]);
    expect(summary).toMatchObject({ read: 25, inserted: 25, updated: 0, ignored: 0, failed: 0, batches: 3, dryRun: false, stopped: undefined });
    expect(summary.ms).toBeGreaterThan(0);
  });

  it('maps per-item errors and bad input lines to their line numbers', async () => {
    const failures: BulkFailure[] = [];
    const input = readNdjson(['{"_key":"a"}\n{"_key":"dup"}\nnot json\n{"_key":"b"}\n']);
    const send: BatchSender = async (batch) =>
      batch.map((d) => (d.doc._key === 'dup' ? { ok: false, errorNum: 1210, message: 'unique constraint violated' } : ok));
    const summary = await new BulkRun(options({ items: input, send, onFailure: (f) => failures.push(f) })).run();
    expect(summary).toMatchObject({ read: 4, inserted: 2, failed: 2 });
    expect(failures.map((f) => [f.line, f.errorNum])).toEqual([
      [3, 0],
      [2, 1210],
    ]);
    expect(failures[1]?.document).toEqual({ _key: 'dup' });
  });

  it('counts replaced/updated and ignored documents from _oldRev', async () => {
    const send: BatchSender = async (batch) => batch.map((d) => ({ ok: true, oldRev: (d.doc.n as number) % 2 === 0 }));
    expect(await new BulkRun(options({ items: docs(10), send, onDuplicate: 'replace' })).run()).toMatchObject({ inserted: 5, updated: 5 });
    expect(await new BulkRun(options({ items: docs(10), send, onDuplicate: 'ignore' })).run()).toMatchObject({ inserted: 5, ignored: 5 });
  });

  it('keeps at most `concurrency` batches in flight and applies back-pressure to the reader', async () => {
    let produced = 0;
    let active = 0;
    let maxActive = 0;
    let maxLead = 0;
    let done = 0;
    const send: BatchSender = async (batch) => {
      active++;
      maxActive = Math.max(maxActive, active);
      maxLead = Math.max(maxLead, produced - done);
      await new Promise((r) => setTimeout(r, 1));
      active--;
      done += batch.length;
      return batch.map(() => ok);
    };
    const summary = await new BulkRun(options({ items: docs(500, true, () => produced++), send, batchSize: 20, concurrency: 3 })).run();
    expect(summary.inserted).toBe(500);
    expect(maxActive).toBe(3);
    // Never more than the in-flight batches plus the one being filled.
    expect(maxLead).toBeLessThanOrEqual(20 * 4);
  });

  it('stops reading after --max-errors and lets in-flight batches finish', async () => {
    const failures: BulkFailure[] = [];
    const send: BatchSender = async (batch) => batch.map(() => ({ ok: false, errorNum: 1210, message: 'dup' }));
    const summary = await new BulkRun(options({ items: docs(1000), send, maxErrors: 15, onFailure: (f) => failures.push(f) })).run();
    expect(summary.stopped).toBe('max-errors');
    expect(summary.failed).toBeGreaterThan(15);
    expect(summary.failed).toBe(failures.length);
    expect(summary.read).toBeLessThan(1000);
    expect(summary.failed).toBeLessThanOrEqual(10 * 3);
  });

  it('retries documents with a _key after a transient error, but not documents without one', async () => {
    let calls = 0;
    const failures: BulkFailure[] = [];
    const seen: number[] = [];
    const input = (async function* (): AsyncGenerator<InputItem> {
      yield { kind: 'doc', line: 1, doc: { _key: 'a' } };
      yield { kind: 'doc', line: 2, doc: { n: 2 } };
      yield { kind: 'doc', line: 3, doc: { _key: 'c' } };
    })();
    const send: BatchSender = async (batch) => {
      calls++;
      seen.push(batch.length);
      if (calls === 1) throw new Transient('connection reset');
      return batch.map((d) => (d.doc._key === 'a' ? { ok: false, errorNum: 1210, message: 'unique constraint violated' } : ok));
    };
    const summary = await new BulkRun(options({ items: input, send, onFailure: (f) => failures.push(f) })).run();
    expect(seen).toEqual([3, 2]);
    expect(summary).toMatchObject({ inserted: 1, failed: 2 });
    expect(failures.find((f) => f.line === 2)?.message).toMatch(/not retried/);
    expect(failures.find((f) => f.line === 1)?.message).toMatch(/earlier attempt .* may have inserted it/);
  });

  it('re-sends a whole batch in an idempotent mode and gives up after the retries', async () => {
    const attempts: number[] = [];
    const send: BatchSender = async (batch, attempt) => {
      attempts.push(attempt);
      throw new Transient(`503 try ${attempt} for ${batch.length}`);
    };
    const summary = await new BulkRun(options({ items: docs(4, false), send, onDuplicate: 'replace', retries: 2 })).run();
    expect(attempts).toEqual([0, 1, 2]);
    expect(summary.failed).toBe(4);
  });

  it('ends the run on a fatal batch error (unknown collection)', async () => {
    const failures: BulkFailure[] = [];
    const send: BatchSender = async () => {
      throw new Fatal('collection or view not found');
    };
    const summary = await new BulkRun(options({ items: docs(100), send, concurrency: 1, onFailure: (f) => failures.push(f) })).run();
    expect(summary.stopped).toBe('fatal');
    expect(summary.fatal).toBeInstanceOf(Fatal);
    expect(failures[0]).toMatchObject({ errorNum: 1203, line: 1 });
    expect(summary.read).toBeLessThan(100);
  });

  it('stops reading when aborted and still counts the batches in flight', async () => {
    const controller = new AbortController();
    const send: BatchSender = async (batch) => {
      controller.abort();
      await new Promise((r) => setTimeout(r, 2));
      return batch.map(() => ok);
    };
    const summary = await new BulkRun(options({ items: docs(1000), send, signal: controller.signal })).run();
    expect(summary.stopped).toBe('interrupted');
    expect(summary.inserted).toBe(summary.batches * 10);
    expect(summary.read).toBeLessThan(1000);
  });

  it('reports a structural input error after the batches already read', async () => {
    const summary = await new BulkRun(options({ items: readNdjson(['{"a":1}\n']), batchSize: 1 })).run();
    expect(summary.stopped).toBeUndefined();
    const broken = (async function* (): AsyncGenerator<InputItem> {
      yield { kind: 'doc', line: 1, doc: { a: 1 } };
      throw new Error('line 2: the array is not closed');
    })();
    const r = await new BulkRun(options({ items: broken, batchSize: 10 })).run();
    expect(r).toMatchObject({ stopped: 'input-error', inserted: 1 });
    expect((r.fatal as Error).message).toMatch(/not closed/);
  });

  it('validates without sending in a dry run', async () => {
    const failures: BulkFailure[] = [];
    const input = readNdjson(['{"_key":"ok"}\n{"_key":7}\n{"_key":"bad key"}\n{"x":1}\n']);
    const summary = await new BulkRun(options({ items: input, send: undefined, onFailure: (f) => failures.push(f) })).run();
    expect(summary).toMatchObject({ dryRun: true, read: 4, inserted: 0, failed: 2 });
    expect(failures.map((f) => [f.line, f.errorNum])).toEqual([
      [2, 1221],
      [3, 1221],
    ]);
  });

  it('streams 100,000 documents with bounded read-ahead', async () => {
    let produced = 0;
    let consumed = 0;
    let maxLead = 0;
    const send: BatchSender = async (batch) => {
      maxLead = Math.max(maxLead, produced - consumed);
      await Promise.resolve();
      consumed += batch.length;
      return batch.map(() => ok);
    };
    const summary = await new BulkRun(options({ items: docs(100_000, true, () => produced++), send, batchSize: 1000, concurrency: 4 })).run();
    expect(summary).toMatchObject({ read: 100_000, inserted: 100_000, batches: 100 });
    expect(maxLead).toBeLessThanOrEqual(1000 * 5);
  });
});
