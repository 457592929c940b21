// GdnClient's default connection pool, on node:http/node:https. Loading undici costs about as
// much as starting Node itself (some 130 modules; profile in docs/performance.md), which is
// most of a one-request command like `c8spot fabric list`; node:http is already in the
// binary. It implements the one call GdnClient makes of undici's Dispatcher, so a test can
// still inject an undici MockAgent (GdnClientOptions.dispatcher).
//
// Failures carry the codes api/errors.ts#networkKind classifies: Node's own (ECONNREFUSED,
// ECONNRESET, ENOTFOUND, TLS codes) and ETIMEDOUT for the headers/body timeouts.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';

export interface TransportRequest {
  readonly origin: string;
  /** Path and query string. */
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** Milliseconds to wait for the response headers. */
  readonly headersTimeout: number;
  /** Milliseconds the body may stay silent once the headers are in. */
  readonly bodyTimeout: number;
}

export interface TransportResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /** bytes() when the pool can give the body undecoded (undici's body has it too, as a Uint8Array). */
  readonly body: { text(): Promise<string>; bytes?(): Promise<Uint8Array> };
}

/** What GdnClient needs from a pool; undici's Dispatcher (Agent, MockAgent) fits it too. */
export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
  close(): Promise<void>;
}

export interface NodeTransportOptions {
  /** Sockets per origin. */
  readonly connections: number;
  /** An idle keep-alive socket is closed after this long, before a server's own idle timeout can race a reuse. */
  readonly keepAliveTimeout: number;
  /** PEM CA trusted instead of the system store, as undici's `connect.ca`. */
  readonly ca?: string;
}

function timeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`${what} timeout after ${ms} ms`), { code: 'ETIMEDOUT' });
}

export class NodeTransport implements Transport {
  readonly #opts: NodeTransportOptions;
  readonly #http: HttpAgent;
  /** node:https (with tls and crypto) loads on the first https request: ~6 ms a plain-HTTP command (the emulator) never pays. */
  #https: Promise<{ agent: HttpsAgent; request: typeof httpRequest }> | undefined;

  constructor(opts: NodeTransportOptions) {
    this.#opts = opts;
    this.#http = new HttpAgent(this.#agentOptions());
  }

  // `timeout` on a keep-alive Agent destroys sockets idling in its free list (node:_http_agent).
  #agentOptions(): { keepAlive: true; maxSockets: number; timeout: number } {
    return { keepAlive: true, maxSockets: this.#opts.connections, timeout: this.#opts.keepAliveTimeout };
  }

  #httpsClient(): Promise<{ agent: HttpsAgent; request: typeof httpRequest }> {
    this.#https ??= import('node:https').then((https) => ({
      agent: new https.Agent({ ...this.#agentOptions(), ...(this.#opts.ca ? { ca: this.#opts.ca } : {}) }),
      request: https.request,
    }));
    return this.#https;
  }

  async request(r: TransportRequest): Promise<TransportResponse> {
    const url = new URL(r.path, r.origin);
    const client = url.protocol === 'https:' ? await this.#httpsClient() : { agent: this.#http, request: httpRequest };
    const headers: Record<string, string | number> = { ...r.headers };
    if (r.body !== undefined) headers['content-length'] = Buffer.byteLength(r.body);
    return new Promise<TransportResponse>((resolve, reject) => {
      const req = client.request(url, { method: r.method, headers, agent: client.agent });
      const headersTimer = setTimeout(() => req.destroy(timeoutError('headers', r.headersTimeout)), r.headersTimeout);
      req.once('error', (err) => {
        clearTimeout(headersTimer);
        reject(err);
      });
      req.once('response', (res: IncomingMessage) => {
        clearTimeout(headersTimer);
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: { text: async () => (await readBody(res, r.bodyTimeout)).toString('utf8'), bytes: () => readBody(res, r.bodyTimeout) } });
      });
      req.end(r.body);
    });
  }

  async close(): Promise<void> {
    this.#http.destroy();
    if (this.#https) (await this.#https).agent.destroy();
  }
}

/** The whole body; fails with ETIMEDOUT when no byte arrives for `idleMs`. */
function readBody(res: IncomingMessage, idleMs: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      reject(timeoutError('body', idleMs));
      res.destroy();
    }, idleMs);
    res.on('data', (c: Buffer) => {
      chunks.push(c);
      timer.refresh();
    });
    res.once('end', () => {
      clearTimeout(timer);
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    res.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    // A reset after the headers ends the message as 'aborted' without an 'error' on old paths.
    res.once('aborted', () => {
      clearTimeout(timer);
      reject(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' }));
    });
  });
}
