// Actions of `c8spot restql …` on the REST layer in api/restql.ts.
import { deleteQuery, executeBatches, listQueries, saveQuery, showQuery, updateQuery, type SavedQuery } from '../../api/restql.js';
import { parseBinds } from '../query/binds.js';
import { renderTable } from '../query/row-writer.js';
import { streamRows, withCaret } from '../query/stream-rows.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';
import { openSession, type DataSession, type Globals } from './data-session.js';
import { intFlag } from './int-flag.js';
import { decideStrong, readBinds, readQueryText } from './query-run.js';
import type { RestqlRunFlags, RestqlSaveFlags } from './restql.js';

async function withSession(g: Globals, fn: (s: DataSession) => Promise<void>): Promise<void> {
  const session = await openSession(g);
  try {
    session.banner();
    await fn(session);
  } finally {
    await session.close();
  }
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function isJson(s: DataSession): boolean {
  return s.output === 'json' || s.output === 'ndjson' || s.output === 'yaml';
}

/** The user-facing view of a saved query (GDN's internal _key and tenant left out). */
function view(q: SavedQuery): Record<string, unknown> {
  return { name: q.name, value: q.value, parameter: q.parameter ?? {}, type: q.type ?? 'c8ql', fabric: q.fabric };
}

function notFound(name: string): ExitCodeError {
  return new ExitCodeError(`no saved query named '${name}'; list them with \`c8spot restql list\``, ExitCode.NOT_FOUND);
}

export async function restqlSave(name: string, c8ql: string | undefined, flags: RestqlSaveFlags, g: Globals): Promise<void> {
  if (flags.replace && flags.ifNotExists) throw new UsageError('--replace and --if-not-exists exclude each other');
  if (/\s/.test(name)) throw new UsageError(`a saved query name cannot contain spaces: '${name}'`);
  const value = await readQueryText(c8ql, flags.file);
  const parameter = parseBinds(flags.param ?? []);
  await withSession(g, async (s) => {
    const existing = await showQuery(s.client, s.fabric, name);
    let result: Record<string, unknown>;
    if (existing === undefined) {
      result = { ...view(await withCaret(value, () => saveQuery(s.client, s.fabric, { name, value, parameter }))), created: true };
    } else if (flags.replace) {
      await withCaret(value, () => updateQuery(s.client, s.fabric, { name, value, parameter }));
      result = { ...view({ ...existing, value, parameter }), created: false, replaced: true };
    } else if (flags.ifNotExists) {
      result = { ...view(existing), created: false };
      if (existing.value.trim() !== value.trim()) {
        if (isJson(s)) printJson(result);
        throw new ExitCodeError(`saved query '${name}' exists with a different text; use --replace to overwrite it`, ExitCode.CONFLICT);
      }
    } else {
      throw new ExitCodeError(`saved query '${name}' already exists; use --replace to overwrite it or --if-not-exists to keep it`, ExitCode.CONFLICT);
    }
    if (isJson(s)) printJson(result);
    else process.stdout.write(`${result.created ? 'saved' : result.replaced ? 'replaced' : 'kept existing'} query '${name}' in fabric ${s.fabric}\n`);
  });
}

export async function restqlList(g: Globals): Promise<void> {
  await withSession(g, async (s) => {
    const list = (await listQueries(s.client, s.fabric)).map(view);
    if (s.output === 'ndjson') for (const q of list) process.stdout.write(`${JSON.stringify(q)}\n`);
    else if (isJson(s)) printJson(list);
    else process.stdout.write(renderTable(list.map((q) => ({ name: q.name, value: q.value, parameter: q.parameter })), process.stdout.columns ?? 120));
  });
}

export async function restqlShow(name: string, g: Globals): Promise<void> {
  await withSession(g, async (s) => {
    const q = await showQuery(s.client, s.fabric, name);
    if (q === undefined) throw notFound(name);
    if (isJson(s)) printJson(view(q));
    else process.stdout.write(`name:      ${q.name}\nfabric:    ${q.fabric ?? s.fabric}\nparameter: ${JSON.stringify(q.parameter ?? {})}\n\n${q.value}\n`);
  });
}

export async function restqlRun(name: string, flags: RestqlRunFlags, g: Globals): Promise<void> {
  const bindVars = await readBinds(flags.bind, flags.bindFile);
  const batchSize = intFlag(flags.batchSize, '--batch-size', 1, 1000, 1000);
  await withSession(g, async (s) => {
    // The saved text is needed anyway: for the caret on errors and to find spot collections.
    const q = await showQuery(s.client, s.fabric, name);
    if (q === undefined) throw notFound(name);
    await withCaret(q.value, async () => {
      const mode = await decideStrong(s.client, s.fabric, q.value, bindVars, flags.strong);
      if (!s.quiet) process.stderr.write(`read: ${mode.strong ? 'strong (spot region)' : 'local replica'} · ${mode.why}\n`);
      await streamRows(executeBatches(s.client, s.fabric, name, { bindVars, batchSize, ...(mode.strong ? { strongConsistency: true } : {}) }), s);
    });
  });
}

export async function restqlDelete(name: string, g: Globals): Promise<void> {
  await withSession(g, async (s) => {
    const q = await showQuery(s.client, s.fabric, name);
    if (q === undefined) throw notFound(name);
    await deleteQuery(s.client, s.fabric, name);
    if (isJson(s)) printJson({ name, deleted: true });
    else process.stdout.write(`deleted query '${name}' from fabric ${s.fabric}\n`);
  });
}
