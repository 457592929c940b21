// The REST layer's per-request timeout against a real local server that accepts the
// connection and then never answers (or stops halfway through a body): the failure is a
// NetworkError of kind 'timeout', retried only for idempotent requests.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GdnClient } from '../../src/api/client.js';
import { NetworkError } from '../../src/api/errors.js';

let server: Server;
let url: string;
/** Requests the server received, by path: proves what was (not) retried. */
const seen = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.set(path, (seen.get(path) ?? 0) + 1);
    req.resume();
    // /half: headers and the start of a JSON body, then silence. Anything else: silence.
    if (path === '/half') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"result":[');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('the request succeeded');
}

describe('GdnClient timeout mapping (a real server that never answers)', { timeout: 20_000 }, () => {
  it('a reply that never starts is NetworkError timeout, retried for a GET', async () => {
    const c = new GdnClient({ url, auth: 'none', timeoutMs: 150, retries: 2, backoffMs: 1 });
    try {
      const err = await failure(c.requestJson({ method: 'GET', path: '/silent-get' }));
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).kind).toBe('timeout');
      expect((err as NetworkError).url).toBe(url);
      expect((err as NetworkError).message).toMatch(/request timed out/);
      expect(seen.get('/silent-get')).toBe(3);
    } finally {
      await c.close();
    }
  });

  it('a POST that times out is not sent again (it may have been applied)', async () => {
    const c = new GdnClient({ url, auth: 'none', timeoutMs: 150, retries: 2, backoffMs: 1 });
    try {
      const err = await failure(c.requestJson({ method: 'POST', path: '/silent-post', body: { a: 1 } }));
      expect((err as NetworkError).kind).toBe('timeout');
      expect(seen.get('/silent-post')).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('a body that stops halfway is NetworkError timeout too', async () => {
    const c = new GdnClient({ url, auth: 'none', timeoutMs: 150, retries: 0 });
    try {
      const err = await failure(c.requestJson({ method: 'GET', path: '/half' }));
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).kind).toBe('timeout');
      expect(seen.get('/half')).toBe(1);
    } finally {
      await c.close();
    }
  });
});
