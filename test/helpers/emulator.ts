// Test helpers: an in-process emulator on free ports (in memory, no simulated latency,
// seeded) and a tiny raw-HTTP client on undici, so tests pin exact wire behaviour.
import { Agent, request, type Dispatcher } from 'undici';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';

export type { EmulatorHandle } from '../../src/emulator/index.js';

export function startTestEmulator(overrides: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({ port: 0, inMemory: true, latencyScale: 0, seed: 42, ...overrides });
}

/** Who a request claims to be: an API key, a JWT, a literal Authorization header, or nobody. */
export type AuthOption = { apiKey: string } | { jwt: string } | { header: string } | 'none';

export interface RawRequestOptions {
  /** Default: the emulator's admin API key (when using `api(emu)`), else none. */
  readonly auth?: AuthOption;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent verbatim (overrides `body`). */
  readonly raw?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly dispatcher?: Dispatcher;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index reply bodies freely
  readonly body: any;
}

/** Accepts any certificate: for the emulator's self-signed TLS in tests only. */
export const insecureAgent = new Agent({ connect: { rejectUnauthorized: false } });

function authHeader(auth: AuthOption | undefined): string | undefined {
  if (auth === undefined || auth === 'none') return undefined;
  if ('apiKey' in auth) return `apikey ${auth.apiKey}`;
  if ('jwt' in auth) return `bearer ${auth.jwt}`;
  return auth.header;
}

export async function rawRequest(base: string, method: string, path: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  const auth = authHeader(opts.auth);
  if (auth !== undefined) headers.authorization = auth;
  let body: string | Buffer | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(base + path, {
    method: method as Dispatcher.HttpMethod,
    headers,
    body,
    ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : base.startsWith('https:') ? { dispatcher: insecureAgent } : {}),
  });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, body: parsed };
}

export interface ApiClient {
  request(method: string, path: string, opts?: RawRequestOptions): Promise<RawResponse>;
  get(path: string, opts?: RawRequestOptions): Promise<RawResponse>;
  post(path: string, body?: unknown, opts?: RawRequestOptions): Promise<RawResponse>;
  put(path: string, body?: unknown, opts?: RawRequestOptions): Promise<RawResponse>;
  patch(path: string, body?: unknown, opts?: RawRequestOptions): Promise<RawResponse>;
  delete(path: string, opts?: RawRequestOptions): Promise<RawResponse>;
}

/** A client bound to one base URL (default: the global URL), authenticated with the admin key by default. */
export function api(emu: Pick<EmulatorHandle, 'url' | 'apiKey'>, base: string = emu.url, defaults: RawRequestOptions = {}): ApiClient {
  const merge = (opts: RawRequestOptions | undefined, body?: unknown): RawRequestOptions => ({
    auth: { apiKey: emu.apiKey },
    ...defaults,
    ...opts,
    ...(body !== undefined ? { body } : {}),
  });
  return {
    request: (method, path, opts) => rawRequest(base, method, path, merge(opts)),
    get: (path, opts) => rawRequest(base, 'GET', path, merge(opts)),
    post: (path, body, opts) => rawRequest(base, 'POST', path, merge(opts, body)),
    put: (path, body, opts) => rawRequest(base, 'PUT', path, merge(opts, body)),
    patch: (path, body, opts) => rawRequest(base, 'PATCH', path, merge(opts, body)),
    delete: (path, opts) => rawRequest(base, 'DELETE', path, merge(opts)),
  };
}
