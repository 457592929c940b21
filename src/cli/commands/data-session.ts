// The connection the data commands (insert, query, restql, teardown) work through: target
// resolution (flag > env > profile > built-in `local`), one keep-alive undici pool, JSON
// requests with GDN's error envelope turned into a typed error, and the output settings.
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';
import type { GdnRequest, GdnRequester } from '../../api/cursors.js';
import { LOCAL_PROFILE } from '../../wire/emulator-defaults.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';

export interface Globals {
  profile?: string;
  url?: string;
  fabric?: string;
  output?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  timeout?: string;
  retries?: string;
  yes?: boolean;
  /** commander's `--no-input` sets this to false. */
  input?: boolean;
}

export type OutputMode = 'table' | 'json' | 'ndjson' | 'yaml' | 'csv';
const OUTPUTS: readonly OutputMode[] = ['table', 'json', 'ndjson', 'yaml', 'csv'];

/** A GDN error reply or a transport failure. */
export class GdnRequestError extends Error {
  override readonly name = 'GdnRequestError';
  constructor(
    message: string,
    readonly httpStatus: number | undefined,
    readonly errorNum: number | undefined,
    /** Network error code (ECONNREFUSED, UND_ERR_SOCKET…) when the request never got a reply. */
    readonly networkCode: string | undefined,
  ) {
    super(message);
  }
}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);

export function isTransient(err: unknown): boolean {
  if (!(err instanceof GdnRequestError)) return false;
  if (err.httpStatus !== undefined) return TRANSIENT_STATUS.has(err.httpStatus);
  return err.networkCode !== 'ECONNREFUSED';
}

/** Maps a request failure to the exit codes of specs/cli.md. */
export function exitCodeFor(err: unknown): number {
  if (!(err instanceof GdnRequestError)) return ExitCode.ERROR;
  if (err.httpStatus === undefined) return ExitCode.UNREACHABLE;
  if (err.httpStatus === 401 || err.httpStatus === 403) return ExitCode.AUTH;
  if (err.httpStatus === 404) return ExitCode.NOT_FOUND;
  if (err.httpStatus === 409) return ExitCode.CONFLICT;
  if (err.httpStatus === 504) return ExitCode.UNREACHABLE;
  return ExitCode.ERROR;
}

export class DataClient implements GdnRequester {
  constructor(
    readonly base: string,
    private readonly authorization: string,
    private readonly agent: Dispatcher,
    private readonly timeoutMs: number,
    private readonly log: ((line: string) => void) | undefined,
  ) {}

  async requestJson<T>(req: GdnRequest): Promise<T> {
    const { request } = await import('undici');
    let url = this.base + req.path;
    if (req.query) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query)) if (v !== undefined) qs.set(k, String(v));
      const s = qs.toString();
      if (s) url += `?${s}`;
    }
    const started = performance.now();
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: req.method,
        dispatcher: this.agent,
        headers: { authorization: this.authorization, ...(req.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'ENETWORK';
      const hint = code === 'ECONNREFUSED' && this.isLocal() ? ' — start it with `c8spot emulator start`' : '';
      throw new GdnRequestError(`cannot reach ${this.base} (${code})${hint}`, undefined, undefined, code);
    }
    const text = await res.body.text();
    this.log?.(`${req.method} ${req.path} ${res.statusCode} ${Math.round(performance.now() - started)}ms ${String(res.headers['x-gdn-region'] ?? '')}`);
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const envelope = parsed as { error?: unknown; errorNum?: unknown; errorMessage?: unknown; message?: unknown } | undefined;
    if (res.statusCode >= 400 || (envelope && envelope.error === true && typeof envelope.errorNum === 'number')) {
      const errorNum = typeof envelope?.errorNum === 'number' ? envelope.errorNum : undefined;
      const raw = typeof envelope?.errorMessage === 'string' ? envelope.errorMessage : typeof envelope?.message === 'string' ? envelope.message : `HTTP ${res.statusCode}`;
      const hint = res.statusCode === 401 ? ' — run `c8spot login`' : '';
      throw new GdnRequestError(`${raw}${hint}`, res.statusCode, errorNum, undefined);
    }
    return parsed as T;
  }

  private isLocal(): boolean {
    return /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(this.base + '/');
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export interface DataSession {
  readonly client: DataClient;
  readonly fabric: string;
  readonly output: OutputMode;
  readonly quiet: boolean;
  /** stdin and stdout are terminals, CI unset and --no-input absent: prompts are allowed. */
  readonly interactive: boolean;
  /** The `→ target` line on stderr, once. */
  banner(): void;
  close(): Promise<void>;
}

export function outputMode(g: Globals, env: NodeJS.ProcessEnv): OutputMode {
  const raw = g.json ? 'json' : (g.output ?? env.C8SPOT_OUTPUT ?? 'table');
  if (!(OUTPUTS as readonly string[]).includes(raw)) throw new UsageError(`-o takes ${OUTPUTS.join('|')}, got '${raw}'`);
  return raw as OutputMode;
}

export function isInteractive(g: Globals, env: NodeJS.ProcessEnv): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !env.CI && g.input !== false;
}

function normaliseUrl(url: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(url) ? url : `https://${url}`;
  const u = new URL(withScheme);
  // GDN hosts are called through their `api-` host, as the SDKs do (reference §1.1).
  if (u.protocol === 'https:' && !/^(localhost|127\.|\[::1\])/.test(u.hostname) && !u.hostname.startsWith('api-')) u.hostname = `api-${u.hostname}`;
  return u.toString().replace(/\/+$/, '');
}

export async function openSession(g: Globals, env: NodeJS.ProcessEnv = process.env, connections = 8): Promise<DataSession> {
  const output = outputMode(g, env);
  const { ConfigStore } = await import('../config-store.js');
  const store = new ConfigStore(env);
  const name = g.profile ?? env.C8SPOT_PROFILE ?? store.currentProfile ?? LOCAL_PROFILE;
  const profile = store.getProfile(name);
  const rawUrl = g.url ?? env.C8SPOT_URL ?? profile?.url;
  if (!rawUrl) throw new ExitCodeError(`unknown profile '${name}'; list them with \`c8spot profile list\``, ExitCode.USAGE);
  const url = normaliseUrl(rawUrl);
  const token = env.C8SPOT_TOKEN ?? profile?.jwt;
  const apiKey = env.C8SPOT_API_KEY ?? profile?.apiKey;
  const authorization = env.C8SPOT_API_KEY ? `apikey ${env.C8SPOT_API_KEY}` : token ? `bearer ${token}` : apiKey ? `apikey ${apiKey}` : undefined;
  if (!authorization) throw new ExitCodeError('no credentials: run `c8spot login` or set C8SPOT_API_KEY', ExitCode.AUTH);
  const caFile = env.C8SPOT_CA_FILE ?? profile?.caFile;
  const { Agent } = await import('undici');
  const agent = new Agent({ connections, keepAliveTimeout: 10_000, ...(caFile ? { connect: { ca: readFileSync(caFile, 'utf8') } } : {}) });
  const timeout = g.timeout === undefined ? 30_000 : Number(g.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout takes milliseconds, got '${g.timeout}'`);
  const log = g.verbose ? (line: string) => process.stderr.write(`  ${line}\n`) : undefined;
  const client = new DataClient(url, authorization, agent, timeout, log);
  const fabric = g.fabric ?? env.C8SPOT_FABRIC ?? profile?.fabric ?? '_system';
  const kind = profile?.kind === 'emulator' || url.startsWith('http://') ? 'emulator' : 'gdn';
  let shown = false;
  return {
    client,
    fabric,
    output,
    quiet: g.quiet === true,
    interactive: isInteractive(g, env),
    banner() {
      if (shown || g.quiet) return;
      shown = true;
      process.stderr.write(`→ ${kind} ${url}${profile?.tenant && kind === 'gdn' ? ` · tenant ${profile.tenant}` : ''} · fabric ${fabric}\n`);
    },
    close: () => client.close(),
  };
}
