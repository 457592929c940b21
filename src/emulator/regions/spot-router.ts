// Spot routing: an operation on a spot collection that must run at the fabric's spot
// region (every write, and reads flagged strongConsistency) travels there over the
// simulated links, runs, and its reply travels back. The caller pays the round trip;
// faults on the links act on it exactly as on replication.
//
// Failure replies (reference/consistency-and-emulators.md §4.7 fault table; the codes
// are our choice, GDN documents none):
//  * spot region known down (FaultState.setDown) → 503/1478 at once, nothing executed;
//    also for requests still queued when the region goes down.
//  * no reply within the timeout (partition, lag, drops) → 504/1457 "outcome unknown".
//    A request still queued on the link is withdrawn, so it never runs later; one that
//    already ran at the spot region stays committed (its reply was what got stuck).
//  * the client went away → the queued request is withdrawn as well.
import { ErrorNum } from '../../wire/codes.js';
import type { Clock } from '../clock.js';
import { GdnError } from '../errors.js';
import type { FaultState } from './faults.js';
import type { LinkNetwork, SendHandle } from './links.js';

export interface SpotRouterOptions {
  readonly links: LinkNetwork;
  readonly faults: FaultState;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

export interface RouteStats {
  /** Operations executed at the spot region for another region. */
  readonly routed: number;
  /** 504 replies: the caller cannot know whether the operation ran. */
  readonly timedOut: number;
  /** 503 replies: spot region known down. */
  readonly unavailable: number;
}

export const spotUnavailable = (spot: string): GdnError =>
  new GdnError(503, ErrorNum.CLUSTER_BACKEND_UNAVAILABLE, `spot region '${spot}' is unavailable`);

export const spotTimeout = (spot: string, ms: number): GdnError =>
  new GdnError(504, ErrorNum.CLUSTER_TIMEOUT, `timeout after ${ms} ms waiting for spot region '${spot}'; the operation may or may not have been applied`);

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting {
  readonly spot: string;
  /** Withdraws the request if it is still queued; true when it was. */
  withdraw(): boolean;
  fail(error: GdnError): void;
}

export class SpotRouter {
  readonly #o: SpotRouterOptions;
  #routed = 0;
  #timedOut = 0;
  #unavailable = 0;
  readonly #waiting = new Set<Waiting>();

  constructor(opts: SpotRouterOptions) {
    this.#o = opts;
    // A spot region taken down fails the requests still on their way to it at once.
    opts.faults.onChange(() => {
      for (const w of this.#waiting) {
        if (opts.faults.isDown(w.spot) && w.withdraw()) {
          this.#unavailable++;
          w.fail(spotUnavailable(w.spot));
        }
      }
    });
  }

  get stats(): RouteStats {
    return { routed: this.#routed, timedOut: this.#timedOut, unavailable: this.#unavailable };
  }

  /**
   * Runs `work` at `spot` on behalf of a request that entered at `entry`, and resolves
   * with its result (or rejects with what it threw) once the reply is back at `entry`.
   * `work` runs synchronously in one event-loop turn, so it is the linearization point.
   */
  run<T>(entry: string, spot: string, work: () => T, signal?: AbortSignal): Promise<T> {
    if (entry === spot) return Promise.resolve().then(work);
    const { links, faults, clock, timeoutMs } = this.#o;
    if (faults.isDown(spot)) {
      this.#unavailable++;
      return Promise.reject(spotUnavailable(spot));
    }
    return new Promise<T>((resolve, reject) => {
      let reply: SendHandle | undefined;
      let finished = false;
      const finish = (): boolean => {
        if (finished) return false;
        finished = true;
        clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiting.delete(waiting);
        return true;
      };
      const request = links.send(
        entry,
        spot,
        () => {
          let outcome: Outcome<T>;
          try {
            outcome = { ok: true, value: work() };
          } catch (error) {
            outcome = { ok: false, error };
          }
          this.#routed++;
          reply = links.send(
            spot,
            entry,
            () => {
              if (!finish()) return;
              if (outcome.ok) resolve(outcome.value);
              else reject(outcome.error);
            },
            { kind: 'spot-reply' },
          );
        },
        { kind: 'spot-request' },
      );
      const giveUp = (error: GdnError): void => {
        if (!finish()) return;
        request.cancel();
        reply?.cancel();
        reject(error);
      };
      const waiting: Waiting = {
        spot,
        withdraw: () => request.cancel(),
        fail: (error) => {
          if (finish()) reject(error);
        },
      };
      this.#waiting.add(waiting);
      const timer = clock.setTimeout(() => {
        this.#timedOut++;
        giveUp(spotTimeout(spot, timeoutMs));
      }, timeoutMs);
      // 21 is ArangoDB's ERROR_REQUEST_CANCELED; the client is gone, so nobody reads it.
      const onAbort = (): void => giveUp(new GdnError(499, 21, 'request canceled'));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
