// What `emulator fault …`, `emulator heal` and the network part of `emulator status` do.
// Loaded only when one of them runs. They talk to the running local emulator found
// through its state file (URL, CA) with the admin key of the `local` profile (or
// C8SPOT_EMULATOR_API_KEY), over the /_emulator/* routes.
import { readFileSync } from 'node:fs';
import { EMULATOR_DEFAULT_API_KEY, LOCAL_PROFILE } from '../../wire/emulator-defaults.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';

export type FaultKind = 'partition' | 'down' | 'up' | 'lag' | 'drop';

export interface FaultFlags {
  dataDir?: string;
  oneWay?: boolean;
}

export interface OutputFlags {
  json?: boolean;
  output?: string;
}

/** Where the running emulator is (from its state file). */
export interface EmulatorTarget {
  readonly url: string;
  readonly caFile?: string;
}

interface FaultSnapshot {
  partitions: string[][];
  down: string[];
  lag: { from: string; to: string; ms: number }[];
  drop: { from: string; to: string; probability: number }[];
}

interface LinkStats {
  from: string;
  to: string;
  delayMs: number;
  faultLagMs: number;
  blocked: boolean;
  queued: number;
  oldestPendingMs: number;
}

interface StreamStats {
  from: string;
  to: string;
  backlog: number;
  oldestPendingMs: number;
  conflicts: number;
}

export interface NetworkStats {
  latencyScale: number;
  regions: { name: string; down: boolean }[];
  links: LinkStats[];
  faults: FaultSnapshot;
  spot: { routed: number; timedOut: number; unavailable: number };
  replication?: { streams: StreamStats[]; conflicts: number; readOnly: string[] };
}

const isJson = (g: OutputFlags): boolean => g.json === true || g.output === 'json';

async function adminKey(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.C8SPOT_EMULATOR_API_KEY) return env.C8SPOT_EMULATOR_API_KEY;
  const { ConfigStore } = await import('../config-store.js');
  return new ConfigStore(env).getProfile(LOCAL_PROFILE)?.apiKey ?? EMULATOR_DEFAULT_API_KEY;
}

/** Calls an /_emulator route; a 4xx becomes a UsageError carrying the server's message. */
export async function emulatorCall(t: EmulatorTarget, method: 'GET' | 'POST', path: string, body: unknown, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const { Agent, request } = await import('undici');
  const ca = t.caFile ? readFileSync(t.caFile, 'utf8') : undefined;
  const dispatcher = new Agent({ connect: { ...(ca ? { ca } : {}), timeout: 5000 } });
  try {
    const res = await request(`${t.url}${path}`, {
      method,
      dispatcher,
      headers: { authorization: `apikey ${await adminKey(env)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text = await res.body.text();
    const parsed = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    if (res.statusCode >= 400) {
      const message = typeof parsed.errorMessage === 'string' ? parsed.errorMessage : `HTTP ${res.statusCode}`;
      if (res.statusCode === 401 || res.statusCode === 403) throw new Error(`${message}: the local profile's API key is not the emulator's admin key`);
      if (res.statusCode < 500) throw new UsageError(message);
      throw new Error(message);
    }
    return parsed;
  } finally {
    await dispatcher.close();
  }
}

function regionList(v: string): string[] {
  return v
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

function number(v: string | undefined, what: string): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${what} must be a number, got '${v ?? ''}'`);
  return n;
}

/** The /_emulator/faults body for `emulator fault <kind> <args…>`. */
export function faultBody(kind: FaultKind, args: readonly string[], flags: FaultFlags): Record<string, unknown> {
  const need = (n: number, usage: string): void => {
    if (args.length !== n) throw new UsageError(`usage: c8spot emulator fault ${kind} ${usage}`);
  };
  switch (kind) {
    case 'partition':
      if (args.length === 0) throw new UsageError('usage: c8spot emulator fault partition <regions> [<regions>…] (each a comma list; regions not named form one more group)');
      return { partition: args.map(regionList) };
    case 'down':
    case 'up':
      need(1, '<region>');
      return { [kind]: args[0] };
    case 'lag':
      need(3, '<from> <to> <ms> [--one-way]');
      return { lag: { from: args[0], to: args[1], ms: number(args[2], 'lag ms'), oneWay: flags.oneWay === true } };
    case 'drop':
      need(3, '<from> <to> <probability 0..1> [--one-way]');
      return { drop: { from: args[0], to: args[1], probability: number(args[2], 'drop probability'), oneWay: flags.oneWay === true } };
  }
}

export function describeFaults(f: FaultSnapshot): string[] {
  const lines: string[] = [];
  if (f.partitions.length > 0) lines.push(`partition ${f.partitions.map((g) => g.join(',')).join(' | ')}`);
  for (const r of f.down) lines.push(`down      ${r}`);
  for (const l of f.lag) lines.push(`lag       ${l.from} → ${l.to} +${l.ms} ms`);
  for (const d of f.drop) lines.push(`drop      ${d.from} → ${d.to} p=${d.probability}`);
  return lines.length > 0 ? lines : ['no faults'];
}

async function targetOf(flags: FaultFlags): Promise<EmulatorTarget> {
  const { runningEmulator } = await import('./emulator-lifecycle.js');
  const state = await runningEmulator(flags);
  // Exit 8 like `emulator status`: scripts tell "nothing to fault" from a failed request.
  if (!state) throw new ExitCodeError('the emulator is not running; start it with `c8spot emulator start`', ExitCode.UNREACHABLE);
  return state;
}

export async function faultCommand(kind: FaultKind, args: readonly string[], flags: FaultFlags, globals: OutputFlags, env = process.env): Promise<void> {
  const body = faultBody(kind, args, flags);
  const reply = await emulatorCall(await targetOf(flags), 'POST', '/_emulator/faults', body, env);
  printFaults(reply.faults as FaultSnapshot, globals);
}

export async function healCommand(flags: FaultFlags, globals: OutputFlags, env = process.env): Promise<void> {
  const reply = await emulatorCall(await targetOf(flags), 'POST', '/_emulator/heal', undefined, env);
  printFaults(reply.faults as FaultSnapshot, globals);
}

function printFaults(faults: FaultSnapshot, globals: OutputFlags): void {
  if (isJson(globals)) process.stdout.write(JSON.stringify({ faults }) + '\n');
  else process.stdout.write(describeFaults(faults).join('\n') + '\n');
}

/** The network part of `emulator status`: undefined when the stats cannot be read. */
export async function networkStats(t: EmulatorTarget, env = process.env): Promise<NetworkStats | undefined> {
  try {
    return (await emulatorCall(t, 'GET', '/_emulator/stats', undefined, env)) as unknown as NetworkStats;
  } catch {
    return undefined;
  }
}

/** Human lines: regions, links (delay, lag, queue, blocked), replication backlog, faults. */
export function describeNetwork(s: NetworkStats): string[] {
  const lines = [`latency  scale ${s.latencyScale}`];
  for (const r of s.regions) if (r.down) lines.push(`region   ${r.name} DOWN`);
  const streams = new Map((s.replication?.streams ?? []).map((x) => [`${x.from}>${x.to}`, x]));
  for (const l of s.links) {
    const st = streams.get(`${l.from}>${l.to}`);
    const parts = [`${l.delayMs} ms`];
    if (l.faultLagMs > 0) parts.push(`+${l.faultLagMs} ms lag`);
    if (st && st.backlog > 0) parts.push(`backlog ${st.backlog} (oldest ${Math.round(st.oldestPendingMs)} ms)`);
    if (l.queued > 0) parts.push(`${l.queued} in flight`);
    if (l.blocked) parts.push('BLOCKED');
    lines.push(`link     ${`${l.from} → ${l.to}`.padEnd(24)} ${parts.join(' · ')}`);
  }
  if (s.replication) {
    lines.push(`conflict ${s.replication.conflicts} resolved`);
    if (s.replication.readOnly.length > 0) lines.push(`readonly ${s.replication.readOnly.join(', ')} (replication backlog full)`);
  }
  lines.push(`spot     ${s.spot.routed} routed · ${s.spot.timedOut} timed out · ${s.spot.unavailable} unavailable`);
  for (const f of describeFaults(s.faults)) lines.push(`faults   ${f}`);
  return lines;
}
