// GdnClient: the typed REST client every command talks through.
//
//   const c = new GdnClient({ url, auth: { apiKey } | { token }, timeoutMs?, retries?, ca?, onRequest? });
//   await c.requestJson<T>({ method, path, query?, body?, headers?, idempotent? });
//   c.fabricPath(fabric, 'collection/x')  // `/_fabric/{f}/_api/collection/x`, segments encoded
//   c.forRegion(dcRecord)                 // a client bound to that region's endpoint
//   await c.close();
//
// It implements the `GdnRequester` shape of cursors.ts. Failures throw GdnError (envelope),
// HttpError (>= 400 without envelope) or NetworkError (no reply). GET/HEAD/PUT/DELETE retry on
// 429/502/503/504 and resets with exponential backoff + jitter, honouring Retry-After; POST and
// PATCH retry only when the caller sets `idempotent: true`. A refused connection never retries:
// nothing is listening, waiting will not help.
import type { GdnRequest, GdnRequester } from './cursors.js';
import { GdnError, HttpError, NetworkError, networkKind } from './errors.js';
import { NodeTransport, type Transport, type TransportResponse } from './node-transport.js';
import { redact } from './redact.js';

export interface RequestLogEntry {
  readonly method: string;
  readonly region: string | undefined;
  readonly path: string;
  /** undefined when no reply came. */
  readonly status: number | undefined;
  readonly ms: number;
  readonly requestId: string | undefined;
  readonly attempt: number;
  readonly reqHeaders: Record<string, string>;
  readonly reqBody: unknown;
  readonly resHeaders: Record<string, unknown>;
  readonly resBody: unknown;
}

export type ClientAuth = { readonly apiKey: string } | { readonly token: string } | 'none';

export interface GdnClientOptions {
  readonly url: string;
  readonly auth: ClientAuth;
  /** Per-request timeout (headers and body). Default 30 s. */
  readonly timeoutMs?: number;
  /** Extra attempts for retryable failures. Default 3. */
  readonly retries?: number;
  /** PEM CA trusted in addition to the system store. */
  readonly ca?: string;
  /** Called once per attempt with secrets already redacted. */
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /** Injected for tests (an undici MockAgent fits) or shared between clients. */
  readonly dispatcher?: Transport;
  /** Injected randomness for jitter; default Math.random. */
  readonly random?: () => number;
  /** Backoff base in ms; default 200. */
  readonly backoffMs?: number;
}

export interface ClientRequest extends GdnRequest {
  readonly headers?: Readonly<Record<string, string>>;
}

export interface JsonResponse<T> {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: T;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 30_000;

export function fabricPath(fabric: string, rest: string): string {
  return `/_fabric/${encodeURIComponent(fabric)}/_api/${rest}`;
}

/** Encodes each `/`-separated segment: `seg('collection', name, 'truncate')`. */
export function seg(...parts: string[]): string {
  return parts.map(encodeURIComponent).join('/');
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unparsable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

export class GdnClient implements GdnRequester {
  readonly url: string;
  readonly #opts: GdnClientOptions;
  readonly #dispatcher: Transport;
  readonly #ownsDispatcher: boolean;

  constructor(opts: GdnClientOptions) {
    this.url = opts.url.replace(/\/+$/, '');
    this.#opts = opts;
    this.#ownsDispatcher = !opts.dispatcher;
    // One pool keeps keep-alive sockets per origin, so region-bound clients can share it.
    // node:http by default: undici's load time would dominate a one-request command.
    this.#dispatcher = opts.dispatcher ?? new NodeTransport({ keepAliveTimeout: 10_000, connections: 16, ...(opts.ca ? { ca: opts.ca } : {}) });
  }

  fabricPath(fabric: string, rest: string): string {
    return fabricPath(fabric, rest);
  }

  /** A client for another endpoint (a region) sharing this one's auth, settings and pools. */
  withUrl(url: string): GdnClient {
    return new GdnClient({ ...this.#opts, url, dispatcher: this.#dispatcher });
  }

  /**
   * The endpoint of a datacenter record. GDN: `tags.api` (else `tags.url`). The emulator publishes
   * names under a fake domain plus the region's loopback `port`, so a loopback/http base keeps
   * its host and takes that port.
   */
  forRegion(dc: { readonly host?: string; readonly port?: number; readonly tags?: { readonly api?: string; readonly url?: string } }): GdnClient {
    const base = new URL(this.url);
    if (dc.port !== undefined && (base.protocol === 'http:' || /^(localhost|127\.|\[::1\])/.test(base.hostname))) {
      return this.withUrl(`${base.protocol}//${base.hostname}:${dc.port}`);
    }
    const host = dc.tags?.api ?? dc.tags?.url;
    if (!host) throw new TypeError('datacenter record has no tags.api or tags.url');
    return this.withUrl(/^https?:\/\//.test(host) ? host : `${base.protocol}//${host}`);
  }

  get authorization(): string | undefined {
    const a = this.#opts.auth;
    if (a === 'none') return undefined;
    return 'apiKey' in a ? `apikey ${a.apiKey}` : `bearer ${a.token}`;
  }

  async requestJson<T>(req: ClientRequest): Promise<T> {
    return (await this.request<T>(req)).body;
  }

  async request<T>(req: ClientRequest): Promise<JsonResponse<T>> {
    const retryable = req.idempotent ?? (req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE');
    const maxRetries = retryable ? (this.#opts.retries ?? 3) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#once<T>(req, attempt);
      } catch (err) {
        const wait = this.#retryDelay(err, attempt);
        if (attempt >= maxRetries || wait === undefined) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  #retryDelay(err: unknown, attempt: number): number | undefined {
    let after: number | undefined;
    if (err instanceof GdnError || err instanceof HttpError) {
      if (!RETRY_STATUS.has(err.status)) return undefined;
      after = (err as { retryAfter?: number }).retryAfter;
    } else if (err instanceof NetworkError) {
      if (err.kind !== 'reset' && err.kind !== 'timeout') return undefined;
    } else return undefined;
    if (after !== undefined) return after;
    const base = (this.#opts.backoffMs ?? 200) * 2 ** attempt;
    return base / 2 + (this.#opts.random ?? Math.random)() * (base / 2);
  }

  async #once<T>(req: ClientRequest, attempt: number): Promise<JsonResponse<T>> {
    let path = req.path;
    if (req.query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query)) if (v !== undefined) qs.set(k, String(v));
      const s = qs.toString();
      if (s) path += `?${s}`;
    }
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    const auth = this.authorization;
    if (auth) headers.authorization = auth;
    const body = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const timeout = this.#opts.timeoutMs ?? 30_000;
    const started = performance.now();
    const full = this.url + path;
    let res: TransportResponse;
    try {
      res = await this.#dispatcher.request({
        origin: new URL(this.url).origin,
        path: new URL(full).pathname + new URL(full).search,
        method: req.method,
        headers,
        ...(body === undefined ? {} : { body }),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      const kind = networkKind(err) ?? 'reset';
      this.#log(req, path, undefined, started, undefined, attempt, headers, body, {}, undefined);
      throw new NetworkError(kind, this.url, (err as { code?: string }).code);
    }
    let text: string;
    // A 2xx body kept as bytes (rawResponse 'bytes'): not decoded unless it is logged.
    let bytes: Buffer | undefined;
    try {
      // Always read the body to the end so the socket returns to the pool.
      if (req.rawResponse === 'bytes' && res.body.bytes !== undefined) {
        const b = await res.body.bytes();
        bytes = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
        text = res.statusCode < 300 && !this.#opts.onRequest ? '' : bytes.toString('utf8');
        if (res.statusCode >= 300) bytes = undefined;
      } else text = await res.body.text();
    } catch (err) {
      throw new NetworkError(networkKind(err) ?? 'reset', this.url, (err as { code?: string }).code);
    }
    const requestId = header(res.headers, 'x-request-id') ?? header(res.headers, 'x-gdn-requestid');
    const region = header(res.headers, 'x-gdn-region');
    let parsed: unknown;
    try {
      parsed = bytes ?? (text === '' ? undefined : req.rawResponse !== undefined && req.rawResponse !== false && res.statusCode < 300 ? text : JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    this.#log(req, path, res.statusCode, started, requestId, attempt, headers, body, res.headers, bytes !== undefined ? text : (parsed ?? text), region);
    const env = parsed as { error?: unknown; errorNum?: unknown; errorMessage?: unknown } | undefined;
    if (env && typeof env === 'object' && env.error === true && typeof env.errorNum === 'number') {
      const e = new GdnError(res.statusCode, env.errorNum, typeof env.errorMessage === 'string' ? env.errorMessage : `HTTP ${res.statusCode}`, requestId, region);
      throw withRetryAfter(e, res.headers);
    }
    if (res.statusCode >= 400) throw withRetryAfter(new HttpError(res.statusCode, text.slice(0, 200), requestId, region), res.headers);
    return { status: res.statusCode, headers: res.headers, body: parsed as T };
  }

  #log(req: ClientRequest, path: string, status: number | undefined, started: number, requestId: string | undefined, attempt: number, reqHeaders: Record<string, string>, reqBody: string | undefined, resHeaders: Record<string, unknown>, resBody: unknown, region?: string): void {
    const hook = this.#opts.onRequest;
    if (!hook) return;
    let body: unknown = reqBody;
    try {
      body = reqBody === undefined ? undefined : JSON.parse(reqBody);
    } catch {
      body = reqBody;
    }
    hook({
      method: req.method,
      region,
      path: redact(path) as string,
      status,
      ms: Math.round(performance.now() - started),
      requestId,
      attempt,
      reqHeaders: redact(reqHeaders) as Record<string, string>,
      reqBody: redact(body),
      resHeaders: redact(resHeaders) as Record<string, unknown>,
      resBody: redact(resBody),
    });
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

function withRetryAfter<E extends Error>(err: E, headers: Record<string, string | string[] | undefined>): E {
  const ms = retryAfterMs(header(headers, 'retry-after'));
  if (ms !== undefined) Object.assign(err, { retryAfter: ms });
  return err;
}
