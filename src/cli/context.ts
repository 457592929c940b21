// The resolved settings of one CLI invocation: flag > env > profile > default, with where
// each value came from (whoami prints it), a lazily built GdnClient, output/colour, and
// whether prompts are allowed.
//
//   const ctx = await createContext(program.opts());
//   ctx.output / ctx.color / ctx.quiet / ctx.interactive / ctx.fabric / ctx.url
//   const client = await ctx.client();   // banner printed once on first use
//   await ctx.close();
import { readFileSync } from 'node:fs';
import type { GdnClient, RequestLogEntry } from '../api/client.js';
import type { Profile } from './config-file.js';
import { ExitCode, ExitCodeError, UsageError } from './render/errors.js';
import { OUTPUT_MODES, type OutputMode } from './render/output.js';
import { LOCAL_PROFILE } from '../wire/emulator-defaults.js';

export interface GlobalFlags {
  profile?: string;
  url?: string;
  fabric?: string;
  region?: string;
  output?: string;
  json?: boolean;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
  timeout?: string;
  retries?: string;
  yes?: boolean;
  input?: boolean;
}

export type Source = 'flag' | 'env' | 'profile' | 'default';

export interface Resolved<T> {
  readonly value: T;
  readonly source: Source;
}

export interface CliContext {
  readonly flags: GlobalFlags;
  readonly env: NodeJS.ProcessEnv;
  readonly profileName: Resolved<string>;
  readonly profile: Profile | undefined;
  readonly url: Resolved<string | undefined>;
  readonly fabric: Resolved<string>;
  readonly credential: Resolved<'apiKey' | 'token' | undefined>;
  readonly output: OutputMode;
  readonly color: boolean;
  readonly quiet: boolean;
  readonly yes: boolean;
  readonly interactive: boolean;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly kind: 'emulator' | 'gdn';
  client(): Promise<GdnClient>;
  banner(): void;
  close(): Promise<void>;
}

function pick<T>(...c: [T | undefined, Source][]): Resolved<T> | undefined {
  for (const [value, source] of c) if (value !== undefined && value !== '') return { value, source };
  return undefined;
}

function intFlag(raw: string | undefined, name: string, dflt: number, min: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} takes an integer >= ${min}, got '${raw}'`);
  return n;
}

export function colorEnabled(flags: GlobalFlags, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (flags.color === false || env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTty && env.TERM !== 'dumb';
}

export async function createContext(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const rawOutput = flags.json ? 'json' : (flags.output ?? env.C8SPOT_OUTPUT ?? 'table');
  if (!(OUTPUT_MODES as readonly string[]).includes(rawOutput)) throw new UsageError(`-o takes ${OUTPUT_MODES.join('|')}, got '${rawOutput}'`);
  const output = rawOutput as OutputMode;
  // Read-only: conf (config-store.ts) loads only for commands that write profiles.
  const { readProfiles } = await import('./config-file.js');
  const store = readProfiles(env);
  const profileName = pick<string>([flags.profile, 'flag'], [env.C8SPOT_PROFILE, 'env'], [store.currentProfile, 'profile']) ?? { value: LOCAL_PROFILE, source: 'default' };
  const profile = store.getProfile(profileName.value);
  if (!profile && profileName.source !== 'default' && flags.url === undefined && env.C8SPOT_URL === undefined) {
    // A named profile that does not exist is "not found" (exit 3), as for `profile use|show`.
    throw new ExitCodeError(`unknown profile '${profileName.value}'; list them with \`c8spot profile list\``, ExitCode.NOT_FOUND);
  }
  const url = pick<string>([flags.url, 'flag'], [env.C8SPOT_URL, 'env'], [profile?.url, 'profile']) ?? { value: undefined, source: 'default' as Source };
  const fabric = pick<string>([flags.fabric, 'flag'], [env.C8SPOT_FABRIC, 'env'], [profile?.fabric, 'profile']) ?? { value: '_system', source: 'default' };
  // An env credential always wins over a stored one; a token beats an API key from the same level.
  const credential: Resolved<'apiKey' | 'token' | undefined> = env.C8SPOT_TOKEN
    ? { value: 'token', source: 'env' }
    : env.C8SPOT_API_KEY
      ? { value: 'apiKey', source: 'env' }
      : profile?.jwt
        ? { value: 'token', source: 'profile' }
        : profile?.apiKey
          ? { value: 'apiKey', source: 'profile' }
          : { value: undefined, source: 'default' };
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !env.CI && flags.input !== false;
  const timeoutMs = intFlag(flags.timeout, '--timeout', 30_000, 1);
  const retries = intFlag(flags.retries, '--retries', 3, 0);
  // The profile's kind describes the profile's URL; a --url or C8SPOT_URL is judged by itself
  // (http:// or loopback = the emulator), so `-p local --url play.paas…` is not called "emulator".
  const urlLooksLocal = /^http:\/\/|^(https?:\/\/)?(localhost|127\.\d+\.\d+\.\d+|\[::1\])([:/]|$)/i.test(url.value ?? '');
  const kind = (url.source === 'profile' && profile?.kind === 'emulator') || urlLooksLocal ? 'emulator' : 'gdn';
  let client: GdnClient | undefined;
  let shown = false;
  const ctx: CliContext = {
    flags,
    env,
    profileName,
    profile,
    url,
    fabric,
    credential,
    output,
    color: colorEnabled(flags, env, Boolean(process.stdout.isTTY)),
    quiet: flags.quiet === true,
    yes: flags.yes === true,
    interactive,
    timeoutMs,
    retries,
    kind,
    banner() {
      if (shown || ctx.quiet) return;
      shown = true;
      const called = client?.url ?? url.value ?? '';
      // A GDN federation is named as users know it (play.paas…), not by the api- host the CLI
      // calls; with --region the URL is that region's endpoint and is shown as it is.
      const base = kind === 'gdn' && !flags.region ? called.replace(/^(https?:\/\/)api-/, '$1') : called;
      // The profile's tenant belongs to the profile's URL, not to one given by flag or env.
      const tenant = kind === 'gdn' && url.source === 'profile' && profile?.tenant ? ` · tenant ${profile.tenant}` : '';
      // With --region the URL is that region's endpoint; name it, a bare port says little.
      const region = flags.region ? ` · region ${flags.region}` : '';
      process.stderr.write(`→ ${kind} ${base}${tenant} · fabric ${fabric.value}${region}\n`);
    },
    async client() {
      if (client) return client;
      if (!url.value) throw new ExitCodeError('no target URL: run `c8spot login --url <url>` or set C8SPOT_URL', ExitCode.USAGE);
      const { normaliseUrl } = await import('../api/url.js');
      let base: string;
      try {
        base = normaliseUrl(url.value);
      } catch (err) {
        throw new UsageError(`bad URL '${url.value}': ${(err as Error).message}`);
      }
      const auth = authFor(env, profile);
      const caFile = env.C8SPOT_CA_FILE ?? profile?.caFile;
      const { GdnClient } = await import('../api/client.js');
      const onRequest = requestLogger(flags);
      client = new GdnClient({
        url: base,
        auth,
        timeoutMs,
        retries,
        ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}),
        ...(onRequest ? { onRequest } : {}),
      });
      if (flags.region) {
        const { listRegions } = await import('../api/regions.js');
        const dcs = await listRegions(client);
        const dc = dcs.find((d) => d.name === flags.region);
        if (!dc) throw new UsageError(`unknown region '${flags.region}'; regions: ${dcs.map((d) => d.name).join(', ')}`);
        client = client.forRegion(dc);
      }
      ctx.banner();
      return client;
    },
    async close() {
      await client?.close();
    },
  };
  return ctx;
}

function authFor(env: NodeJS.ProcessEnv, profile: Profile | undefined): { apiKey: string } | { token: string } {
  if (env.C8SPOT_TOKEN) return { token: env.C8SPOT_TOKEN };
  if (env.C8SPOT_API_KEY) return { apiKey: env.C8SPOT_API_KEY };
  if (profile?.jwt) {
    if (profile.jwtExpiresAt && Date.parse(profile.jwtExpiresAt) <= Date.now()) {
      throw new ExitCodeError('your login has expired: run `c8spot login` again', ExitCode.AUTH, 'LOGIN_EXPIRED');
    }
    return { token: profile.jwt };
  }
  if (profile?.apiKey) return { apiKey: profile.apiKey };
  throw new ExitCodeError('no credentials: run `c8spot login` or set C8SPOT_API_KEY', ExitCode.AUTH);
}

/** The request log for --verbose (one line per request) or --debug (plus redacted headers and bodies). */
export function requestLogger(flags: Pick<GlobalFlags, 'verbose' | 'debug'>): ((e: RequestLogEntry) => void) | undefined {
  return flags.debug ? debugLog : flags.verbose ? verboseLog : undefined;
}

function verboseLog(e: RequestLogEntry): void {
  // The request id (x-gdn-requestid) is what a support ticket or the server log needs.
  process.stderr.write(`  ${e.method} ${e.path} ${e.status ?? 'no reply'} ${e.ms}ms${e.region ? ` ${e.region}` : ''}${e.requestId ? ` ${e.requestId}` : ''}${e.attempt ? ` (retry ${e.attempt})` : ''}\n`);
}

function debugLog(e: RequestLogEntry): void {
  verboseLog(e);
  process.stderr.write(`    > ${JSON.stringify(e.reqHeaders)}${e.reqBody === undefined ? '' : ` ${JSON.stringify(e.reqBody)}`}\n`);
  process.stderr.write(`    < ${JSON.stringify(e.resHeaders)} ${JSON.stringify(e.resBody)?.slice(0, 2000) ?? ''}\n`);
}
