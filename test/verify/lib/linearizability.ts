// Linearizability checker for a read/write/CAS register, per key (P-compositionality: a
// history is linearizable iff each key's sub-history is), using the Wing & Gong search with
// Lowe's memoisation of (set of linearised ops, model state), as porcupine does
// (reference/consistency-and-emulators.md §5.3).
//
// Search: call and return entries sit in one time-ordered doubly linked list. Walking from
// the head, a call entry whose op the model accepts in the current state is "lifted" (both
// its entries unlinked) and the walk restarts; reaching a return entry means that op had to
// be linearised already, so the last choice is undone (backtrack). An empty list is a
// witness. Outcome rules:
//  * fail ops certainly did not happen: dropped.
//  * info ops (504, reset, timeout, crash) return at +∞: they may be linearised anywhere
//    after their call, or never. Reaching the first +∞ return entry therefore means every
//    op still unplaced is an info op, and leaving them out is allowed: success.
//  * info reads constrain nothing and are dropped.
//  * an info write or CAS whose new value no read returns and no CAS expects is dropped too:
//    had it taken effect, the next op to take effect would have to be a write (nothing can
//    observe its value), so leaving it out changes no verdict, and it would otherwise
//    multiply the search space (nemesis runs produce many of them).
// Equal timestamps order calls before returns, so touching ops count as concurrent (the
// checker never invents an order the clock did not see).
//
// The search is bounded by a step budget (deterministic, unlike a wall-clock limit); running
// out yields 'unknown', which callers must treat as a failure, not a pass.
import type { Operation, RegValue } from './history.js';

export type Verdict = 'ok' | 'illegal' | 'unknown';

export interface KeyVerdict {
  readonly key: string;
  readonly verdict: Verdict;
  /** Ops considered (fail ops and info reads dropped). */
  readonly ops: number;
  readonly steps: number;
}

export interface Counterexample {
  readonly key: string;
  /** Ops of that key that the checker considered. */
  readonly opCount: number;
  /** The longest partial linearisation found, in order. */
  readonly linearized: readonly Operation[];
  /** The op whose return forced the deepest backtrack: it could not be placed. */
  readonly blocked: Operation | undefined;
  /** Ops not in the partial linearisation that were invoked before `blocked` returned: the ops involved. */
  readonly involved: readonly Operation[];
}

export interface LinearizabilityResult {
  readonly verdict: Verdict;
  readonly keys: readonly KeyVerdict[];
  /** For 'illegal': the failing key with the fewest ops. */
  readonly counterexample?: Counterexample;
}

export interface CheckOptions {
  /** Value of every key before the history starts; default null (absent). */
  readonly initial?: RegValue;
  /** Search steps per key before giving up with 'unknown'; default 5,000,000. */
  readonly maxSteps?: number;
}

/** Register model: returns the next state, or undefined when the op is not legal in `state`. */
export function step(state: RegValue, op: Operation): RegValue | undefined {
  switch (op.f) {
    case 'read':
      return op.output === state ? state : undefined;
    case 'write':
      return op.input as RegValue;
    case 'cas': {
      const [expected, next] = op.input as readonly [RegValue, RegValue];
      return state === expected ? next : undefined;
    }
  }
}

export function checkLinearizable(ops: readonly Operation[], opts: CheckOptions = {}): LinearizabilityResult {
  const observed = new Map<string, Set<RegValue>>();
  for (const op of ops) {
    if (op.outcome === 'fail') continue;
    let seen = observed.get(op.key);
    if (!seen) observed.set(op.key, (seen = new Set()));
    if (op.f === 'read' && op.outcome === 'ok') seen.add(op.output ?? null);
    if (op.f === 'cas') seen.add((op.input as readonly [RegValue, RegValue])[0]);
  }
  const newValue = (op: Operation): RegValue => (op.f === 'cas' ? (op.input as readonly [RegValue, RegValue])[1] : (op.input as RegValue));
  const byKey = new Map<string, Operation[]>();
  for (const op of ops) {
    if (op.outcome === 'fail' || (op.outcome === 'info' && op.f === 'read')) continue;
    if (op.outcome === 'info' && !observed.get(op.key)!.has(newValue(op))) continue;
    let list = byKey.get(op.key);
    if (!list) byKey.set(op.key, (list = []));
    list.push(op);
  }
  const keys: KeyVerdict[] = [];
  let counterexample: Counterexample | undefined;
  for (const [key, list] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const r = checkKey(key, list, opts.initial ?? null, opts.maxSteps ?? 5_000_000);
    keys.push(r.verdict);
    if (r.counterexample && (!counterexample || r.counterexample.opCount < counterexample.opCount)) {
      counterexample = r.counterexample;
    }
  }
  const verdict: Verdict = keys.some((k) => k.verdict === 'illegal')
    ? 'illegal'
    : keys.some((k) => k.verdict === 'unknown')
      ? 'unknown'
      : 'ok';
  return { verdict, keys, ...(counterexample ? { counterexample } : {}) };
}

interface Frame {
  readonly op: number;
  readonly entry: number;
  readonly before: RegValue;
}

function checkKey(
  key: string,
  ops: readonly Operation[],
  initial: RegValue,
  maxSteps: number,
): { verdict: KeyVerdict; counterexample?: Counterexample } {
  const n = ops.length;
  // Entries 1..2n: call of op i = 2i+1, return = 2i+2. Index 0 is the head sentinel and
  // 2n+1 the tail sentinel, so unlinking never needs bounds checks.
  const order: number[] = [];
  for (let i = 0; i < n; i++) order.push(2 * i + 1, 2 * i + 2);
  const time = (e: number): number => {
    const op = ops[(e - 1) >> 1]!;
    return e % 2 === 1 ? op.call : op.ret;
  };
  order.sort((a, b) => time(a) - time(b) || (b % 2) - (a % 2) || a - b);
  const tail = 2 * n + 1;
  const next = new Int32Array(2 * n + 2);
  const prev = new Int32Array(2 * n + 2);
  let last = 0;
  for (const e of order) {
    next[last] = e;
    prev[e] = last;
    last = e;
  }
  next[last] = tail;
  prev[tail] = last;

  const unlink = (e: number): void => {
    next[prev[e]!] = next[e]!;
    prev[next[e]!] = prev[e]!;
  };
  const relink = (e: number): void => {
    next[prev[e]!] = e;
    prev[next[e]!] = e;
  };

  const bits = new Uint32Array(Math.ceil(n / 32) || 1);
  const flip = (i: number): void => {
    bits[i >> 5]! ^= 1 << (i & 31);
  };
  const seen = new Set<string>();
  const stack: Frame[] = [];
  let state = initial;
  let steps = 0;
  let best: Frame[] = [];
  let blocked: number | undefined;

  const verdict = (v: Verdict): KeyVerdict => ({ key, verdict: v, ops: n, steps });

  let cur = next[0]!;
  while (next[0] !== tail) {
    if (++steps > maxSteps) return { verdict: verdict('unknown') };
    if (cur % 2 === 1) {
      const i = (cur - 1) >> 1;
      const after = step(state, ops[i]!);
      if (after !== undefined) {
        flip(i);
        const memo = `${JSON.stringify(after)}|${bits.join(',')}`;
        if (!seen.has(memo)) {
          seen.add(memo);
          stack.push({ op: i, entry: cur, before: state });
          state = after;
          unlink(cur);
          unlink(cur + 1);
          cur = next[0]!;
          continue;
        }
        flip(i);
      }
      cur = next[cur]!;
      continue;
    }
    const i = (cur - 2) >> 1;
    if (ops[i]!.ret === Infinity) break;
    if (stack.length >= best.length) {
      best = [...stack];
      blocked = i;
    }
    const top = stack.pop();
    if (!top) {
      const lin = best.map((f) => ops[f.op]!);
      const placed = new Set(best.map((f) => f.op));
      const blockedOp = blocked === undefined ? undefined : ops[blocked];
      const limit = blockedOp?.ret ?? Infinity;
      return {
        verdict: verdict('illegal'),
        counterexample: {
          key,
          opCount: n,
          linearized: lin,
          blocked: blockedOp,
          involved: ops.filter((op, j) => !placed.has(j) && op.call <= limit),
        },
      };
    }
    state = top.before;
    flip(top.op);
    relink(top.entry + 1);
    relink(top.entry);
    cur = next[top.entry]!;
  }
  return { verdict: verdict('ok') };
}

/** A short human-readable account of a counterexample (printed by failing runs). */
export function describeCounterexample(c: Counterexample, tailOps = 6): string {
  const fmt = (op: Operation): string => {
    const arg = op.f === 'read' ? `→ ${JSON.stringify(op.output)}` : JSON.stringify(op.input);
    const end = op.ret === Infinity ? '∞' : String(op.ret);
    return `p${op.process} ${op.f} ${arg} [${op.call}, ${end}] ${op.outcome}${op.region ? ` @${op.region}` : ''}`;
  };
  const lin = c.linearized.slice(-tailOps);
  return [
    `key ${JSON.stringify(c.key)}: not linearizable (${c.opCount} ops)`,
    `  longest partial linearization: ${c.linearized.length} ops; last ${lin.length}:`,
    ...lin.map((op) => `    ${fmt(op)}`),
    `  could not place: ${c.blocked ? fmt(c.blocked) : '?'}`,
    `  ops involved (${c.involved.length}):`,
    ...c.involved.slice(0, 12).map((op) => `    ${fmt(op)}`),
  ].join('\n');
}
