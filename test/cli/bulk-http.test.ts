// Transport faults the emulator cannot produce on demand (a 503 on one batch, a reset socket),
// through undici's MockAgent, with the real client, sender and pipeline.
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { BulkRun, type BulkFailure, type BulkSummary } from '../../src/cli/bulk/pipeline.js';
import { GdnClient } from '../../src/api/client.js';
import { isTransient } from '../../src/cli/commands/data-session.js';
import { makeSender } from '../../src/cli/commands/insert-run.js';
import { readNdjson } from '../../src/cli/input/ndjson.js';

const BASE = 'http://gdn.test';
const PATH = '/_fabric/f/_api/document/c';
let agent: MockAgent;

function client(): GdnClient {
  agent = new MockAgent();
  agent.disableNetConnect();
  return new GdnClient({ url: BASE, auth: { apiKey: 'k' }, dispatcher: agent, retries: 0 });
}

afterEach(async () => {
  await agent?.close();
});

function run(c: GdnClient, input: string, failures: BulkFailure[], mode: 'error' | 'replace' = 'error'): Promise<BulkSummary> {
  return new BulkRun({
    items: readNdjson([input]),
    send: makeSender(c, 'f', 'c', mode),
    batchSize: 10,
    concurrency: 1,
    maxErrors: 100,
    onDuplicate: mode,
    isTransient,
    isFatal: () => true,
    retries: 2,
    backoff: async () => undefined,
    onFailure: (f) => failures.push(f),
    now: () => 0,
  }).run();
}

describe('insert over a flaky transport', () => {
  it('retries keyed documents after a 503 and reports unkeyed ones as unknown', async () => {
    const c = client();
    const pool = agent.get(BASE);
    const bodies: unknown[] = [];
    pool.intercept({ path: PATH, method: 'POST' }).reply(503, { error: true, code: 503, errorNum: 1478, errorMessage: 'spot region unavailable' });
    pool
      .intercept({ path: PATH, method: 'POST', body: (b) => (bodies.push(JSON.parse(b)), true) })
      .reply(202, [{ _id: 'c/a', _key: 'a', _rev: '1' }]);
    const failures: BulkFailure[] = [];
    const summary = await run(c, '{"_key":"a"}\n{"n":1}\n', failures);
    expect(bodies.at(-1)).toEqual([{ _key: 'a' }]);
    expect(summary).toMatchObject({ inserted: 1, failed: 1 });
    expect(failures[0]).toMatchObject({ line: 2, errorNum: 1478 });
    expect(failures[0]?.message).toMatch(/not retried/);
  });

  it('treats a reset connection as transient and re-sends the whole batch in replace mode', async () => {
    const c = client();
    const pool = agent.get(BASE);
    pool.intercept({ path: `${PATH}?overwriteMode=replace`, method: 'POST' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    pool.intercept({ path: `${PATH}?overwriteMode=replace`, method: 'POST' }).reply(202, [
      { _id: 'c/1', _key: '1', _rev: '1' },
      { _id: 'c/x', _key: 'x', _rev: '2', _oldRev: '1' },
    ]);
    const failures: BulkFailure[] = [];
    const summary = await run(c, '{"n":1}\n{"_key":"x"}\n', failures, 'replace');
    expect(failures).toEqual([]);
    expect(summary).toMatchObject({ inserted: 1, updated: 1, failed: 0 });
  });

  it('forwards NDJSON lines as read: no second serialisation, numbers keep their text', async () => {
    const c = client();
    const bodies: string[] = [];
    agent
      .get(BASE)
      .intercept({ path: PATH, method: 'POST', body: (b) => (bodies.push(b), true) })
      .reply(202, [
        { _id: 'c/a', _key: 'a', _rev: '1' },
        { _id: 'c/b', _key: 'b', _rev: '2' },
      ]);
    const failures: BulkFailure[] = [];
    const summary = await run(c, '{"_key":"a", "big": 12345678901234567890}\r\n{"_key":"b","x":1.50}\n', failures);
    expect(summary).toMatchObject({ inserted: 2, failed: 0 });
    // (MockAgent may consult the body matcher more than once.)
    expect(new Set(bodies)).toEqual(new Set(['[{"_key":"a", "big": 12345678901234567890},{"_key":"b","x":1.50}]']));
  });

  it('reads plain successes without parsing, and still maps an error item or a short reply', async () => {
    const c = client();
    const pool = agent.get(BASE);
    pool.intercept({ path: PATH, method: 'POST' }).reply(202, [
      { _id: 'c/a', _key: 'a', _rev: '1' },
      { error: true, errorNum: 1210, errorMessage: 'unique constraint violated' },
    ]);
    const failures: BulkFailure[] = [];
    expect(await run(c, '{"_key":"a"}\n{"_key":"b"}\n', failures)).toMatchObject({ inserted: 1, failed: 1 });
    expect(failures[0]).toMatchObject({ line: 2, errorNum: 1210 });
    pool.intercept({ path: PATH, method: 'POST' }).reply(202, [{ _id: 'c/c', _key: 'c', _rev: '2' }]);
    const short: BulkFailure[] = [];
    expect(await run(c, '{"_key":"c"}\n{"_key":"d"}\n', short)).toMatchObject({ inserted: 0, failed: 2 });
    expect(short[0]?.message).toMatch(/answered 1 results for 2 documents/);
  });

  it('does not retry a non-transient batch error and ends the run', async () => {
    const c = client();
    agent.get(BASE).intercept({ path: PATH, method: 'POST' }).reply(404, { error: true, code: 404, errorNum: 1203, errorMessage: 'collection or view not found' });
    const failures: BulkFailure[] = [];
    const summary = await run(c, '{"_key":"a"}\n', failures);
    expect(summary.stopped).toBe('fatal');
    expect(failures[0]).toMatchObject({ errorNum: 1203 });
  });
});
