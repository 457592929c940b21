// Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014): a timestamp
// is (wall ms, counter, node). It stays close to the injected Clock, never goes
// backwards, and is greater than every timestamp the node has seen, so cause sorts
// before effect across regions even when region clocks disagree (GDN documents the
// same property for `_rev`). The node (region name) makes timestamps unique and breaks
// ties, which is the "ties broken by region name" rule of the merge.
import type { Clock } from '../clock.js';

export interface Hlc {
  /** Physical component, ms since the epoch. */
  readonly wall: number;
  /** Logical counter for events within the same wall millisecond. */
  readonly counter: number;
  /** Region name. */
  readonly node: string;
}

// Fixed-width hex so that plain string order equals timestamp order: 12 digits of wall
// clock last until the year 10889, 8 digits of counter allow 4 billion events per ms.
const WALL_DIGITS = 12;
const COUNTER_DIGITS = 8;
const MAX_WALL = 16 ** WALL_DIGITS - 1;
const MAX_COUNTER = 16 ** COUNTER_DIGITS - 1;
const ENCODED = /^([0-9a-f]{12})\.([0-9a-f]{8})\.(.+)$/;

/** Total order: wall, then counter, then node name. */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/** `wall.counter.node`, fixed-width hex: comparing encodings as strings = compareHlc. */
export function encodeHlc(h: Hlc): string {
  return `${h.wall.toString(16).padStart(WALL_DIGITS, '0')}.${h.counter.toString(16).padStart(COUNTER_DIGITS, '0')}.${h.node}`;
}

export function decodeHlc(s: string): Hlc {
  const m = ENCODED.exec(s);
  if (!m) throw new Error(`not an HLC timestamp: '${s}'`);
  return { wall: parseInt(m[1]!, 16), counter: parseInt(m[2]!, 16), node: m[3]! };
}

export interface HybridClockOptions {
  /** Restores the last issued timestamp after a restart, so no timestamp is reused. */
  readonly last?: Hlc;
  /** Fault knob: this node's physical clock runs this many ms ahead (negative: behind). */
  readonly skewMs?: number;
}

/** One region's HLC. */
export class HybridClock {
  readonly node: string;
  readonly #clock: Clock;
  #wall: number;
  #counter: number;
  skewMs: number;

  constructor(clock: Clock, node: string, opts: HybridClockOptions = {}) {
    if (node.length === 0) throw new Error('an HLC node name must not be empty');
    this.#clock = clock;
    this.node = node;
    this.#wall = opts.last?.wall ?? 0;
    this.#counter = opts.last?.counter ?? 0;
    this.skewMs = opts.skewMs ?? 0;
  }

  /** The last timestamp issued or observed (wall 0 before the first event). */
  get last(): Hlc {
    return { wall: this.#wall, counter: this.#counter, node: this.node };
  }

  /** A fresh timestamp for a local event (a write): greater than every earlier one. */
  now(): Hlc {
    return this.#advance(undefined);
  }

  /** Merges a timestamp received from another node; returns a local timestamp above both. */
  receive(remote: Hlc): Hlc {
    return this.#advance(remote);
  }

  #advance(remote: Hlc | undefined): Hlc {
    const physical = Math.min(MAX_WALL, Math.max(0, Math.floor(this.#clock.now() + this.skewMs)));
    const prevWall = this.#wall;
    const remoteWall = remote?.wall ?? -1;
    let wall = Math.max(physical, prevWall, remoteWall);
    let counter = 0;
    if (wall === prevWall) counter = this.#counter + 1;
    if (remote && wall === remoteWall) counter = Math.max(counter, remote.counter + 1);
    // Only reachable after billions of events in one ms: borrow the next millisecond
    // rather than fail a write; order is still preserved.
    if (counter > MAX_COUNTER) {
      wall += 1;
      counter = 0;
    }
    this.#wall = wall;
    this.#counter = counter;
    return { wall, counter, node: this.node };
  }
}
