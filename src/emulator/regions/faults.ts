// Runtime fault state of the simulated network: partitions, regions taken down, extra
// lag and drop rate per link. Links (links.ts) consult it on every delivery, so spot
// routing and replication see the same faults (specs/emulator.md §4). Faults are
// runtime state only: a restart heals them (queued outbox rows, in SQLite, survive).
import { badParameter } from '../errors.js';

export interface LinkFault {
  readonly from: string;
  readonly to: string;
}

export interface FaultSnapshot {
  /** Groups that cannot reach each other; empty when there is no partition. */
  readonly partitions: readonly (readonly string[])[];
  readonly down: readonly string[];
  readonly lag: readonly (LinkFault & { readonly ms: number })[];
  readonly drop: readonly (LinkFault & { readonly probability: number })[];
}

export type FaultListener = () => void;

const linkId = (from: string, to: string): string => `${from}>${to}`;

export class FaultState {
  readonly #regions: readonly string[];
  /** Region → partition group number; empty map = no partition. */
  #group = new Map<string, number>();
  #groups: string[][] = [];
  readonly #down = new Set<string>();
  readonly #lag = new Map<string, number>();
  readonly #drop = new Map<string, number>();
  readonly #listeners: FaultListener[] = [];

  constructor(regions: readonly string[]) {
    this.#regions = regions;
  }

  /** Called after every change (links re-check their queues; datacenter status changes). */
  onChange(fn: FaultListener): void {
    this.#listeners.push(fn);
  }

  /**
   * Splits the regions into groups that cannot reach each other (both directions).
   * Regions not named in any group form one more group together, so `[["us-east"]]`
   * cuts us-east off from everyone else. Replaces any earlier partition.
   */
  partition(groups: readonly (readonly string[])[]): void {
    const seen = new Set<string>();
    const named: string[][] = [];
    for (const g of groups) {
      if (g.length === 0) continue;
      for (const r of g) {
        this.#check(r);
        if (seen.has(r)) throw badParameter(`region '${r}' is in more than one partition group`);
        seen.add(r);
      }
      named.push([...g]);
    }
    const rest = this.#regions.filter((r) => !seen.has(r));
    if (rest.length > 0) named.push(rest);
    if (named.length < 2) throw badParameter('a partition needs at least two groups of regions');
    this.#groups = named;
    this.#group = new Map(named.flatMap((g, i) => g.map((r): [string, number] => [r, i])));
    this.#changed();
  }

  /** Takes a region down: its listener refuses and nothing reaches it or leaves it. */
  setDown(region: string, down: boolean): void {
    this.#check(region);
    if (down) this.#down.add(region);
    else this.#down.delete(region);
    this.#changed();
  }

  /** Extra one-way delay on a link, in real milliseconds (not scaled); 0 removes it. */
  setLag(from: string, to: string, ms: number): void {
    this.#checkLink(from, to);
    if (!Number.isFinite(ms) || ms < 0) throw badParameter('lag must be a number of milliseconds >= 0');
    if (ms === 0) this.#lag.delete(linkId(from, to));
    else this.#lag.set(linkId(from, to), ms);
    this.#changed();
  }

  /** Probability in [0, 1] that a message on the link is lost; 0 removes it. */
  setDrop(from: string, to: string, probability: number): void {
    this.#checkLink(from, to);
    if (!(probability >= 0 && probability <= 1)) throw badParameter('drop probability must be between 0 and 1');
    if (probability === 0) this.#drop.delete(linkId(from, to));
    else this.#drop.set(linkId(from, to), probability);
    this.#changed();
  }

  /** Clears every fault. */
  heal(): void {
    this.#group = new Map();
    this.#groups = [];
    this.#down.clear();
    this.#lag.clear();
    this.#drop.clear();
    this.#changed();
  }

  isDown(region: string): boolean {
    return this.#down.has(region);
  }

  /** True when a and b are in different partition groups. */
  partitioned(a: string, b: string): boolean {
    const ga = this.#group.get(a);
    const gb = this.#group.get(b);
    return ga !== undefined && gb !== undefined && ga !== gb;
  }

  /** Whether a message can cross the link now. */
  canDeliver(from: string, to: string): boolean {
    return !this.#down.has(from) && !this.#down.has(to) && !this.partitioned(from, to);
  }

  lagMs(from: string, to: string): number {
    return this.#lag.get(linkId(from, to)) ?? 0;
  }

  dropProbability(from: string, to: string): number {
    return this.#drop.get(linkId(from, to)) ?? 0;
  }

  get active(): boolean {
    return this.#groups.length > 0 || this.#down.size > 0 || this.#lag.size > 0 || this.#drop.size > 0;
  }

  snapshot(): FaultSnapshot {
    const split = (id: string): LinkFault => {
      const [from = '', to = ''] = id.split('>');
      return { from, to };
    };
    return {
      partitions: this.#groups.map((g) => [...g]),
      down: [...this.#down],
      lag: [...this.#lag].map(([id, ms]) => ({ ...split(id), ms })),
      drop: [...this.#drop].map(([id, probability]) => ({ ...split(id), probability })),
    };
  }

  #check(region: string): void {
    if (!this.#regions.includes(region)) {
      throw badParameter(`unknown region '${region}'; valid regions: ${this.#regions.join(', ')}`);
    }
  }

  #checkLink(from: string, to: string): void {
    this.#check(from);
    this.#check(to);
    if (from === to) throw badParameter('a link joins two different regions');
  }

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }
}
