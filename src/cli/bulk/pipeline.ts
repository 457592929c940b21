// The bulk-insert pipeline behind `c8spot insert`: pulls documents from a streaming reader,
// groups them into batches, keeps up to `concurrency` batches in flight (the reader is not
// asked for more while all slots are busy, so memory stays at about batchSize × concurrency
// documents), maps every per-item reply back to its input line, and counts the outcome.
// The HTTP call is injected (`send`), so this file knows nothing about the REST layer.
import type { InputItem } from '../input/types.js';
import { validateDocument } from './validate.js';

export const ON_DUPLICATE = ['error', 'ignore', 'replace', 'update'] as const;
export type OnDuplicate = (typeof ON_DUPLICATE)[number];

/** One item of a batch reply, in input order. `oldRev` is set when the write met an existing document. */
export type ItemOutcome = { readonly ok: true; readonly oldRev: boolean } | { readonly ok: false; readonly errorNum: number; readonly message: string };

/**
 * One document of a batch: its JSON text as read (NDJSON), else the parsed object. Only the
 * text is kept when there is one: a parsed copy of every document in flight doubled the
 * CLI's memory on large loads, and the object is needed only to report a failure.
 */
export class BatchDoc {
  readonly #doc: Record<string, unknown> | undefined;

  constructor(
    readonly line: number,
    readonly text: string | undefined,
    doc: Record<string, unknown> | undefined,
  ) {
    this.#doc = doc;
  }

  /** The document (parsed again from `text` when only the text was kept). */
  get doc(): Record<string, unknown> {
    return this.#doc ?? (JSON.parse(this.text ?? 'null') as Record<string, unknown>);
  }
}

/** Sends one batch and returns one outcome per document, in order. `attempt` counts from 0. */
export type BatchSender = (batch: readonly BatchDoc[], attempt: number) => Promise<readonly ItemOutcome[]>;

export interface BulkFailure {
  readonly line: number;
  /** 0 when the input itself was bad (the document never reached the server). */
  readonly errorNum: number;
  readonly message: string;
  readonly document: Record<string, unknown> | undefined;
}

export interface BulkStats {
  read: number;
  inserted: number;
  updated: number;
  ignored: number;
  failed: number;
  batches: number;
  /** Documents handed to `send` whose reply has not arrived yet. */
  inFlight: number;
}

export interface BulkSummary extends Omit<BulkStats, 'inFlight'> {
  readonly ms: number;
  readonly dryRun: boolean;
  /** Why reading stopped early, if it did. */
  readonly stopped: 'max-errors' | 'interrupted' | 'input-error' | 'fatal' | undefined;
  /** A structural input error or a batch-level error that makes going on pointless. */
  readonly fatal: unknown;
}

export interface BulkOptions {
  readonly items: AsyncIterable<InputItem>;
  /** Absent → dry run: documents are parsed and checked locally, nothing is sent. */
  readonly send: BatchSender | undefined;
  readonly batchSize: number;
  readonly concurrency: number;
  /** Failures tolerated; one more stops reading (in-flight batches still finish). */
  readonly maxErrors: number;
  readonly onDuplicate: OnDuplicate;
  /** True for errors after which the batch may or may not have been applied (resets, 503, 504…). */
  readonly isTransient: (err: unknown) => boolean;
  /** Whether a batch-level error should end the whole run (unknown collection, auth…). */
  readonly isFatal: (err: unknown) => boolean;
  readonly retries: number;
  readonly backoff: (attempt: number) => Promise<void>;
  readonly onFailure?: (failure: BulkFailure) => void;
  readonly onBatch?: (stats: Readonly<BulkStats>) => void;
  readonly signal?: AbortSignal;
  readonly now: () => number;
}

const ABORTED = Symbol('aborted');

function describe(err: unknown): { errorNum: number; message: string } {
  const e = err as { errorNum?: unknown; message?: unknown };
  return {
    errorNum: typeof e?.errorNum === 'number' ? e.errorNum : 0,
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
}

export class BulkRun {
  readonly stats: BulkStats = { read: 0, inserted: 0, updated: 0, ignored: 0, failed: 0, batches: 0, inFlight: 0 };
  private stopped: BulkSummary['stopped'];
  private fatal: unknown;

  constructor(private readonly opts: BulkOptions) {}

  async run(): Promise<BulkSummary> {
    const started = this.opts.now();
    const inflight = new Set<Promise<void>>();
    const iterator = this.opts.items[Symbol.asyncIterator]();
    const signal = this.opts.signal;
    // Ctrl-C must end a read blocked on stdin, so every wait below also ends on abort. The
    // abort side is ONE listener that wakes whichever wait is current: racing each read
    // against a shared "aborted" promise would leave one reaction per document on it
    // (a million documents, a million retained closures).
    let wake: ((v: typeof ABORTED) => void) | undefined;
    signal?.addEventListener('abort', () => wake?.(ABORTED), { once: true });
    const orAbort = <T>(p: Promise<T>): Promise<T | typeof ABORTED> => {
      if (signal === undefined) return p;
      if (signal.aborted) return Promise.resolve(ABORTED);
      return new Promise<T | typeof ABORTED>((resolve, reject) => {
        wake = resolve;
        p.then(resolve, reject);
      });
    };
    let batch: BatchDoc[] = [];
    const dispatch = (entries: BatchDoc[]): void => {
      this.stats.batches++;
      const p = this.runBatch(entries).finally(() => inflight.delete(p));
      inflight.add(p);
    };
    try {
      while (this.stopped === undefined) {
        const next = await orAbort(iterator.next());
        if (next === ABORTED) {
          this.stopped = 'interrupted';
          break;
        }
        if (next.done) break;
        this.stats.read++;
        const item = next.value;
        if (item.kind === 'error') {
          this.fail({ line: item.line, errorNum: 0, message: item.message, document: undefined });
          continue;
        }
        // A dry run validates the parsed object, so it keeps it.
        batch.push(new BatchDoc(item.line, item.text, item.text === undefined || this.opts.send === undefined ? item.doc : undefined));
        if (batch.length >= this.opts.batchSize) {
          dispatch(batch);
          batch = [];
          // Back-pressure: read no further until a slot frees up.
          while (inflight.size >= this.opts.concurrency && this.stopped === undefined) {
            await orAbort(Promise.race(inflight));
            if (signal?.aborted) this.stopped = 'interrupted';
          }
        }
      }
    } catch (err) {
      this.stopped = 'input-error';
      this.fatal = err;
    } finally {
      // Not awaited: a reader blocked on stdin would otherwise keep us waiting after Ctrl-C.
      void iterator.return?.(undefined)?.catch(() => undefined);
    }
    // Documents read before broken input are good ones: send them, as the report says.
    if ((this.stopped === undefined || this.stopped === 'input-error') && batch.length > 0) dispatch(batch);
    await Promise.all(inflight);
    const { inFlight: _inFlight, ...counts } = this.stats;
    return { ...counts, ms: this.opts.now() - started, dryRun: this.opts.send === undefined, stopped: this.stopped, fatal: this.fatal };
  }

  private fail(failure: BulkFailure): void {
    this.stats.failed++;
    this.opts.onFailure?.(failure);
    if (this.stats.failed > this.opts.maxErrors && this.stopped === undefined) this.stopped = 'max-errors';
  }

  private async runBatch(entries: BatchDoc[]): Promise<void> {
    this.stats.inFlight += entries.length;
    try {
      await this.sendWithRetries(entries);
    } finally {
      this.stats.inFlight -= entries.length;
      this.opts.onBatch?.(this.stats);
    }
  }

  private async sendWithRetries(entries: BatchDoc[]): Promise<void> {
    const send = this.opts.send;
    if (send === undefined) {
      for (const e of entries) {
        const problem = validateDocument(e.doc);
        if (problem) this.fail({ line: e.line, errorNum: problem.errorNum, message: problem.message, document: e.doc });
      }
      return;
    }
    // Re-sending is harmless when the write mode makes a repeat a no-op, or when the document
    // has a _key (a repeat then fails with 1210 instead of creating a second copy).
    const idempotentMode = this.opts.onDuplicate !== 'error';
    let pending = entries;
    for (let attempt = 0; ; attempt++) {
      let outcomes: readonly ItemOutcome[];
      try {
        outcomes = await send(pending, attempt);
      } catch (err) {
        const { errorNum, message } = describe(err);
        const transient = this.opts.isTransient(err);
        if (!transient || attempt >= this.opts.retries) {
          if (!transient && this.opts.isFatal(err) && this.stopped === undefined) {
            this.stopped = 'fatal';
            this.fatal = err;
          }
          for (const e of pending) this.fail({ line: e.line, errorNum, message, document: e.doc });
          return;
        }
        const retry: BatchDoc[] = [];
        for (const e of pending) {
          if (idempotentMode || typeof e.doc._key === 'string') retry.push(e);
          else {
            this.fail({
              line: e.line,
              errorNum,
              message: `${message} (not retried: the outcome is unknown and without a _key a retry could insert it twice)`,
              document: e.doc,
            });
          }
        }
        if (retry.length === 0) return;
        pending = retry;
        await this.opts.backoff(attempt);
        continue;
      }
      this.record(pending, outcomes, attempt);
      return;
    }
  }

  private record(entries: readonly BatchDoc[], outcomes: readonly ItemOutcome[], attempt: number): void {
    if (outcomes.length !== entries.length) {
      const message = `the server answered ${outcomes.length} results for ${entries.length} documents`;
      for (const e of entries) this.fail({ line: e.line, errorNum: 0, message, document: e.doc });
      return;
    }
    entries.forEach((e, i) => {
      const o = outcomes[i] as ItemOutcome;
      if (!o.ok) {
        const retried = attempt > 0 && o.errorNum === 1210 && this.opts.onDuplicate === 'error';
        const message = retried ? `${o.message} (an earlier attempt that failed in transit may have inserted it)` : o.message;
        this.fail({ line: e.line, errorNum: o.errorNum, message, document: e.doc });
      } else if (!o.oldRev) this.stats.inserted++;
      else if (this.opts.onDuplicate === 'ignore') this.stats.ignored++;
      else this.stats.updated++;
    });
  }
}
