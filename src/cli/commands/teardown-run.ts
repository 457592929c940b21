// The action of `c8spot teardown`. Order matters: saved queries and collections live inside
// the fabric, so they go first and the report can name each one; anything already missing
// (404) is reported as "already gone", which makes a second run succeed.
import { createInterface } from 'node:readline/promises';
import { fabricPath } from '../../api/cursors.js';
import { deleteQuery, listQueries } from '../../api/restql.js';
import { ExitCode, ExitCodeError } from '../render/errors.js';
import type { GdnRequester } from '../../api/cursors.js';
import { isInteractive, isMissing, openSession, type Globals } from './data-session.js';
import type { TeardownFlags } from './teardown.js';

type Kind = 'restql' | 'collection' | 'fabric';

interface Step {
  readonly kind: Kind;
  readonly name: string;
  status: 'removed' | 'already gone' | 'would remove' | 'kept';
}

async function removing(step: Step, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    step.status = 'removed';
  } catch (err) {
    if (!isMissing(err)) throw err;
    step.status = 'already gone';
  }
}

async function fabricExists(client: GdnRequester, fabric: string): Promise<boolean> {
  try {
    await client.requestJson({ method: 'GET', path: fabricPath(fabric, 'database/current'), idempotent: true });
    return true;
  } catch (err) {
    if ((err as { errorNum?: number }).errorNum === 1228) return false;
    throw err;
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export async function teardownCommand(fabric: string, flags: TeardownFlags, g: Globals, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (fabric === '_system') throw new ExitCodeError('the _system fabric cannot be torn down', ExitCode.USAGE);
  const yes = flags.yes === true || g.yes === true;
  // Fail before any request when nobody can be asked (specs/cli.md "Non-interactive").
  if (!flags.dryRun && !yes && !isInteractive(g, env)) {
    throw new ExitCodeError(`teardown deletes the saved queries, collections${flags.keepFabric ? '' : ' and the fabric'} of '${fabric}'; pass --yes to confirm when not interactive`, ExitCode.USAGE);
  }
  const session = await openSession({ ...g, fabric }, env);
  const steps: Step[] = [];
  try {
    session.banner();
    const client = session.client;
    const exists = await fabricExists(client, fabric);
    if (!exists) {
      steps.push({ kind: 'fabric', name: fabric, status: 'already gone' });
    } else {
      const queries = await listQueries(client, fabric).catch((err: unknown) => {
        // A deployment without query workers answers 404 on the route itself: nothing to remove.
        if (isMissing(err) && (err as { errorNum?: number }).errorNum !== 1228) return [];
        throw err;
      });
      const collections = (await client.requestJson<{ result: { name: string; isSystem?: boolean }[] }>({
        method: 'GET',
        path: fabricPath(fabric, 'collection'),
        query: { excludeSystem: true },
        idempotent: true,
      })).result.filter((c) => c.isSystem !== true);
      for (const q of queries) steps.push({ kind: 'restql', name: q.name, status: 'would remove' });
      for (const c of collections) steps.push({ kind: 'collection', name: c.name, status: 'would remove' });
      steps.push({ kind: 'fabric', name: fabric, status: flags.keepFabric ? 'kept' : 'would remove' });

      if (!flags.dryRun) {
        if (!yes) {
          const what = `${queries.length} saved queries, ${collections.length} collections${flags.keepFabric ? '' : ' and the fabric itself'}`;
          if (!(await confirm(`Delete ${what} of '${fabric}'? [y/N] `))) throw new ExitCodeError('teardown cancelled; nothing was removed', ExitCode.ERROR);
        }
        for (const step of steps) {
          if (step.status !== 'would remove') continue;
          if (step.kind === 'restql') await removing(step, () => deleteQuery(client, fabric, step.name));
          else if (step.kind === 'collection') {
            await removing(step, () => client.requestJson({ method: 'DELETE', path: fabricPath(fabric, `collection/${encodeURIComponent(step.name)}`), idempotent: true }));
          } else {
            await removing(step, () => client.requestJson({ method: 'DELETE', path: fabricPath('_system', `database/${encodeURIComponent(fabric)}`), idempotent: true }));
          }
        }
      }
    }
  } finally {
    await session.close();
  }
  if (session.output === 'json' || session.output === 'yaml') {
    process.stdout.write(`${JSON.stringify({ fabric, dryRun: flags.dryRun === true, steps }, null, 2)}\n`);
  } else if (session.output === 'ndjson') {
    for (const s of steps) process.stdout.write(`${JSON.stringify(s)}\n`);
  } else if (session.output === 'csv') {
    const { formatOutput } = await import('../render/output.js');
    process.stdout.write(formatOutput({ output: 'csv', color: false }, steps, { fields: ['kind', 'name', 'status'] }));
  } else {
    for (const s of steps) process.stdout.write(`${s.status.padEnd(12)} ${s.kind.padEnd(10)} ${s.name}\n`);
    const removed = steps.filter((s) => s.status === 'removed').length;
    const gone = steps.filter((s) => s.status === 'already gone').length;
    if (!session.quiet) process.stderr.write(flags.dryRun ? 'dry run: nothing removed\n' : `teardown of '${fabric}': ${removed} removed, ${gone} already gone\n`);
  }
}
