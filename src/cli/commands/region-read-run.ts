// What `c8spot region-read` does. Loaded only when it runs.
//  * Target: --url / C8SPOT_URL / the profile (default `local`); fabric: --fabric /
//    C8SPOT_FABRIC / the profile / `_system`. Each region is read on its own endpoint.
//  * Consistency mode: --strong / --no-strong; by default a document of a spot
//    collection is read strongly; a query or saved query is read strongly when the
//    fabric has a spot region, and again without the flag if every region refuses it
//    (400/10: the query only touches global collections). The output names the mode.
import { readFileSync } from 'node:fs';
import { LOCAL_PROFILE } from '../../wire/emulator-defaults.js';
import type { DemoClient, DemoRegion } from '../../demo/gdn-http.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';
import type { RegionReadFlags } from './region-read.js';
import { judgeRegions, type RegionReadResult } from './region-read-report.js';

interface Globals {
  profile?: string;
  url?: string;
  fabric?: string;
  output?: string;
  json?: boolean;
  quiet?: boolean;
}

type Json = Record<string, unknown>;
type Source = { kind: 'query'; query: string } | { kind: 'restql'; name: string } | { kind: 'document'; collection: string; key: string };

export function parseBinds(binds: readonly string[]): Json {
  const out: Json = {};
  for (const b of binds) {
    const typed = b.indexOf(':=');
    const plain = b.indexOf('=');
    if (typed > 0 && plain === typed + 1) {
      const text = b.slice(typed + 2);
      try {
        out[b.slice(0, typed)] = JSON.parse(text);
      } catch {
        throw new UsageError(`--bind ${b.slice(0, typed)}:= needs JSON, got '${text}'`);
      }
    } else if (plain > 0) out[b.slice(0, plain)] = b.slice(plain + 1);
    else throw new UsageError(`--bind takes k=v or k:=<json>, got '${b}'`);
  }
  return out;
}

function sourceOf(c8ql: string | undefined, flags: RegionReadFlags): Source {
  const given = [c8ql !== undefined, flags.restql !== undefined, flags.collection !== undefined || flags.key !== undefined].filter(Boolean).length;
  if (given !== 1) throw new UsageError('give exactly one of: a C8QL query, --restql <name>, or --collection <c> --key <k>');
  if (c8ql !== undefined) return { kind: 'query', query: c8ql };
  if (flags.restql !== undefined) return { kind: 'restql', name: flags.restql };
  if (!flags.collection || !flags.key) throw new UsageError('--collection and --key go together');
  return { kind: 'document', collection: flags.collection, key: flags.key };
}

async function connect(g: Globals, env: NodeJS.ProcessEnv): Promise<{ client: DemoClient; fabric: string; kind: string }> {
  const { ConfigStore } = await import('../config-store.js');
  const { DemoClient } = await import('../../demo/gdn-http.js');
  const store = new ConfigStore(env);
  const name = g.profile ?? env.C8SPOT_PROFILE ?? store.currentProfile ?? LOCAL_PROFILE;
  const profile = store.getProfile(name);
  const url = g.url ?? env.C8SPOT_URL ?? profile?.url;
  if (!url) throw new UsageError(`unknown profile '${name}'; list them with \`c8spot profile list\``);
  const apiKey = env.C8SPOT_API_KEY ?? profile?.apiKey;
  if (!apiKey) throw new UsageError('no API key: run `c8spot login --api-key-stdin` or set C8SPOT_API_KEY');
  const caFile = env.C8SPOT_CA_FILE ?? profile?.caFile;
  const client = await DemoClient.create(url, apiKey, caFile ? readFileSync(caFile, 'utf8') : undefined);
  return { client, fabric: g.fabric ?? env.C8SPOT_FABRIC ?? profile?.fabric ?? '_system', kind: profile?.kind ?? 'gdn' };
}

async function readOne(client: DemoClient, fabric: string, src: Source, bindVars: Json, strong: boolean, region: DemoRegion): Promise<RegionReadResult> {
  const f = encodeURIComponent(fabric);
  const started = performance.now();
  try {
    if (src.kind === 'query') {
      const r = await client.query(fabric, src.query, bindVars, strong, region.url);
      return { region: region.name, rows: r.value, latencyMs: r.ms };
    }
    if (src.kind === 'restql') {
      const first = await client.call<Json>('POST', `/_fabric/${f}/_api/restql/execute/${encodeURIComponent(src.name)}`, { bindVars, ...(strong ? { strongConsistency: true } : {}) }, region.url);
      const rows = [...((first.value.result as unknown[]) ?? [])];
      let cur = first.value;
      while (cur.hasMore === true && typeof cur.id === 'string') {
        cur = (await client.call<Json>('PUT', `/_fabric/${f}/_api/restql/fetch/${encodeURIComponent(cur.id)}`, undefined, region.url)).value;
        rows.push(...((cur.result as unknown[]) ?? []));
      }
      return { region: region.name, rows, latencyMs: performance.now() - started };
    }
    const path = `/_fabric/${f}/_api/document/${encodeURIComponent(src.collection)}/${encodeURIComponent(src.key)}${strong ? '?strongConsistency=true' : ''}`;
    try {
      const r = await client.call<Json>('GET', path, undefined, region.url);
      return { region: region.name, rows: [r.value], latencyMs: r.ms };
    } catch (err) {
      // A region that does not have the document (yet) answers with no rows: it is behind.
      if ((err as { httpStatus?: number; errorNum?: number }).errorNum === 1202) return { region: region.name, rows: [], latencyMs: performance.now() - started };
      throw err;
    }
  } catch (err) {
    const e = err as { message?: string; httpStatus?: number; errorNum?: number };
    return {
      region: region.name,
      error: { message: e.message ?? String(err), ...(e.httpStatus ? { httpStatus: e.httpStatus } : {}), ...(e.errorNum ? { errorNum: e.errorNum } : {}) },
      latencyMs: performance.now() - started,
    };
  }
}

export async function regionReadCommand(c8ql: string | undefined, flags: RegionReadFlags, g: Globals, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const src = sourceOf(c8ql, flags);
  const bindVars = parseBinds(flags.bind ?? []);
  const { client, fabric, kind } = await connect(g, env);
  try {
    if (!g.quiet) process.stderr.write(`→ ${kind} ${client.base} · fabric ${fabric}\n`);
    const f = encodeURIComponent(fabric);
    const current = (await client.call<Json>('GET', `/_fabric/${f}/_api/database/current`)).value;
    const options = ((current.result as Json | undefined)?.options ?? {}) as Json;
    const spotDc = typeof options.spotDc === 'string' ? options.spotDc : '';
    const dcList = Array.isArray(options.dcList) ? (options.dcList as string[]) : String(options.dcList ?? '').split(',').filter((x) => x !== '');
    let regions = (await client.regions()).filter((r) => dcList.length === 0 || dcList.includes(r.name));
    if (flags.regions) {
      const wanted = flags.regions.split(',').map((x) => x.trim()).filter((x) => x !== '');
      const unknown = wanted.filter((w) => !regions.some((r) => r.name === w));
      if (unknown.length > 0) throw new UsageError(`unknown region ${unknown.join(', ')}; the fabric's regions: ${regions.map((r) => r.name).join(', ')}`);
      regions = regions.filter((r) => wanted.includes(r.name));
    }
    let isSpot: boolean | undefined;
    if (src.kind === 'document') {
      const coll = (await client.call<Json>('GET', `/_fabric/${f}/_api/collection/${encodeURIComponent(src.collection)}`)).value;
      isSpot = coll.isSpot === true || coll.strongConsistency === true;
    }
    let strong = flags.strong ?? (src.kind === 'document' ? isSpot === true : spotDc !== '');
    let results = await Promise.all(regions.map((r) => readOne(client, fabric, src, bindVars, strong, r)));
    if (flags.strong === undefined && strong && src.kind !== 'document' && results.every((r) => r.error?.httpStatus === 400 && r.error.errorNum === 10)) {
      strong = false;
      results = await Promise.all(regions.map((r) => readOne(client, fabric, src, bindVars, strong, r)));
    }
    const report = judgeRegions(results, isSpot === false ? undefined : spotDc || undefined);
    const json = g.json === true || (g.output ?? env.C8SPOT_OUTPUT) === 'json';
    if (json) {
      process.stdout.write(
        JSON.stringify({ fabric, source: src, strong, spotRegion: spotDc || null, ...report, results: results.map((r) => ({ region: r.region, rows: r.rows ?? null, ...(r.error ? { error: r.error } : {}) })) }) + '\n',
      );
    } else {
      const tty = process.stdout.isTTY === true;
      const head = ['region', 'rows', 'digest', '_rev', 'latency', 'agrees', 'behind'];
      const rows = report.regions.map((v) => [
        v.region + (v.reference ? (report.referenceKind === 'spot' ? ' (spot)' : ' (ref)') : ''),
        v.ok ? String(v.rows) : 'error',
        v.ok ? v.digest : (v.error?.message ?? ''),
        v.revs.length === 1 ? v.revs[0]! : v.revs.length > 1 ? `${v.revs.length} revs` : '-',
        `${v.latencyMs} ms`,
        v.agrees ? 'yes' : 'NO',
        v.reference ? '-' : `${v.behind} rows${v.lagMs ? ` · ${v.lagMs} ms` : ''}`,
      ]);
      if (tty) {
        const Table = (await import('cli-table3')).default;
        const t = new Table({ head });
        for (const r of rows) t.push(r);
        process.stdout.write(t.toString() + '\n');
      } else {
        const cells = [head, ...rows];
        const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
        process.stdout.write(cells.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n');
      }
      process.stdout.write(
        `${report.agree ? 'all regions agree' : 'regions DISAGREE'} · compared with ${report.reference} (${report.referenceKind}) · ${strong ? 'strong reads (strongConsistency=true)' : 'local reads'}\n`,
      );
    }
    if (flags.verify && !report.agree) {
      throw new ExitCodeError(`regions disagree: ${report.regions.filter((v) => !v.agrees).map((v) => v.region).join(', ')}`, ExitCode.CONSISTENCY);
    }
  } finally {
    await client.close();
  }
}
