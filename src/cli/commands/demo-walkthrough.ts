// The steps of `c8spot demo`: the spot walkthrough (specs/cli.md). Connect, show the
// regions, create a fabric with a spot region and a spot collection, insert accounts,
// save and run a read query, read it from every region (all agree), tear down.
// Rendering is the caller's: each step reports through a StepReporter.
import type { GdnClient } from '../../api/client.js';
import { createCollection, deleteCollection } from '../../api/collections.js';
import { collectRows, queryBatches } from '../../api/cursors.js';
import { insertMany, isItemError } from '../../api/documents.js';
import { GdnError, HttpError } from '../../api/errors.js';
import { createFabric, deleteFabric } from '../../api/fabrics.js';
import { listRegions } from '../../api/regions.js';
import { deleteQuery, executeQuery, saveQuery } from '../../api/restql.js';
import { judgeRegions, type RegionReadReport } from './region-read-report.js';

export interface StepHandle {
  done(detail: string): void;
  fail(detail: string): void;
}

export interface StepReporter {
  step(title: string): StepHandle;
}

export interface WalkthroughOptions {
  readonly keep: boolean;
  /** Fabric name; unique per run so a kept demo never collides with the next one. */
  readonly fabric: string;
  readonly accounts: number;
}

export interface DemoRegion {
  readonly name: string;
  readonly spotCapable: boolean;
  /** Base URL of the region's own endpoint. */
  readonly url: string;
}

export interface WalkthroughResult {
  readonly fabric: string;
  readonly spotRegion: string;
  readonly regions: readonly DemoRegion[];
  readonly inserted: number;
  readonly queryRows: number;
  readonly regionRead: RegionReadReport;
  readonly kept: boolean;
}

export const DEMO_COLLECTION = 'accounts';
export const DEMO_QUERY_NAME = 'demo_accounts';
const DEMO_QUERY = `FOR a IN ${DEMO_COLLECTION} SORT a._key RETURN a`;

/** The federation's regions, each with its own endpoint (from its datacenter record). */
export async function demoRegions(client: GdnClient): Promise<DemoRegion[]> {
  return (await listRegions(client)).map((dc) => ({ name: dc.name, spotCapable: dc.spot_region === true, url: client.forRegion(dc).url }));
}

/** Every row of a query run from `at` (a region's client); strong sets strongConsistency. */
export function queryRows(at: GdnClient, fabric: string, query: string, bindVars: Record<string, unknown>, strong: boolean): Promise<unknown[]> {
  return collectRows(queryBatches(at, fabric, query, { bindVars, batchSize: 1000, ...(strong ? { strongConsistency: true } : {}) }));
}

async function step<T>(r: StepReporter, title: string, fn: () => Promise<T>, detail: (v: T) => string): Promise<T> {
  const h = r.step(title);
  try {
    const v = await fn();
    h.done(detail(v));
    return v;
  } catch (err) {
    h.fail(err instanceof Error ? err.message : String(err));
    throw err;
  }
}

export async function runWalkthrough(client: GdnClient, opts: WalkthroughOptions, r: StepReporter): Promise<WalkthroughResult> {
  const regions = await step(r, `connect to ${client.url}`, () => demoRegions(client), (rs) => `${rs.length} regions: ${rs.map((x) => x.name).join(', ')}`);
  const spot = regions.find((x) => x.spotCapable);
  if (!spot) throw new Error('no spot-capable region in this federation; the demo needs one');
  const fabric = opts.fabric;

  await step(
    r,
    `create fabric ${fabric} (spot region ${spot.name})`,
    () => createFabric(client, { name: fabric, dcList: regions.map((x) => x.name), spotDc: spot.name }),
    () => `replicated to ${regions.length} regions`,
  );
  let created = true;
  try {
    await step(
      r,
      `create spot collection ${DEMO_COLLECTION}`,
      () => createCollection(client, fabric, { name: DEMO_COLLECTION, spot: true }),
      () => 'writes go to the spot region',
    );
    const docs = Array.from({ length: opts.accounts }, (_, i) => ({ _key: `acct${String(i + 1).padStart(3, '0')}`, owner: `owner ${i + 1}`, balance: 100 }));
    const inserted = await step(
      r,
      `insert ${docs.length} accounts`,
      async () => {
        const items = await insertMany(client, fabric, DEMO_COLLECTION, docs);
        const failed = items.find(isItemError);
        if (failed) throw new Error(`insert failed: ${failed.errorMessage} (errorNum ${failed.errorNum})`);
        return items.length;
      },
      (n) => `${n} documents`,
    );
    await step(r, `save query ${DEMO_QUERY_NAME}`, () => saveQuery(client, fabric, { name: DEMO_QUERY_NAME, value: DEMO_QUERY }), () => DEMO_QUERY);
    const queryRowCount = await step(
      r,
      `run query ${DEMO_QUERY_NAME}`,
      async () => (await executeQuery(client, fabric, DEMO_QUERY_NAME)).result?.length ?? 0,
      (n) => `${n} rows`,
    );
    const regionRead = await step(
      r,
      'read from every region (strongConsistency=true)',
      async () => {
        const results = await Promise.all(
          regions.map(async (reg) => {
            const started = performance.now();
            try {
              const rows = await queryRows(client.withUrl(reg.url), fabric, DEMO_QUERY, {}, true);
              return { region: reg.name, rows, latencyMs: performance.now() - started };
            } catch (err) {
              return { region: reg.name, error: { message: err instanceof Error ? err.message : String(err) }, latencyMs: performance.now() - started };
            }
          }),
        );
        const report = judgeRegions(results, spot.name);
        if (!report.agree) throw new Error(`regions disagree: ${report.regions.filter((v) => !v.agrees).map((v) => v.region).join(', ')}`);
        return report;
      },
      (rep) => `all ${rep.regions.length} regions agree (digest ${rep.regions[0]?.digest ?? ''})`,
    );
    if (!opts.keep) {
      await step(r, `tear down ${fabric}`, () => teardown(client, fabric), () => 'query, collection and fabric removed');
      created = false;
    }
    return { fabric, spotRegion: spot.name, regions, inserted, queryRows: queryRowCount, regionRead, kept: opts.keep };
  } finally {
    // A failed run leaves nothing behind unless --keep was asked for.
    if (created && !opts.keep) await teardown(client, fabric).catch(() => undefined);
  }
}

/** Swallows "already gone" (404, or 400 for a saved query of a fabric that no longer exists). */
async function gone(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if ((err instanceof GdnError || err instanceof HttpError) && (err.status === 404 || err.status === 400)) return;
    throw err;
  }
}

/** Removes the saved query, the collection and the fabric; what is already gone is fine. */
export async function teardown(client: GdnClient, fabric: string): Promise<void> {
  await gone(deleteQuery(client, fabric, DEMO_QUERY_NAME));
  await gone(deleteCollection(client, fabric, DEMO_COLLECTION));
  await gone(deleteFabric(client, fabric));
}
