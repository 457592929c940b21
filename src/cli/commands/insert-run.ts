// The action of `c8spot insert`: open the input, run the bulk pipeline against
// POST /_api/document/{c} (array body, per-item replies; reference/gdn-api.md §6.2), show
// progress, write failures to --errors-file, print the summary, pick the exit code.
import { createWriteStream, type WriteStream } from 'node:fs';
import { fabricPath } from '../../api/cursors.js';
import { GdnError, HttpError, NetworkError } from '../../api/errors.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from '../bulk/defaults.js';
import { BulkRun, ON_DUPLICATE, type BatchSender, type BulkFailure, type BulkSummary, type ItemOutcome, type OnDuplicate } from '../bulk/pipeline.js';
import { INPUT_FORMATS, InputError, InputFormatError, itemsFromData, openInput, type InputFormat, type InputItem } from '../input/index.js';
import { ExitCode, ExitCodeError, UsageError } from '../render/errors.js';
import type { GdnRequester } from '../../api/cursors.js';
import { exitCodeFor, isTransient, openSession, outputMode, type Globals } from './data-session.js';
import { InsertProgress } from './insert-progress.js';
import type { InsertFlags } from './insert.js';
import { intFlag } from './int-flag.js';

interface ReplyItem {
  readonly error?: boolean;
  readonly errorNum?: number;
  readonly errorMessage?: string;
  readonly _oldRev?: string;
  readonly new?: unknown;
}

const INSERTED: ItemOutcome = Object.freeze({ ok: true, oldRev: false });

/**
 * Whether a batch reply (text) is `count` plain successes, `[{"_id","_key","_rev"}, …]`,
 * without parsing a million small objects: no item has `error` or `_oldRev`, and there are
 * `count` objects (their attributes never hold braces: keys and revisions cannot). Anything
 * else is parsed as usual.
 */
function allInserted(text: string, count: number): boolean {
  if (text.includes('"error"') || text.includes('"_oldRev"')) return false;
  let objects = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) objects++;
  return objects === count && text.trimStart().startsWith('[');
}

export function makeSender(client: GdnRequester, fabric: string, collection: string, mode: OnDuplicate): BatchSender {
  const path = fabricPath(fabric, `document/${encodeURIComponent(collection)}`);
  // In ignore mode GDN (like ArangoDB) sends no _oldRev for a skipped document; asking for
  // `new` tells them apart: an ignored document has none.
  const query = mode === 'error' ? undefined : { overwriteMode: mode, ...(mode === 'ignore' ? { returnNew: true } : {}) };
  return async (batch) => {
    // NDJSON lines go out as read (each was parsed once, to check it is an object): a
    // million documents are not serialised a second time.
    const raw = batch.every((d) => d.text !== undefined) ? `[${batch.map((d) => d.text).join(',')}]` : undefined;
    let reply = await client.requestJson<unknown>({
      method: 'POST',
      path,
      ...(raw !== undefined ? { rawBody: raw } : { body: batch.map((d) => d.doc) }),
      ...(query ? { query } : {}),
      rawResponse: true,
    });
    if (typeof reply === 'string') {
      if (mode === 'error' && allInserted(reply, batch.length)) return new Array<ItemOutcome>(batch.length).fill(INSERTED);
      reply = JSON.parse(reply) as unknown;
    }
    if (!Array.isArray(reply)) throw new Error('the server did not answer a batch insert with an array');
    return (reply as ReplyItem[]).map((item): ItemOutcome => {
      if (item.error === true) return { ok: false, errorNum: item.errorNum ?? 0, message: item.errorMessage ?? 'insert failed' };
      return { ok: true, oldRev: mode === 'ignore' ? item.new === undefined : typeof item._oldRev === 'string' };
    });
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Exponential backoff with full jitter: 100 ms, 200 ms, 400 ms… caps at 5 s. */
function backoff(attempt: number): Promise<void> {
  return sleep(Math.random() * Math.min(5000, 100 * 2 ** attempt));
}

function humanSummary(s: BulkSummary, collection: string): string {
  const batches = `${s.batches} ${s.batches === 1 ? 'batch' : 'batches'}`;
  const parts = s.dryRun
    ? [`${s.read} read`, `${s.read - s.failed} valid`, `${s.failed} invalid`, batches]
    : [`${s.read} read`, `${s.inserted} inserted`, `${s.updated} updated`, `${s.ignored} ignored`, `${s.failed} failed`, batches];
  const rate = s.ms > 0 && !s.dryRun ? ` · ${Math.round(((s.inserted + s.updated + s.ignored) * 1000) / s.ms)} docs/s` : '';
  return `${s.dryRun ? 'dry run, nothing sent' : collection}: ${parts.join(', ')} in ${(s.ms / 1000).toFixed(2)}s${rate}`;
}

async function openItems(file: string | undefined, flags: InsertFlags): Promise<{ items: AsyncGenerator<InputItem>; size: number | undefined; bytesRead: () => number }> {
  const format = flags.format as InputFormat | undefined;
  if (format !== undefined && !INPUT_FORMATS.includes(format)) throw new UsageError(`--format takes ${INPUT_FORMATS.join('|')}, got '${flags.format}'`);
  if (flags.data !== undefined) {
    if (file !== undefined) throw new UsageError('give either a file or --data, not both');
    const length = Buffer.byteLength(flags.data);
    return { items: itemsFromData(flags.data), size: undefined, bytesRead: () => length };
  }
  if (file === undefined && process.stdin.isTTY) throw new UsageError('give a file, - to read stdin, or --data <json>');
  try {
    return await openInput({ path: file, format, stdin: process.stdin });
  } catch (err) {
    if (err instanceof InputFormatError) throw new UsageError(err.message);
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new ExitCodeError(`no such file: ${file}`, ExitCode.NOT_FOUND);
    throw err;
  }
}

export async function insertCommand(collection: string, file: string | undefined, flags: InsertFlags, g: Globals, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const output = outputMode(g, env);
  const batchSize = intFlag(flags.batchSize, '--batch-size', 1, 10_000, DEFAULT_BATCH_SIZE);
  const concurrency = intFlag(flags.concurrency, '--concurrency', 1, 64, DEFAULT_CONCURRENCY);
  const maxErrors = intFlag(flags.maxErrors, '--max-errors', 0, Number.MAX_SAFE_INTEGER, 20);
  const retries = intFlag(g.retries, '--retries', 0, 10, 3);
  const onDuplicate = (flags.onDuplicate ?? 'error') as OnDuplicate;
  if (!ON_DUPLICATE.includes(onDuplicate)) throw new UsageError(`--on-duplicate takes ${ON_DUPLICATE.join('|')}, got '${flags.onDuplicate}'`);

  const input = await openItems(file, flags);
  const session = flags.dryRun ? undefined : await openSession(g, env);
  session?.banner();
  let errorsOut: WriteStream | undefined;
  if (flags.errorsFile !== undefined) errorsOut = createWriteStream(flags.errorsFile, { flags: 'w' });

  const controller = new AbortController();
  const quiet = g.quiet === true;
  // The progress display reads the live counters of `run` (declared below) while it runs.
  const progress = new InsertProgress(
    {
      get stats() {
        return run.stats;
      },
      bytesRead: input.bytesRead,
      size: input.size,
    },
    Boolean(process.stderr.isTTY),
    quiet,
    flags.errorsFile,
  );
  const onSigint = (): void => {
    if (controller.signal.aborted) return;
    controller.abort();
    progress.note('interrupted: reading stopped, waiting for the batches in flight…');
  };
  process.on('SIGINT', onSigint);
  const run = new BulkRun({
    items: input.items,
    send: session ? makeSender(session.client, session.fabric, collection, onDuplicate) : undefined,
    batchSize,
    concurrency,
    maxErrors,
    onDuplicate,
    isTransient,
    // A batch-level error (unknown collection, no access…) would hit every later batch too.
    isFatal: () => true,
    retries,
    backoff,
    onFailure: (f: BulkFailure) => {
      progress.failure(f);
      errorsOut?.write(`${JSON.stringify({ line: f.line, errorNum: f.errorNum, message: f.message, document: f.document ?? null })}\n`);
    },
    signal: controller.signal,
    now: () => performance.now(),
  });
  progress.start();
  let summary: BulkSummary;
  try {
    summary = await run.run();
  } finally {
    process.off('SIGINT', onSigint);
    progress.stop();
    // After Ctrl-C or an early stop a producer may still hold stdin open: let go of it so the process can exit.
    if (flags.data === undefined && (file === undefined || file === '-')) process.stdin.destroy();
    if (errorsOut) await new Promise<void>((resolve) => errorsOut.end(resolve));
    await session?.close();
  }

  const { fatal, ...shown } = summary;
  const payload = { ...shown, ms: Math.round(summary.ms), ...(summary.stopped === undefined ? { stopped: undefined } : {}) };
  // One line, so that after a partial failure the error envelope follows as a second line.
  if (output === 'json' || output === 'ndjson') process.stdout.write(`${JSON.stringify(payload)}\n`);
  else process.stdout.write(`${humanSummary(summary, collection)}\n`);

  if (summary.stopped === 'input-error') {
    const message = fatal instanceof InputError ? `input is broken at ${fatal.message}` : String((fatal as Error)?.message ?? fatal);
    throw new ExitCodeError(`${message}; documents before it were sent`, ExitCode.ERROR);
  }
  // A server or network error ends the run as itself, so the envelope keeps its code, hint,
  // httpStatus and errorNum (e.g. COLLECTION_NOT_FOUND with the list command).
  if (summary.stopped === 'fatal') throw fatal instanceof GdnError || fatal instanceof HttpError || fatal instanceof NetworkError ? fatal : new ExitCodeError((fatal as Error).message, exitCodeFor(fatal));
  if (summary.stopped === 'interrupted') {
    throw new ExitCodeError(`interrupted: ${summary.inserted + summary.updated + summary.ignored} documents committed, the rest not sent`, ExitCode.INTERRUPTED);
  }
  if (summary.failed > 0) {
    const why = summary.stopped === 'max-errors' ? ` (stopped after more than --max-errors ${maxErrors})` : '';
    throw new ExitCodeError(`${summary.failed} document${summary.failed === 1 ? '' : 's'} failed${why}`, ExitCode.PARTIAL);
  }
}
