// Conflict resolution for global collections: a state-based CRDT per document.
//
// GDN says it merges "at the atomic field level" with CRDTs but does not publish the
// rule (reference/consistency-and-emulators.md §1.2). Ours, checkable and documented in
// docs/emulator-differences.md:
//
//  * Every top-level field is a last-writer-wins register tagged with the encoded HLC
//    of the write that set it (hlc.ts: string order = time order, ties broken by region
//    name because the region is the last part of the timestamp). A removed field
//    (update with keepNull:false, replace without it) is a register without a value.
//  * Insert, replace and remove set the document's "reset" register: a timestamp and
//    whether the document is live after it. Field registers older than the latest reset
//    are dead: a delete wins over every older field write, and a replace hides fields
//    it did not mention even when another region wrote them concurrently but earlier.
//  * Resurrection: a field write NEWER than a delete (an update from a region that had
//    not seen the delete yet) brings the document back with only the fields written
//    after the delete. So every region agrees on the outcome, and no write that is
//    later than the delete is silently lost.
//
// States merge by taking the greater register pointwise (then dropping dead fields),
// which is commutative, associative and idempotent: replicas that have received the
// same set of deltas hold the same document whatever the order and however often each
// delta arrived (test/emulator/regions/merge.test.ts checks this with fast-check).
// Replication ships deltas (a state with only the registers a write touched).

export interface FieldRegister {
  /** Encoded HLC of the write. */
  readonly t: string;
  /** The value; absent when the write removed the field. */
  readonly v?: unknown;
}

export interface ResetRegister {
  /** Encoded HLC of the insert, replace or remove. */
  readonly t: string;
  /** true after an insert or replace, false after a remove. */
  readonly live: boolean;
}

/** A document replica (or a delta): JSON-serialisable as is. */
export interface DocState {
  readonly fields: Readonly<Record<string, FieldRegister>>;
  readonly reset?: ResetRegister;
}

export interface ApplyResult {
  readonly state: DocState;
  /** Incoming registers that lost to newer local ones (LWW losers): the conflicts resolved. */
  readonly conflicts: number;
  /** Whether the local state changed (false on a redelivered or fully outdated delta). */
  readonly changed: boolean;
}

/** Attributes the server owns: never merged as fields. */
const SYSTEM_FIELDS: ReadonlySet<string> = new Set(['_key', '_id', '_rev']);

export const EMPTY_STATE: DocState = { fields: {} };

/** The delta of an insert or replace at `t`: the document becomes exactly `body`. */
export function putDelta(t: string, body: Readonly<Record<string, unknown>>): DocState {
  const fields = userEntries(body).map(([k, v]): [string, FieldRegister] => [k, { t, v }]);
  return { fields: Object.fromEntries(fields), reset: { t, live: true } };
}

/**
 * The delta of an update at `t`, from the document before and after it (so the caller
 * keeps its own keepNull/mergeObjects logic): changed or added fields get the new value,
 * removed fields a register without one; unchanged fields are not touched, so a
 * concurrent write to them elsewhere is not overridden.
 */
export function updateDelta(t: string, before: Readonly<Record<string, unknown>> | undefined, after: Readonly<Record<string, unknown>>): DocState {
  const out: [string, FieldRegister][] = [];
  for (const [k, v] of userEntries(after)) {
    if (!before || !Object.hasOwn(before, k) || canonicalJson(before[k]) !== canonicalJson(v)) out.push([k, { t, v }]);
  }
  if (before) {
    for (const [k] of userEntries(before)) if (!Object.hasOwn(after, k)) out.push([k, { t }]);
  }
  return { fields: Object.fromEntries(out) };
}

/** The delta of a remove at `t`. */
export function removeDelta(t: string): DocState {
  return { fields: {}, reset: { t, live: false } };
}

/** Join of two states (or a state and a delta). Commutative, associative, idempotent. */
export function mergeStates(a: DocState, b: DocState): DocState {
  return applyDelta(a, b).state;
}

/** Merges a delta into a local state, counting the incoming registers that lost. */
export function applyDelta(local: DocState | undefined, delta: DocState): ApplyResult {
  const base = local ?? EMPTY_STATE;
  let conflicts = 0;
  let changed = false;

  let reset = base.reset;
  if (delta.reset) {
    const c = reset ? compareReset(delta.reset, reset) : 1;
    if (c > 0) {
      reset = delta.reset;
      changed = true;
    } else if (c < 0) conflicts++;
  }

  const merged = new Map<string, FieldRegister>();
  // Registers older than the reset can never become visible again: drop them so states
  // stay small and equal states have equal shapes.
  for (const [k, r] of Object.entries(base.fields)) {
    if (reset && r.t < reset.t) changed = true;
    else merged.set(k, r);
  }
  for (const [k, incoming] of Object.entries(delta.fields)) {
    if (reset && incoming.t < reset.t) {
      conflicts++;
      continue;
    }
    const mine = merged.get(k);
    const c = mine ? compareField(incoming, mine) : 1;
    if (c > 0) {
      merged.set(k, incoming);
      changed = true;
    } else if (c < 0 && incoming.t !== mine!.t) conflicts++;
  }
  const fields = Object.fromEntries(merged);
  return { state: reset ? { fields, reset } : { fields }, conflicts, changed };
}

/** The document a state shows (user fields only), or undefined when it is deleted or empty. */
export function materialize(state: DocState): Record<string, unknown> | undefined {
  const reset = state.reset;
  const visible: [string, unknown][] = [];
  let resurrected = false;
  for (const [k, r] of Object.entries(state.fields)) {
    if (reset && r.t < reset.t) continue;
    if (!Object.hasOwn(r, 'v')) continue;
    visible.push([k, r.v]);
    if (!reset || r.t > reset.t) resurrected = true;
  }
  if (reset?.live !== true && !resurrected) return undefined;
  return Object.fromEntries(visible);
}

/** Latest timestamp in a state: equal on every converged replica, so usable as a revision. */
export function versionOf(state: DocState): string {
  let v = state.reset?.t ?? '';
  for (const r of Object.values(state.fields)) if (r.t > v) v = r.t;
  return v;
}

/** JSON with object keys sorted: equal values give equal strings (digests, tie-breaks). */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

function userEntries(body: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(body).filter(([k, v]) => !SYSTEM_FIELDS.has(k) && v !== undefined);
}

// Equal timestamps mean the same write, except in hand-built states; the value (or the
// live flag) then decides, so the order stays total and the merge commutative anyway.
function compareField(a: FieldRegister, b: FieldRegister): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  const av = Object.hasOwn(a, 'v') ? canonicalJson(a.v) : '';
  const bv = Object.hasOwn(b, 'v') ? canonicalJson(b.v) : '';
  return av < bv ? -1 : av > bv ? 1 : 0;
}

function compareReset(a: ResetRegister, b: ResetRegister): number {
  if (a.t !== b.t) return a.t < b.t ? -1 : 1;
  return a.live === b.live ? 0 : a.live ? 1 : -1;
}
