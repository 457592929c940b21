// Operation histories for the Jepsen-style workloads (reference/consistency-and-emulators.md §5.1).
//
// Clients record an `invoke` event before sending a request and exactly one completion after
// it: `ok` (the operation took effect), `fail` (it certainly did not: a definite 4xx/503
// reply) or `info` (unknown: 504, socket reset, timeout, crash; it may take effect at any
// point after its invocation, or never). Events have the shape of Jepsen ops and elle-cli's
// JSON input (`{index, process, type, f, value, time}` plus `key` and `region`), so a history
// can be dumped as JSON lines and cross-checked offline.
//
// All clients run in one process, so one monotonic clock orders every event exactly.

export type OpKind = 'read' | 'write' | 'cas';
export type Outcome = 'ok' | 'fail' | 'info';
export type EventType = 'invoke' | Outcome;
/** Register values; null = the document/key is absent. */
export type RegValue = string | number | null;
/** write: the new value; cas: [expected, new]; read: null on invoke, the value read on ok. */
export type OpValue = RegValue | readonly [RegValue, RegValue];

export interface HistoryEvent {
  readonly index: number;
  readonly process: number;
  readonly type: EventType;
  readonly f: OpKind;
  readonly key: string;
  readonly value: OpValue;
  /** Nanoseconds on the recorder's monotonic clock. */
  readonly time: number;
  readonly region?: string;
  /** Why an op failed or is indeterminate (HTTP status, errorNum, socket error). */
  readonly error?: string;
}

/** An invocation paired with its completion: what the checkers consume. */
export interface Operation {
  readonly id: number;
  readonly process: number;
  readonly key: string;
  readonly f: OpKind;
  /** Argument: write value, [expected, new] for cas, null for read. */
  readonly input: OpValue;
  /** Read result (ok reads only). */
  readonly output: RegValue | undefined;
  readonly outcome: Outcome;
  readonly call: number;
  /** Completion time; Infinity for info ops (they may take effect any time after `call`). */
  readonly ret: number;
  readonly region?: string;
}

export interface Pending {
  /** The op took effect; `value` is the read result for reads. */
  ok(value?: RegValue): void;
  /** The op certainly did not take effect. */
  fail(error?: string): void;
  /** Unknown whether it took effect. */
  info(error?: string): void;
  readonly done: boolean;
}

export type MonotonicNow = () => number;

const hrNow: MonotonicNow = () => Number(process.hrtime.bigint());

export class History {
  readonly #events: HistoryEvent[] = [];
  readonly #now: MonotonicNow;
  readonly #open = new Map<number, () => void>();

  constructor(now: MonotonicNow = hrNow) {
    this.#now = now;
  }

  get events(): readonly HistoryEvent[] {
    return this.#events;
  }

  /** Records an invocation. A process must complete its op before invoking the next. */
  invoke(process: number, f: OpKind, key: string, value: OpValue = null, region?: string): Pending {
    if (this.#open.has(process)) throw new Error(`process ${process} invoked while an op is still open`);
    const base = { process, f, key, ...(region === undefined ? {} : { region }) };
    this.#push({ ...base, type: 'invoke', value });
    let done = false;
    const complete = (type: Outcome, v: OpValue, error?: string): void => {
      if (done) throw new Error(`operation of process ${process} completed twice`);
      done = true;
      this.#open.delete(process);
      this.#push({ ...base, type, value: v, ...(error === undefined ? {} : { error }) });
    };
    // A crash turns every open op into info: crashAll() calls these.
    this.#open.set(process, () => complete('info', value, 'crash'));
    return {
      ok: (v) => complete('ok', f === 'read' ? (v ?? null) : value),
      fail: (e) => complete('fail', value, e),
      info: (e) => complete('info', value, e),
      get done() {
        return done;
      },
    };
  }

  /** Marks every open op as info (the server was killed under them). */
  crashAll(): void {
    for (const fn of [...this.#open.values()]) fn();
  }

  /** Paired operations; ops never completed count as info. */
  operations(): Operation[] {
    return pairEvents(this.#events);
  }

  /** JSON lines, one event per line (Jepsen / elle-cli compatible shape). */
  toJsonLines(): string {
    return this.#events.map((e) => JSON.stringify(e)).join('\n');
  }

  #push(e: Omit<HistoryEvent, 'index' | 'time'>): void {
    this.#events.push({ index: this.#events.length, time: this.#now(), ...e });
  }
}

/** Pairs each invoke with the next completion of the same process. */
export function pairEvents(events: readonly HistoryEvent[]): Operation[] {
  const open = new Map<number, HistoryEvent>();
  const ops: Operation[] = [];
  const push = (inv: HistoryEvent, done: HistoryEvent | undefined): void => {
    const outcome: Outcome = done === undefined ? 'info' : (done.type as Outcome);
    ops.push({
      id: ops.length,
      process: inv.process,
      key: inv.key,
      f: inv.f,
      input: inv.value,
      output: outcome === 'ok' && inv.f === 'read' ? (done!.value as RegValue) : undefined,
      outcome,
      call: inv.time,
      ret: outcome === 'info' ? Infinity : done!.time,
      ...(inv.region === undefined ? {} : { region: inv.region }),
    });
  };
  for (const e of events) {
    if (e.type === 'invoke') {
      const prev = open.get(e.process);
      if (prev) push(prev, undefined);
      open.set(e.process, e);
      continue;
    }
    const inv = open.get(e.process);
    if (!inv) throw new Error(`completion without invocation at event ${e.index}`);
    open.delete(e.process);
    push(inv, e);
  }
  for (const inv of open.values()) push(inv, undefined);
  return ops;
}

export interface OutcomeCounts {
  readonly invoked: number;
  readonly ok: number;
  readonly fail: number;
  readonly info: number;
}

export function countOutcomes(ops: readonly { readonly outcome: Outcome }[]): OutcomeCounts {
  let ok = 0;
  let fail = 0;
  let info = 0;
  for (const op of ops) {
    if (op.outcome === 'ok') ok++;
    else if (op.outcome === 'fail') fail++;
    else info++;
  }
  return { invoked: ops.length, ok, fail, info };
}
