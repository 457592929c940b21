// Emulator options and their defaults. The CLI flags map one to one onto these
// (specs/emulator.md §1); defaults that the CLI also needs live in wire/emulator-defaults.ts.
import { randomInt } from 'node:crypto';
import {
  EMULATOR_DEFAULT_API_KEY,
  EMULATOR_DEFAULT_EMAIL,
  EMULATOR_DEFAULT_HOST,
  EMULATOR_DEFAULT_PASSWORD,
  EMULATOR_DEFAULT_PORT,
  EMULATOR_DEFAULT_REGIONS,
  EMULATOR_DEFAULT_TENANT,
  emulatorDefaultDataDir,
} from '../wire/emulator-defaults.js';
import { systemClock, type Clock } from './clock.js';

export interface TlsOptions {
  readonly certFile?: string;
  readonly keyFile?: string;
}

export type PlantedBug = 'spot-local-write';

export interface EmulatorOptions {
  /** Region names in order; the first one serves the global URL. */
  readonly regions?: readonly string[];
  /** Global listener port; regions use port+1, port+2, … 0 picks free ports for all. */
  readonly port?: number;
  readonly host?: string;
  /** Needed to bind a non-loopback host: the default credentials are public. */
  readonly allowRemote?: boolean;
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  /** true, or explicit cert/key files; absent = plain HTTP. */
  readonly tls?: boolean | TlsOptions;
  /** Multiplies simulated inter-region delays; 0 disables them. */
  readonly latencyScale?: number;
  readonly replicationLagMs?: number;
  readonly seed?: number;
  readonly spotReads?: 'flagged' | 'always';
  /** How long a spot operation waits for the spot region before 504/1457 (real ms). */
  readonly spotTimeoutMs?: number;
  /** Queued replication ops per link above which the origin's global collections turn read-only (0 = no limit). */
  readonly maxBacklog?: number;
  /**
   * TEST ONLY (negative controls, specs/verification.md layer 5): plants a known bug so the
   * consistency checkers can prove they catch it. 'spot-local-write' executes spot-collection
   * writes at the entry region instead of routing them to the spot region. No CLI flag.
   */
  readonly debugPlantBug?: PlantedBug;
  readonly tenant?: string;
  readonly email?: string;
  readonly password?: string;
  readonly apiKey?: string;
  readonly maxBodyBytes?: number;
  readonly clock?: Clock;
}

export interface ResolvedOptions {
  readonly regions: readonly string[];
  readonly port: number;
  readonly host: string;
  readonly allowRemote: boolean;
  /** Undefined when in memory. */
  readonly dataDir: string | undefined;
  readonly inMemory: boolean;
  readonly tls: TlsOptions | undefined;
  readonly latencyScale: number;
  readonly replicationLagMs: number;
  readonly seed: number;
  readonly spotReads: 'flagged' | 'always';
  readonly spotTimeoutMs: number;
  readonly maxBacklog: number;
  readonly debugPlantBug: PlantedBug | undefined;
  readonly tenant: string;
  readonly email: string;
  readonly password: string;
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  readonly clock: Clock;
}

/** Spot routing timeout (reference/consistency-and-emulators.md §4.7 suggests 5 s). */
export const DEFAULT_SPOT_TIMEOUT_MS = 5000;

/** Replication backlog limit per link; GDN's is unpublished (release note DB-1883). */
export const DEFAULT_MAX_BACKLOG = 100_000;

/** 64 MiB: large enough for bulk imports of realistic batches, small enough to bound memory. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

const REGION_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** `$XDG_DATA_HOME/c8spot/emulator`, else `~/.local/share/c8spot/emulator`. */
export const defaultDataDir = emulatorDefaultDataDir;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Validates options and fills defaults; throws a plain Error with a user-facing message. */
export function resolveOptions(opts: EmulatorOptions): ResolvedOptions {
  const regions = [...(opts.regions ?? EMULATOR_DEFAULT_REGIONS)].map((r) => r.trim().toLowerCase());
  if (regions.length === 0) throw new Error('at least one region is required');
  for (const r of regions) {
    if (!REGION_NAME.test(r)) throw new Error(`invalid region name '${r}': use lower-case letters, digits and '-'`);
  }
  if (new Set(regions).size !== regions.length) throw new Error('region names must be unique');
  const port = opts.port ?? EMULATOR_DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port + regions.length > 65535) throw new Error(`invalid port ${port}`);
  const host = opts.host ?? EMULATOR_DEFAULT_HOST;
  const allowRemote = opts.allowRemote ?? false;
  if (!isLoopback(host) && !allowRemote) {
    throw new Error(`refusing to bind ${host}: the emulator's default credentials are public; add --allow-remote to do it anyway`);
  }
  const inMemory = opts.inMemory ?? false;
  if (inMemory && opts.dataDir) throw new Error('--data-dir and --in-memory are mutually exclusive');
  const tls = opts.tls === true ? {} : opts.tls === false || opts.tls === undefined ? undefined : opts.tls;
  if (tls && Boolean(tls.certFile) !== Boolean(tls.keyFile)) throw new Error('--tls-cert and --tls-key go together');
  const latencyScale = opts.latencyScale ?? 1;
  if (!(latencyScale >= 0) || !Number.isFinite(latencyScale)) throw new Error('latency scale must be a number >= 0');
  const replicationLagMs = opts.replicationLagMs ?? 0;
  if (!(replicationLagMs >= 0) || !Number.isFinite(replicationLagMs)) throw new Error('replication lag must be a number >= 0');
  const spotReads = opts.spotReads ?? 'flagged';
  if (spotReads !== 'flagged' && spotReads !== 'always') throw new Error("spot reads must be 'flagged' or 'always'");
  const spotTimeoutMs = opts.spotTimeoutMs ?? DEFAULT_SPOT_TIMEOUT_MS;
  if (!Number.isInteger(spotTimeoutMs) || spotTimeoutMs < 1) throw new Error('spot timeout must be a whole number of milliseconds >= 1');
  const maxBacklog = opts.maxBacklog ?? DEFAULT_MAX_BACKLOG;
  if (!Number.isInteger(maxBacklog) || maxBacklog < 0) throw new Error('max backlog must be a whole number >= 0 (0 = no limit)');
  const debugPlantBug = opts.debugPlantBug;
  if (debugPlantBug !== undefined && debugPlantBug !== 'spot-local-write') throw new Error(`unknown planted bug '${String(debugPlantBug)}'`);
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1024) throw new Error('max body size must be at least 1024 bytes');
  const password = opts.password ?? EMULATOR_DEFAULT_PASSWORD;
  if (password.length === 0) throw new Error('the admin password must not be empty');
  const apiKey = opts.apiKey ?? EMULATOR_DEFAULT_API_KEY;
  if (!/^[\x21-\x7e]{8,}$/.test(apiKey)) throw new Error('the admin API key must be at least 8 printable characters without spaces');
  return {
    regions,
    port,
    host,
    allowRemote,
    dataDir: inMemory ? undefined : (opts.dataDir ?? defaultDataDir()),
    inMemory,
    tls,
    latencyScale,
    replicationLagMs,
    // Unseeded runs still get a seed, so a run can be replayed from the seed it reports.
    seed: opts.seed ?? randomInt(2 ** 31),
    spotReads,
    spotTimeoutMs,
    maxBacklog,
    debugPlantBug,
    tenant: opts.tenant ?? EMULATOR_DEFAULT_TENANT,
    email: opts.email ?? EMULATOR_DEFAULT_EMAIL,
    password,
    apiKey,
    maxBodyBytes,
    clock: opts.clock ?? systemClock,
  };
}
