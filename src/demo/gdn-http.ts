// The few GDN calls the demos make, on one keep-alive undici pool. Every reply is timed
// and tagged with the region that served it (`x-gdn-region`); an error reply becomes a
// DemoHttpError carrying GDN's status and errorNum.
import type { Agent } from 'undici';

export interface Timed<T> {
  readonly value: T;
  readonly ms: number;
  /** `x-gdn-region` of the reply. */
  readonly servedBy: string | undefined;
}

export class DemoHttpError extends Error {
  override readonly name = 'DemoHttpError';
  constructor(
    message: string,
    readonly httpStatus: number,
    readonly errorNum: number | undefined,
    readonly region: string | undefined,
  ) {
    super(message);
  }
}

export interface DemoRegion {
  readonly name: string;
  readonly spotCapable: boolean;
  /** Base URL of the region's own endpoint. */
  readonly url: string;
}

type Json = Record<string, unknown>;

export class DemoClient {
  readonly #agent: Agent;
  readonly #apiKey: string;
  readonly base: string;

  private constructor(base: string, apiKey: string, agent: Agent) {
    this.base = base.replace(/\/+$/, '');
    this.#apiKey = apiKey;
    this.#agent = agent;
  }

  static async create(base: string, apiKey: string, ca?: string): Promise<DemoClient> {
    const { Agent } = await import('undici');
    return new DemoClient(base, apiKey, new Agent({ connections: 64, keepAliveTimeout: 10_000, ...(ca ? { connect: { ca } } : {}) }));
  }

  /** One request; `base` overrides the target (a region's own endpoint). */
  async call<T = Json>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, base = this.base): Promise<Timed<T>> {
    const { request } = await import('undici');
    const start = performance.now();
    const res = await request(`${base}${path}`, {
      method,
      dispatcher: this.#agent,
      headers: { authorization: `apikey ${this.#apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    const ms = performance.now() - start;
    const servedBy = typeof res.headers['x-gdn-region'] === 'string' ? res.headers['x-gdn-region'] : undefined;
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (res.statusCode >= 400) {
      const e = (parsed ?? {}) as Json;
      const message = typeof e.errorMessage === 'string' ? e.errorMessage : `HTTP ${res.statusCode} from ${method} ${path}`;
      throw new DemoHttpError(message, res.statusCode, typeof e.errorNum === 'number' ? e.errorNum : undefined, servedBy);
    }
    return { value: parsed as T, ms, servedBy };
  }

  /** The federation's regions with each one's own endpoint. */
  async regions(): Promise<DemoRegion[]> {
    const r = await this.call<Json[]>('GET', '/_api/datacenter/all');
    return r.value.map((d) => {
      const host = String(d.host ?? '');
      const tags = (d.tags ?? {}) as Json;
      // The emulator's records carry its loopback listener; a real GDN region is reached on its api- host.
      const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
      const url = loopback ? `${new URL(this.base).protocol}//${host}:${String(d.port)}` : `https://${String(tags.api ?? d.name)}`;
      return { name: String(d.name), spotCapable: d.spot_region === true, url };
    });
  }

  /** Runs a query to the end from `base` and returns every row. */
  async query(fabric: string, query: string, bindVars: Json, strong: boolean, base = this.base): Promise<Timed<unknown[]>> {
    const f = encodeURIComponent(fabric);
    const first = await this.call<Json>('POST', `/_fabric/${f}/_api/cursor`, { query, bindVars, batchSize: 1000, ...(strong ? { strongConsistency: true } : {}) }, base);
    const rows = [...((first.value.result as unknown[]) ?? [])];
    let ms = first.ms;
    let cursor = first.value;
    while (cursor.hasMore === true && typeof cursor.id === 'string') {
      const next = await this.call<Json>('PUT', `/_fabric/${f}/_api/cursor/${encodeURIComponent(cursor.id)}`, undefined, base);
      ms += next.ms;
      rows.push(...((next.value.result as unknown[]) ?? []));
      cursor = next.value;
    }
    return { value: rows, ms, servedBy: first.servedBy };
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
