// The steps of `c8spot demo`: the spot walkthrough (specs/cli.md). Connect, show the
// regions, create a fabric with a spot region and a spot collection, insert accounts,
// save and run a read query, read it from every region (all agree), tear down.
// Rendering is the caller's: each step reports through a StepReporter.
import type { DemoClient, DemoRegion } from '../../demo/gdn-http.js';
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

export async function runWalkthrough(client: DemoClient, opts: WalkthroughOptions, r: StepReporter): Promise<WalkthroughResult> {
  const regions = await step(r, `connect to ${client.base}`, () => client.regions(), (rs) => `${rs.length} regions: ${rs.map((x) => x.name).join(', ')}`);
  const spot = regions.find((x) => x.spotCapable);
  if (!spot) throw new Error('no spot-capable region in this federation; the demo needs one');
  const f = encodeURIComponent(opts.fabric);

  await step(
    r,
    `create fabric ${opts.fabric} (spot region ${spot.name})`,
    () => client.call('POST', '/_api/database', { name: opts.fabric, options: { dcList: regions.map((x) => x.name).join(','), spotDc: spot.name } }),
    () => `replicated to ${regions.length} regions`,
  );
  let created = true;
  try {
    await step(
      r,
      `create spot collection ${DEMO_COLLECTION}`,
      () => client.call('POST', `/_fabric/${f}/_api/collection`, { name: DEMO_COLLECTION, isSpot: true, strongConsistency: true }),
      () => 'writes go to the spot region',
    );
    const docs = Array.from({ length: opts.accounts }, (_, i) => ({ _key: `acct${String(i + 1).padStart(3, '0')}`, owner: `owner ${i + 1}`, balance: 100 }));
    const inserted = await step(
      r,
      `insert ${docs.length} accounts`,
      async () => (await client.call<unknown[]>('POST', `/_fabric/${f}/_api/document/${DEMO_COLLECTION}`, docs)).value.length,
      (n) => `${n} documents`,
    );
    await step(
      r,
      `save query ${DEMO_QUERY_NAME}`,
      () => client.call('POST', `/_fabric/${f}/_api/restql`, { query: { name: DEMO_QUERY_NAME, value: DEMO_QUERY, parameter: {}, type: 'c8ql' } }),
      () => DEMO_QUERY,
    );
    const queryRows = await step(
      r,
      `run query ${DEMO_QUERY_NAME}`,
      async () => {
        const res = await client.call<{ result?: unknown[] }>('POST', `/_fabric/${f}/_api/restql/execute/${DEMO_QUERY_NAME}`, {});
        return res.value.result?.length ?? 0;
      },
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
              const res = await client.query(opts.fabric, DEMO_QUERY, {}, true, reg.url);
              return { region: reg.name, rows: res.value, latencyMs: res.ms };
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
      await step(r, `tear down ${opts.fabric}`, () => teardown(client, opts.fabric), () => 'query, collection and fabric removed');
      created = false;
    }
    return { fabric: opts.fabric, spotRegion: spot.name, regions, inserted, queryRows, regionRead, kept: opts.keep };
  } finally {
    // A failed run leaves nothing behind unless --keep was asked for.
    if (created && !opts.keep) await teardown(client, opts.fabric).catch(() => undefined);
  }
}

/** Removes the saved query, the collection and the fabric; what is already gone is fine. */
export async function teardown(client: DemoClient, fabric: string): Promise<void> {
  const f = encodeURIComponent(fabric);
  const gone = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => ((e as { httpStatus?: number }).httpStatus === 404 || (e as { httpStatus?: number }).httpStatus === 400 ? undefined : Promise.reject(e)));
  await gone(client.call('DELETE', `/_fabric/${f}/_api/restql/${DEMO_QUERY_NAME}`));
  await gone(client.call('DELETE', `/_fabric/${f}/_api/collection/${DEMO_COLLECTION}`));
  await gone(client.call('DELETE', `/_api/database/${f}`));
}
