// Time and randomness are injected so lag, TTLs, revisions and jitter are
// deterministic in tests (design rule 6). Production uses the real clock and a
// seeded PRNG; tests pass a ManualClock and a fixed seed.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(timer: Timer): void;
  /**
   * Shortest wait the timers can honour (Node's: 1 ms, and `now()` ticks in whole ms). Work due
   * sooner than this is done now: re-arming for a fraction of a millisecond overshoots by up to a
   * whole one. Absent (ManualClock): exact.
   */
  readonly resolutionMs?: number;
}

export interface Timer {
  readonly id: number;
}

export const systemClock: Clock = (() => {
  const handles = new Map<number, NodeJS.Timeout>();
  let next = 1;
  return {
    resolutionMs: 1,
    now: () => Date.now(),
    setTimeout(fn, ms) {
      const id = next++;
      const h = setTimeout(() => {
        handles.delete(id);
        fn();
      }, ms);
      h.unref?.();
      handles.set(id, h);
      return { id };
    },
    clearTimeout(timer) {
      const h = handles.get(timer.id);
      if (h) clearTimeout(h);
      handles.delete(timer.id);
    },
  };
})();

/** A clock that moves only when told to; timers fire in time order on advance(). */
export class ManualClock implements Clock {
  #now: number;
  #next = 1;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    const id = this.#next++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(timer: Timer): void {
    this.#timers.delete(timer.id);
  }

  /** Moves time forward, firing due timers in order (timers they schedule fire too). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let dueId = -1;
      let dueAt = Infinity;
      for (const [id, t] of this.#timers) {
        if (t.at <= target && (t.at < dueAt || (t.at === dueAt && id < dueId))) {
          dueId = id;
          dueAt = t.at;
        }
      }
      if (dueId < 0) break;
      const t = this.#timers.get(dueId)!;
      this.#timers.delete(dueId);
      this.#now = Math.max(this.#now, t.at);
      t.fn();
    }
    this.#now = target;
  }
}

export { seededRandom } from '../wire/random.js';
