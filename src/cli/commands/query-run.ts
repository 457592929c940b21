// The action of `c8spot query`: read the query text and binds, decide the read mode, stream
// the cursor to the output.
import { readFile } from 'node:fs/promises';
import { queryBatches, queryNdjson, validateQuery, fabricPath, type GdnRequester } from '../../api/cursors.js';
import { parseBindFile, parseBinds, type BindVars } from '../query/binds.js';
import { fileStdout } from '../query/row-writer.js';
import { streamNdjson, streamRows, withCaret } from '../query/stream-rows.js';
import { UsageError } from '../render/errors.js';
import { openSession, type Globals } from './data-session.js';
import { intFlag } from './int-flag.js';
import type { QueryFlags } from './query.js';

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}

/** A file named on the command line; one that cannot be read is a usage error (exit 2). */
async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export async function readQueryText(c8ql: string | undefined, file: string | undefined): Promise<string> {
  if (c8ql !== undefined && file !== undefined) throw new UsageError('give the query as an argument or with -f, not both');
  let text: string;
  if (file !== undefined) text = await readTextFile(file, 'the query file');
  else if (c8ql === '-' || (c8ql === undefined && !process.stdin.isTTY)) text = await readStdin();
  else if (c8ql === undefined) throw new UsageError('give a C8QL query, -f <file>, or - to read it from stdin');
  else text = c8ql;
  if (text.trim() === '') throw new UsageError('the query is empty');
  return text.replace(/\s+$/, '');
}

export async function readBinds(specs: readonly string[] | undefined, bindFile: string | undefined): Promise<BindVars> {
  const fromFile = bindFile === undefined ? {} : parseBindFile(await readTextFile(bindFile, 'the bind file'), bindFile);
  return parseBinds(specs ?? [], fromFile);
}

interface CollectionEntry {
  readonly name: string;
  readonly isSpot?: boolean;
}

/**
 * Spot collections are read strongly unless told otherwise. Which collections a query reads
 * comes from the server's parser (POST /_api/query), plus `@@name` collection binds; the spot
 * flags come from the collection list. Both requests run together.
 */
export async function decideStrong(client: GdnRequester, fabric: string, query: string, bindVars: BindVars, flag: boolean | undefined): Promise<{ strong: boolean; why: string }> {
  if (flag === true) return { strong: true, why: '--strong' };
  if (flag === false) return { strong: false, why: '--no-strong' };
  const [parsed, list] = await Promise.all([
    // A parse error must surface (with its caret); a server without the parse route must not stop the query.
    validateQuery(client, fabric, query).catch((err: unknown) => {
      if ((err as { errorNum?: number }).errorNum === 1501) throw err;
      return undefined;
    }),
    client.requestJson<{ result: CollectionEntry[] }>({ method: 'GET', path: fabricPath(fabric, 'collection'), query: { excludeSystem: true }, idempotent: true }),
  ]);
  const spotNames = list.result.filter((c) => c.isSpot === true).map((c) => c.name);
  if (spotNames.length === 0) return { strong: false, why: 'no spot collection in the fabric' };
  // Without the parser's answer, a spot collection named as a whole word in the text counts.
  const words = new Set(query.match(/[A-Za-z0-9_-]+/g) ?? []);
  const used = new Set(parsed?.collections ?? spotNames.filter((n) => words.has(n)));
  for (const [k, v] of Object.entries(bindVars)) if (k.startsWith('@') && typeof v === 'string') used.add(v);
  const spot = spotNames.filter((n) => used.has(n));
  return spot.length > 0 ? { strong: true, why: `spot collection ${spot.join(', ')}` } : { strong: false, why: 'no spot collection read' };
}

export async function queryCommand(c8ql: string | undefined, flags: QueryFlags, g: Globals, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const query = await readQueryText(c8ql, flags.file);
  const bindVars = await readBinds(flags.bind, flags.bindFile);
  const batchSize = intFlag(flags.batchSize, '--batch-size', 1, 1000, 1000);
  const session = await openSession(g, env);
  try {
    session.banner();
    await withCaret(query, async () => {
      const mode = await decideStrong(session.client, session.fabric, query, bindVars, flags.strong);
      if (!session.quiet) process.stderr.write(`read: ${mode.strong ? 'strong (spot region)' : 'local replica'} · ${mode.why}\n`);
      const cursor = { bindVars, batchSize, count: flags.count === true, strongConsistency: mode.strong ? true : undefined };
      // NDJSON rows go out as the server sent them, as bytes: an export is not decoded, parsed or re-serialised.
      if (session.output === 'ndjson') {
        const file = fileStdout();
        await streamNdjson(queryNdjson(session.client, session.fabric, query, cursor), session, file ?? process.stdout, file !== undefined);
      } else await streamRows(queryBatches(session.client, session.fabric, query, cursor), session);
    });
  } finally {
    await session.close();
  }
}
