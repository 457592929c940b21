// What `c8spot region-read` does. Loaded only when it runs.
//  * Target, credentials and fabric: the shared CLI context (flag > env > profile >
//    default). Each region is read on its own endpoint from its datacenter record.
//  * Consistency mode: --strong / --no-strong; by default a document of a spot
//    collection is read strongly; a query or saved query is read strongly when the
//    fabric has a spot region, and again without the flag if every region refuses it
//    (400/10: the query only touches global collections). The output names the mode.
import type { GdnClient } from '../../api/client.js';
import { getCollection, isSpotCollection } from '../../api/collections.js';
import { collectRows, queryBatches } from '../../api/cursors.js';
import { getDocument } from '../../api/documents.js';
import { GdnError, HttpError } from '../../api/errors.js';
import { getFabric } from '../../api/fabrics.js';
import { listRegions, type DcRecord } from '../../api/regions.js';
import { executeBatches } from '../../api/restql.js';
import type { GlobalFlags } from '../context.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';
import type { RegionReadFlags } from './region-read.js';
import { judgeRegions, type RegionReadResult } from './region-read-report.js';

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

/** A failed read as the report records it: the message and, for a server reply, its codes. */
function readError(err: unknown): NonNullable<RegionReadResult['error']> {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof GdnError) return { message, httpStatus: err.status, errorNum: err.errorNum };
  if (err instanceof HttpError) return { message, httpStatus: err.status };
  return { message };
}

async function readOne(client: GdnClient, fabric: string, src: Source, bindVars: Json, strong: boolean, region: DcRecord): Promise<RegionReadResult> {
  const started = performance.now();
  const done = (rows: readonly unknown[]): RegionReadResult => ({ region: region.name, rows, latencyMs: performance.now() - started });
  // Each region on its own endpoint; the shared pool keeps one keep-alive connection set per origin.
  const at = client.forRegion(region);
  try {
    if (src.kind === 'query') {
      return done(await collectRows(queryBatches(at, fabric, src.query, { bindVars, batchSize: 1000, ...(strong ? { strongConsistency: true } : {}) })));
    }
    if (src.kind === 'restql') {
      return done(await collectRows(executeBatches(at, fabric, src.name, { bindVars, ...(strong ? { strongConsistency: true } : {}) })));
    }
    try {
      return done([await getDocument(at, fabric, src.collection, src.key, strong ? { strongConsistency: true } : {})]);
    } catch (err) {
      // A region that does not have the document (yet) answers with no rows: it is behind.
      if (err instanceof GdnError && err.errorNum === 1202) return done([]);
      throw err;
    }
  } catch (err) {
    return { region: region.name, error: readError(err), latencyMs: performance.now() - started };
  }
}

export async function regionReadCommand(c8ql: string | undefined, flags: RegionReadFlags, g: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const src = sourceOf(c8ql, flags);
  const bindVars = parseBinds(flags.bind ?? []);
  const { createContext } = await import('../context.js');
  const ctx = await createContext(g, env);
  try {
    const client = await ctx.client();
    const fabric = ctx.fabric.value;
    const options = (await getFabric(client, fabric)).options;
    const spotDc = typeof options.spotDc === 'string' ? options.spotDc : '';
    const dcList: unknown = options.dcList;
    const fabricDcs = Array.isArray(dcList) ? dcList.map(String) : String(dcList ?? '').split(',').filter((x) => x !== '');
    let regions = (await listRegions(client)).filter((r) => fabricDcs.length === 0 || fabricDcs.includes(r.name));
    if (flags.regions) {
      const wanted = flags.regions.split(',').map((x) => x.trim()).filter((x) => x !== '');
      const unknown = wanted.filter((w) => !regions.some((r) => r.name === w));
      if (unknown.length > 0) throw new UsageError(`unknown region ${unknown.join(', ')}; the fabric's regions: ${regions.map((r) => r.name).join(', ')}`);
      regions = regions.filter((r) => wanted.includes(r.name));
    }
    let isSpot: boolean | undefined;
    if (src.kind === 'document') {
      isSpot = isSpotCollection(await getCollection(client, fabric, src.collection));
    }
    let strong = flags.strong ?? (src.kind === 'document' ? isSpot === true : spotDc !== '');
    let results = await Promise.all(regions.map((r) => readOne(client, fabric, src, bindVars, strong, r)));
    if (flags.strong === undefined && strong && src.kind !== 'document' && results.every((r) => r.error?.httpStatus === 400 && r.error.errorNum === 10)) {
      strong = false;
      results = await Promise.all(regions.map((r) => readOne(client, fabric, src, bindVars, strong, r)));
    }
    const report = judgeRegions(results, isSpot === false ? undefined : spotDc || undefined);
    if (ctx.output === 'json' || ctx.output === 'yaml') {
      const full = { fabric, source: src, strong, spotRegion: spotDc || null, ...report, results: results.map((r) => ({ region: r.region, rows: r.rows ?? null, ...(r.error ? { error: r.error } : {}) })) };
      if (ctx.output === 'json') process.stdout.write(JSON.stringify(full) + '\n');
      else process.stdout.write((await import('../render/yaml.js')).toYaml(full));
    } else if (ctx.output === 'ndjson' || ctx.output === 'csv') {
      // One record per region (the verdict, not the rows), so `-o` is honoured as for every command.
      const { formatOutput } = await import('../render/output.js');
      const perRegion = report.regions.map((v) => (ctx.output === 'csv' ? { ...v, revs: v.revs.join(' '), error: v.error?.message ?? '', strong } : { ...v, strong }));
      process.stdout.write(formatOutput(ctx, perRegion, { fields: ['region', 'ok', 'rows', 'digest', 'revs', 'latencyMs', 'agrees', 'reference', 'behind', 'lagMs', 'error', 'strong'] }));
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
    await ctx.close();
  }
}
