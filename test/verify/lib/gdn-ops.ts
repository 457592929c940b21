// Wire-level operations the workloads run against an emulator (or a real GDN), and the
// mapping from HTTP results to history outcomes (reference/consistency-and-emulators.md §5.1):
//   2xx → ok; 4xx with a definite errorNum (412/1200, 404/1202, 409/1210, 400/…) → fail;
//   503 (1478 spot region down, 1004 read-only backlog) → fail: the emulator guarantees
//   "not applied"; 504 (1457), any other 5xx, socket errors and client timeouts → info.
import { Agent, request, type Dispatcher } from 'undici';
import type { Outcome } from './history.js';

export interface Target {
  /** Base URL of the region the client is pinned to. */
  readonly base: string;
  readonly apiKey: string;
  readonly fabric: string;
}

export interface WireResult {
  readonly outcome: Outcome;
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reply bodies are indexed freely by the workloads
  readonly body: any;
  /** errorNum, socket error code, or 'timeout', for the history. */
  readonly error?: string;
}

export function classify(status: number, errorNum: number | undefined): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 400 && status < 500) return 'fail';
  if (status === 503 && (errorNum === 1478 || errorNum === 1004)) return 'fail';
  return 'info';
}

/** One keep-alive pool shared by all clients of a run; closed by the workload at the end. */
export function newAgent(): Agent {
  return new Agent({ connections: 32, keepAliveTimeout: 10_000 });
}

export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Client-side timeout: past it the op is info (the server may still apply it). */
  readonly timeoutMs?: number;
  readonly dispatcher?: Dispatcher;
}

export async function call(t: Target, method: Dispatcher.HttpMethod, path: string, opts: CallOptions = {}): Promise<WireResult> {
  const headers: Record<string, string> = { authorization: `apikey ${t.apiKey}`, ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const timeout = opts.timeoutMs ?? 10_000;
  try {
    const res = await request(`${t.base}/_fabric/${encodeURIComponent(t.fabric)}${path}`, {
      method,
      headers,
      body,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const errorNum = (parsed as { errorNum?: unknown } | undefined)?.errorNum;
    const num = typeof errorNum === 'number' ? errorNum : undefined;
    const outcome = classify(res.statusCode, num);
    return { outcome, status: res.statusCode, body: parsed, ...(outcome === 'ok' ? {} : { error: `${res.statusCode}/${num ?? '-'}` }) };
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err instanceof Error ? err.name : 'error');
    return { outcome: 'info', status: 0, body: undefined, error: code };
  }
}

const q = (flag: boolean): string => (flag ? '?strongConsistency=true' : '');
const doc = (coll: string, key: string): string => `/_api/document/${encodeURIComponent(coll)}/${encodeURIComponent(key)}`;

export interface DocOps {
  get(coll: string, key: string, strong: boolean): Promise<WireResult>;
  insert(coll: string, body: Record<string, unknown>): Promise<WireResult>;
  replace(coll: string, key: string, body: Record<string, unknown>, ifMatch?: string): Promise<WireResult>;
  update(coll: string, key: string, body: Record<string, unknown>, ifMatch?: string): Promise<WireResult>;
  query(query: string, bindVars?: Record<string, unknown>, strong?: boolean): Promise<WireResult>;
}

export function docOps(t: Target, dispatcher: Dispatcher, timeoutMs: number): DocOps {
  const o = (extra: CallOptions = {}): CallOptions => ({ dispatcher, timeoutMs, ...extra });
  const match = (rev: string | undefined): CallOptions => (rev === undefined ? o() : o({ headers: { 'if-match': rev } }));
  return {
    get: (coll, key, strong) => call(t, 'GET', doc(coll, key) + q(strong), o()),
    insert: (coll, body) => call(t, 'POST', `/_api/document/${encodeURIComponent(coll)}`, o({ body })),
    replace: (coll, key, body, ifMatch) => call(t, 'PUT', doc(coll, key), { ...match(ifMatch), body }),
    update: (coll, key, body, ifMatch) => call(t, 'PATCH', doc(coll, key), { ...match(ifMatch), body }),
    query: (query, bindVars = {}, strong = false) =>
      call(t, 'POST', '/_api/cursor', o({ body: { query, bindVars, batchSize: 1000, ...(strong ? { strongConsistency: true } : {}) } })),
  };
}

/** Drains a cursor query into one array (follow-up batches go to the same region). */
export async function queryAll(t: Target, dispatcher: Dispatcher, query: string, bindVars: Record<string, unknown> = {}, strong = false): Promise<unknown[]> {
  const first = await docOps(t, dispatcher, 30_000).query(query, bindVars, strong);
  if (first.outcome !== 'ok') throw new Error(`query failed: ${first.error} ${JSON.stringify(first.body)}`);
  const out = [...(first.body.result as unknown[])];
  let body = first.body;
  while (body.hasMore) {
    const next = await call(t, 'PUT', `/_api/cursor/${body.id}`, { dispatcher, timeoutMs: 30_000 });
    if (next.outcome !== 'ok') throw new Error(`cursor next failed: ${next.error}`);
    out.push(...(next.body.result as unknown[]));
    body = next.body;
  }
  return out;
}

/** Creates a fabric over the given regions with a spot region (admin, global URL). */
export async function createFabric(base: string, apiKey: string, name: string, regions: readonly string[], spotDc: string): Promise<void> {
  const res = await call({ base, apiKey, fabric: '_system' }, 'POST', '/_api/database', {
    body: { name, options: { dcList: regions.join(','), spotDc } },
  });
  if (res.status !== 201) throw new Error(`fabric create failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createCollection(t: Target, name: string, spot: boolean): Promise<void> {
  const res = await call(t, 'POST', '/_api/collection', { body: { name, isSpot: spot, strongConsistency: spot } });
  if (res.status >= 300) throw new Error(`collection create failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function emulatorControl(base: string, apiKey: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<WireResult> {
  const headers = { authorization: `apikey ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await request(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.body.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode} ${text}`);
  return { outcome: 'ok', status: res.statusCode, body: parsed };
}

/** Polls until `check` holds or the deadline passes (then throws with `what`). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000, everyMs = 25): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
