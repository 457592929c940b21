// The judging half of `c8spot region-read`: given what every region returned for the
// same read, compute per region a digest, row count, `_rev`s, agreement with the
// reference region (the spot region, else the majority), and how far behind it is.
// Pure: the command fetches, this decides, the renderer prints.
import { createHash } from 'node:crypto';

export interface RegionReadResult {
  readonly region: string;
  /** Rows (query results, or the one document). Absent when the read failed. */
  readonly rows?: readonly unknown[];
  readonly error?: { readonly message: string; readonly httpStatus?: number; readonly errorNum?: number };
  readonly latencyMs: number;
}

export interface RegionVerdict {
  readonly region: string;
  readonly ok: boolean;
  readonly rows: number;
  /** First 12 hex digits of a SHA-256 over the canonical JSON of the rows ('' on error). */
  readonly digest: string;
  /** `_rev` of each row that has one (a document read: exactly one). */
  readonly revs: readonly string[];
  readonly latencyMs: number;
  /** Whether the result equals the reference region's. */
  readonly agrees: boolean;
  readonly reference: boolean;
  /** Rows of the reference this region lacks or holds in another version. */
  readonly behind: number;
  /**
   * How much older this region's newest `_rev` is than the reference's, in ms, when the
   * revisions carry a time (the emulator's do); undefined otherwise.
   */
  readonly lagMs?: number;
  readonly error?: RegionReadResult['error'];
}

export interface RegionReadReport {
  /** The region everyone is compared with. */
  readonly reference: string;
  readonly referenceKind: 'spot' | 'newest' | 'majority';
  readonly agree: boolean;
  readonly regions: readonly RegionVerdict[];
}

/** JSON with sorted object keys, so equal results digest equally whatever their key order. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export function digestOf(rows: readonly unknown[]): string {
  return createHash('sha256').update(canonical(rows)).digest('hex').slice(0, 12);
}

// The emulator's `_rev` is `_<wall ms, 9 base-36 digits><counter, 4 digits>~<region>`.
const EMULATOR_REV = /^_([0-9a-z]{9})[0-9a-z]{4}~/;

/** Newest time (ms) among revisions of the emulator's format; undefined if none has it. */
function newestRevTime(revs: readonly string[]): number | undefined {
  let newest: number | undefined;
  for (const r of revs) {
    const m = EMULATOR_REV.exec(r);
    if (!m) continue;
    const t = parseInt(m[1]!, 36);
    if (newest === undefined || t > newest) newest = t;
  }
  return newest;
}

function revOf(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const rev = (row as Record<string, unknown>)._rev;
  return typeof rev === 'string' ? rev : undefined;
}

/** Identity of a row for the "behind" count: its _id/_key when it has one, else its position. */
function rowId(row: unknown, i: number): string {
  if (typeof row === 'object' && row !== null) {
    const r = row as Record<string, unknown>;
    if (typeof r._id === 'string') return r._id;
    if (typeof r._key === 'string') return r._key;
  }
  return `#${i}`;
}

function behind(reference: readonly unknown[], mine: readonly unknown[]): number {
  const have = new Map(mine.map((r, i) => [rowId(r, i), canonical(r)]));
  let n = 0;
  reference.forEach((r, i) => {
    if (have.get(rowId(r, i)) !== canonical(r)) n++;
  });
  return n;
}

/**
 * Judges the results. The reference is `spotRegion` when it answered (spot collections:
 * the source of truth); else the region holding the newest `_rev` when revisions carry a
 * time (a global collection: how far behind the others are); else the digest most
 * regions share (ties: the earliest region).
 */
export function judgeRegions(results: readonly RegionReadResult[], spotRegion?: string): RegionReadReport {
  if (results.length === 0) throw new Error('no regions to compare');
  const digests = new Map(results.map((r) => [r.region, r.rows ? digestOf(r.rows) : '']));
  const times = new Map(results.map((r) => [r.region, newestRevTime((r.rows ?? []).map(revOf).filter((x): x is string => x !== undefined))]));
  let reference = results.find((r) => r.region === spotRegion && r.rows);
  let referenceKind: RegionReadReport['referenceKind'] = 'spot';
  if (!reference) {
    let newest: RegionReadResult | undefined;
    for (const r of results) {
      const t = times.get(r.region);
      if (r.rows && t !== undefined && (newest === undefined || t > times.get(newest.region)!)) newest = r;
    }
    reference = newest;
    referenceKind = 'newest';
  }
  if (!reference) {
    const counts = new Map<string, number>();
    for (const r of results) if (r.rows) counts.set(digests.get(r.region)!, (counts.get(digests.get(r.region)!) ?? 0) + 1);
    const best = Math.max(0, ...counts.values());
    reference = results.find((r) => r.rows && counts.get(digests.get(r.region)!) === best) ?? results[0]!;
    referenceKind = 'majority';
  }
  const refDigest = digests.get(reference.region)!;
  const refRows = reference.rows ?? [];
  const refTime = times.get(reference.region);
  const regions = results.map((r): RegionVerdict => {
    const rows = r.rows ?? [];
    const digest = digests.get(r.region)!;
    const revs = rows.map(revOf).filter((x): x is string => x !== undefined);
    const mine = times.get(r.region);
    const lagMs = refTime === undefined || mine === undefined ? undefined : Math.max(0, refTime - mine);
    return {
      region: r.region,
      ok: r.rows !== undefined,
      rows: rows.length,
      digest,
      revs,
      latencyMs: Math.round(r.latencyMs),
      agrees: r.rows !== undefined && digest === refDigest,
      reference: r.region === reference.region,
      behind: r.rows ? behind(refRows, rows) : refRows.length,
      ...(lagMs !== undefined ? { lagMs } : {}),
      ...(r.error ? { error: r.error } : {}),
    };
  });
  return { reference: reference.region, referenceKind, agree: regions.every((v) => v.agrees), regions };
}
