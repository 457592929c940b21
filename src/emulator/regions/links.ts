// The simulated network between regions. Every inter-region message (spot routing
// requests and replies, replication) crosses one Link per ordered region pair, so
// delay, jitter, partitions, downed regions, extra lag and drops act the same on all
// traffic (specs/emulator.md §4).
//
//  * One-way delay = (2 ms + great-circle km / 100) × latencyScale, plus seeded jitter
//    in [0, jitterRatio × that]. latencyScale 0 removes simulated delay entirely.
//  * Fault lag (FaultState.setLag) and the caller's extraDelayMs (replication lag) are
//    explicit milliseconds and are NOT scaled, so a test at latencyScale 0 can still
//    open a precise lag window.
//  * FIFO per link: a message is due at max(due time of the previous message, now +
//    delay), so jitter never reorders a link (GDN streams are ordered per producer).
//  * A blocked link (partition, region down) keeps its queue; delivery resumes in order
//    once the fault heals. A message can be cancelled while still queued (a spot
//    request whose caller gave up), and may be dropped at delivery time.
//  * All waiting goes through the injected Clock; a message already due is delivered on
//    a microtask, so zero-delay traffic does not depend on the clock's timers at all.
import type { Clock, Timer } from '../clock.js';
import type { FaultState } from './faults.js';

export interface RegionPoint {
  readonly name: string;
  readonly location: { readonly latitude: number; readonly longitude: number };
}

export interface LinkNetworkOptions {
  readonly regions: readonly RegionPoint[];
  readonly clock: Clock;
  /** Seeded PRNG in [0, 1): jitter and drops. */
  readonly random: () => number;
  readonly latencyScale: number;
  readonly faults: FaultState;
  /** Jitter bound as a fraction of the scaled base delay; default 0.1. */
  readonly jitterRatio?: number;
}

export type DeliveryOutcome = 'delivered' | 'dropped' | 'cancelled' | 'failed';

export interface Delivery {
  readonly outcome: DeliveryOutcome;
  /** What the receiver threw, when the outcome is 'failed'. */
  readonly error?: unknown;
}

export interface SendOptions {
  /** Added to this message's delay in real ms (replication lag); not scaled. */
  readonly extraDelayMs?: number;
  /** Label for stats ('replication', 'spot-request', …). */
  readonly kind?: string;
}

export interface SendHandle {
  /** Settles when the message is delivered, dropped, cancelled, or its receiver threw. */
  readonly done: Promise<Delivery>;
  /** Withdraws the message if it is still queued; true when it was withdrawn. */
  cancel(): boolean;
}

export interface LinkStats {
  readonly from: string;
  readonly to: string;
  /** Scaled base one-way delay without jitter or fault lag. */
  readonly delayMs: number;
  readonly faultLagMs: number;
  /** Whether a fault currently blocks the link. */
  readonly blocked: boolean;
  readonly queued: number;
  /** Age of the oldest queued message in ms (0 when empty). */
  readonly oldestPendingMs: number;
  readonly queuedByKind: Readonly<Record<string, number>>;
  readonly delivered: number;
  readonly dropped: number;
}

interface Pending {
  readonly sentAt: number;
  readonly dueAt: number;
  readonly kind: string;
  readonly receive: () => void;
  readonly settle: (d: Delivery) => void;
}

interface Link {
  readonly from: string;
  readonly to: string;
  readonly delayMs: number;
  readonly queue: Pending[];
  /** Due time of the last message sent: the FIFO floor for the next one. */
  lastDueAt: number;
  timer: Timer | undefined;
  microtask: boolean;
  delivered: number;
  dropped: number;
}

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: RegionPoint['location'], b: RegionPoint['location']): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Unscaled one-way delay: a fixed 2 ms plus 1 ms per 100 km (illustrative, not measured). */
export function baseDelayMs(a: RegionPoint['location'], b: RegionPoint['location']): number {
  return 2 + distanceKm(a, b) / 100;
}

export class LinkNetwork {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #faults: FaultState;
  readonly #jitterRatio: number;
  readonly #links = new Map<string, Link>();
  #closed = false;

  constructor(opts: LinkNetworkOptions) {
    if (!(opts.latencyScale >= 0)) throw new Error('latency scale must be >= 0');
    this.#clock = opts.clock;
    this.#random = opts.random;
    this.#faults = opts.faults;
    this.#jitterRatio = opts.jitterRatio ?? 0.1;
    for (const a of opts.regions) {
      for (const b of opts.regions) {
        if (a.name === b.name) continue;
        this.#links.set(`${a.name}>${b.name}`, {
          from: a.name,
          to: b.name,
          delayMs: baseDelayMs(a.location, b.location) * opts.latencyScale,
          queue: [],
          lastDueAt: 0,
          timer: undefined,
          microtask: false,
          delivered: 0,
          dropped: 0,
        });
      }
    }
    // A healed fault may unblock queues. #schedule never delivers synchronously, so a
    // fault changed from inside a delivery does not re-enter that delivery's loop.
    opts.faults.onChange(() => {
      for (const link of this.#links.values()) this.#schedule(link);
    });
  }

  /** Scaled one-way delay of the link without jitter or faults. */
  delayMs(from: string, to: string): number {
    return this.#link(from, to).delayMs;
  }

  /** Whether a message could cross the link now (no partition, both regions up). */
  canDeliver(from: string, to: string): boolean {
    return this.#faults.canDeliver(from, to);
  }

  /**
   * Queues a message; `receive` runs in the destination region when it arrives. A
   * receiver that throws settles the handle as 'failed' (the link keeps going).
   */
  send(from: string, to: string, receive: () => void, opts: SendOptions = {}): SendHandle {
    const link = this.#link(from, to);
    let settle!: (d: Delivery) => void;
    const done = new Promise<Delivery>((resolve) => (settle = resolve));
    if (this.#closed) {
      settle({ outcome: 'cancelled' });
      return { done, cancel: () => false };
    }
    const now = this.#clock.now();
    const jitter = link.delayMs * this.#jitterRatio * this.#random();
    const delay = link.delayMs + jitter + this.#faults.lagMs(from, to) + Math.max(0, opts.extraDelayMs ?? 0);
    const dueAt = Math.max(link.lastDueAt, now + delay);
    link.lastDueAt = dueAt;
    const pending: Pending = { sentAt: now, dueAt, kind: opts.kind ?? 'message', receive, settle };
    link.queue.push(pending);
    if (link.queue.length === 1) this.#schedule(link);
    return {
      done,
      cancel: () => {
        const i = link.queue.indexOf(pending);
        if (i < 0) return false;
        link.queue.splice(i, 1);
        settle({ outcome: 'cancelled' });
        if (i === 0) this.#schedule(link);
        return true;
      },
    };
  }

  /** Messages queued from `from` to `to` (all kinds, or one kind). */
  queued(from: string, to: string, kind?: string): number {
    const q = this.#link(from, to).queue;
    return kind === undefined ? q.length : q.filter((p) => p.kind === kind).length;
  }

  stats(): LinkStats[] {
    const now = this.#clock.now();
    return [...this.#links.values()].map((l) => {
      const byKind: Record<string, number> = {};
      for (const p of l.queue) byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
      return {
        from: l.from,
        to: l.to,
        delayMs: round(l.delayMs),
        faultLagMs: this.#faults.lagMs(l.from, l.to),
        blocked: !this.#faults.canDeliver(l.from, l.to),
        queued: l.queue.length,
        oldestPendingMs: l.queue[0] ? Math.max(0, now - l.queue[0].sentAt) : 0,
        queuedByKind: byKind,
        delivered: l.delivered,
        dropped: l.dropped,
      };
    });
  }

  /** Cancels every queued message and timer (emulator shutdown). */
  close(): void {
    this.#closed = true;
    for (const link of this.#links.values()) {
      if (link.timer) this.#clock.clearTimeout(link.timer);
      link.timer = undefined;
      for (const p of link.queue.splice(0)) p.settle({ outcome: 'cancelled' });
    }
  }

  #link(from: string, to: string): Link {
    const link = this.#links.get(`${from}>${to}`);
    if (!link) throw new Error(`no link from '${from}' to '${to}'`);
    return link;
  }

  // Arms the link for its head message: a timer when it is not due yet (set right away,
  // so a ManualClock advanced just after send() fires it), a microtask when it is due.
  // Never delivers synchronously, so a sender's code after send() runs first.
  #schedule(link: Link): void {
    const head = link.queue[0];
    if (!head || this.#closed || !this.#faults.canDeliver(link.from, link.to)) return;
    const wait = head.dueAt - this.#clock.now();
    if (this.#notDue(wait)) {
      this.#arm(link, wait);
      return;
    }
    if (link.microtask) return;
    link.microtask = true;
    queueMicrotask(() => {
      link.microtask = false;
      this.#pump(link);
    });
  }

  // A wait shorter than the clock's resolution is not worth a timer: the system clock's
  // timers fire on whole milliseconds, so a timer that fires a fraction early used to be
  // re-armed and land up to 1 ms late, on most messages (~1-2 ms added to every spot round
  // trip; docs/performance.md, benchmark 5). Delivering now is off by less than that.
  #notDue(wait: number): boolean {
    return wait > 0 && wait >= (this.#clock.resolutionMs ?? 0);
  }

  #arm(link: Link, wait: number): void {
    if (link.timer) this.#clock.clearTimeout(link.timer);
    link.timer = this.#clock.setTimeout(() => {
      link.timer = undefined;
      this.#pump(link);
    }, wait);
  }

  #pump(link: Link): void {
    if (link.timer) this.#clock.clearTimeout(link.timer);
    link.timer = undefined;
    while (!this.#closed) {
      const head = link.queue[0];
      if (!head || !this.#faults.canDeliver(link.from, link.to)) return;
      const wait = head.dueAt - this.#clock.now();
      if (this.#notDue(wait)) {
        this.#arm(link, wait);
        return;
      }
      link.queue.shift();
      const p = this.#faults.dropProbability(link.from, link.to);
      if (p > 0 && this.#random() < p) {
        link.dropped++;
        head.settle({ outcome: 'dropped' });
        continue;
      }
      link.delivered++;
      try {
        head.receive();
        head.settle({ outcome: 'delivered' });
      } catch (error) {
        head.settle({ outcome: 'failed', error });
      }
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
