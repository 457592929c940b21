import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../../src/emulator/clock.js';
import { RegionCatalog } from '../../../src/emulator/regions/catalog.js';
import { FaultState } from '../../../src/emulator/regions/faults.js';
import { baseDelayMs, distanceKm, LinkNetwork } from '../../../src/emulator/regions/links.js';

const REGIONS = ['us-east', 'eu-west', 'ap-south'];
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function network(opts: { latencyScale?: number; seed?: number; jitterRatio?: number } = {}) {
  const clock = new ManualClock(0);
  const catalog = new RegionCatalog(REGIONS);
  const faults = new FaultState(REGIONS);
  const net = new LinkNetwork({
    regions: catalog.list,
    clock,
    random: seededRandom(opts.seed ?? 1),
    latencyScale: opts.latencyScale ?? 1,
    faults,
    ...(opts.jitterRatio === undefined ? {} : { jitterRatio: opts.jitterRatio }),
  });
  return { clock, catalog, faults, net };
}

describe('latency model', () => {
  it('derives one-way delay from coordinates: about 2 ms + km/100', () => {
    const { catalog, net } = network();
    const east = catalog.get('us-east')!.location;
    const west = catalog.get('eu-west')!.location;
    const km = distanceKm(east, west);
    expect(km).toBeGreaterThan(5300);
    expect(km).toBeLessThan(5600);
    expect(net.delayMs('us-east', 'eu-west')).toBeCloseTo(2 + km / 100, 6);
    expect(net.delayMs('eu-west', 'us-east')).toBeCloseTo(net.delayMs('us-east', 'eu-west'), 6);
    expect(baseDelayMs(east, east)).toBe(2);
  });

  it('scales with latencyScale, and 0 removes the delay', () => {
    const half = network({ latencyScale: 0.5 }).net;
    const full = network({ latencyScale: 1 }).net;
    expect(half.delayMs('us-east', 'ap-south')).toBeCloseTo(full.delayMs('us-east', 'ap-south') / 2, 6);
    expect(network({ latencyScale: 0 }).net.delayMs('us-east', 'ap-south')).toBe(0);
  });

  it('delivers after the delay and not before', () => {
    const { clock, net } = network({ jitterRatio: 0 });
    const got: string[] = [];
    net.send('us-east', 'eu-west', () => got.push('m'));
    const d = net.delayMs('us-east', 'eu-west');
    clock.advance(Math.floor(d) - 1);
    expect(got).toEqual([]);
    clock.advance(2);
    expect(got).toEqual(['m']);
  });

  it('delivers zero-delay messages on a microtask, without the clock', async () => {
    const { net } = network({ latencyScale: 0 });
    const got: number[] = [];
    const h = net.send('us-east', 'eu-west', () => got.push(1));
    expect(got).toEqual([]);
    expect(await h.done).toEqual({ outcome: 'delivered' });
    expect(got).toEqual([1]);
  });

  it('adds unscaled extra delay per message', async () => {
    const { clock, net } = network({ latencyScale: 0 });
    const got: number[] = [];
    net.send('us-east', 'eu-west', () => got.push(1), { extraDelayMs: 50 });
    clock.advance(49);
    await tick();
    expect(got).toEqual([]);
    clock.advance(1);
    expect(got).toEqual([1]);
  });

  it('jitter is seeded: same seed, same delivery times', () => {
    const times = (seed: number): number[] => {
      const { clock, net } = network({ seed, jitterRatio: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 5; i++) {
        clock.advance(100);
        net.send('us-east', 'ap-south', () => out.push(clock.now()));
      }
      clock.advance(10_000);
      return out;
    };
    expect(times(7)).toEqual(times(7));
    expect(times(7)).not.toEqual(times(8));
  });
});

describe('FIFO per link', () => {
  it('never lets a message overtake an earlier one on the same link, whatever the jitter', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 40 }), (seed, gaps) => {
        const { clock, net } = network({ seed, jitterRatio: 3 });
        const got: number[] = [];
        gaps.forEach((gap, i) => {
          clock.advance(gap);
          net.send('us-east', 'ap-south', () => got.push(i));
        });
        clock.advance(100_000);
        expect(got).toEqual(gaps.map((_, i) => i));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps FIFO when a later message asks for less extra delay', () => {
    const { clock, net } = network({ latencyScale: 0 });
    const got: string[] = [];
    net.send('us-east', 'eu-west', () => got.push('slow'), { extraDelayMs: 100 });
    net.send('us-east', 'eu-west', () => got.push('fast'));
    clock.advance(100);
    expect(got).toEqual(['slow', 'fast']);
  });
});

describe('faults on links', () => {
  it('queues across a partition and delivers in order after heal', async () => {
    const { clock, faults, net } = network();
    faults.partition([['us-east']]);
    const got: number[] = [];
    net.send('us-east', 'eu-west', () => got.push(1));
    net.send('us-east', 'eu-west', () => got.push(2));
    let west = 0;
    net.send('eu-west', 'ap-south', () => west++);
    clock.advance(10_000);
    expect(got).toEqual([]);
    expect(west).toBe(1);
    const s = net.stats().find((l) => l.from === 'us-east' && l.to === 'eu-west')!;
    expect(s).toMatchObject({ queued: 2, blocked: true, oldestPendingMs: 10_000 });
    faults.heal();
    await tick();
    expect(got).toEqual([1, 2]);
    expect(net.stats().find((l) => l.from === 'us-east' && l.to === 'eu-west')).toMatchObject({ queued: 0, blocked: false, delivered: 2 });
  });

  it('blocks every link of a region that is down', async () => {
    const { faults, net } = network({ latencyScale: 0 });
    faults.setDown('ap-south', true);
    let n = 0;
    net.send('us-east', 'ap-south', () => n++);
    net.send('ap-south', 'eu-west', () => n++);
    net.send('us-east', 'eu-west', () => n++);
    await tick();
    expect(n).toBe(1);
    expect(net.canDeliver('us-east', 'ap-south')).toBe(false);
  });

  it('adds fault lag to new messages on that link only', async () => {
    const { clock, faults, net } = network({ latencyScale: 0 });
    faults.setLag('us-east', 'eu-west', 200);
    const got: string[] = [];
    net.send('us-east', 'eu-west', () => got.push('lagged'));
    net.send('eu-west', 'us-east', () => got.push('back'));
    await tick();
    expect(got).toEqual(['back']);
    clock.advance(200);
    expect(got).toEqual(['back', 'lagged']);
  });

  it('cancels a queued message, and cannot cancel a delivered one', async () => {
    const { faults, net } = network({ latencyScale: 0 });
    faults.partition([['us-east'], ['eu-west', 'ap-south']]);
    let n = 0;
    const a = net.send('us-east', 'eu-west', () => n++);
    const b = net.send('us-east', 'eu-west', () => n++);
    expect(a.cancel()).toBe(true);
    expect(await a.done).toEqual({ outcome: 'cancelled' });
    faults.heal();
    expect(await b.done).toEqual({ outcome: 'delivered' });
    expect(b.cancel()).toBe(false);
    expect(n).toBe(1);
  });

  it('drops messages with the configured probability, seeded', async () => {
    const { faults, net } = network({ latencyScale: 0, seed: 3 });
    faults.setDrop('us-east', 'eu-west', 0.5);
    const handles = Array.from({ length: 200 }, () => net.send('us-east', 'eu-west', () => undefined));
    const outcomes = await Promise.all(handles.map((h) => h.done));
    const dropped = outcomes.filter((o) => o.outcome === 'dropped').length;
    expect(dropped).toBeGreaterThan(60);
    expect(dropped).toBeLessThan(140);
    expect(net.stats().find((l) => l.from === 'us-east' && l.to === 'eu-west')!.dropped).toBe(dropped);
  });

  it('reports a receiver that throws as failed and keeps the link going', async () => {
    const { net } = network({ latencyScale: 0 });
    const boom = new Error('boom');
    const a = net.send('us-east', 'eu-west', () => {
      throw boom;
    });
    const b = net.send('us-east', 'eu-west', () => undefined);
    expect(await a.done).toEqual({ outcome: 'failed', error: boom });
    expect(await b.done).toEqual({ outcome: 'delivered' });
  });

  it('counts queued messages by kind and cancels everything on close', async () => {
    const { faults, net } = network({ latencyScale: 0 });
    faults.setDown('eu-west', true);
    const h = net.send('us-east', 'eu-west', () => undefined, { kind: 'replication' });
    net.send('us-east', 'eu-west', () => undefined, { kind: 'spot-request' });
    expect(net.queued('us-east', 'eu-west')).toBe(2);
    expect(net.queued('us-east', 'eu-west', 'replication')).toBe(1);
    expect(net.stats().find((l) => l.to === 'eu-west' && l.from === 'us-east')!.queuedByKind).toEqual({ replication: 1, 'spot-request': 1 });
    net.close();
    expect(await h.done).toEqual({ outcome: 'cancelled' });
    expect(await net.send('us-east', 'eu-west', () => undefined).done).toEqual({ outcome: 'cancelled' });
  });

  it('refuses unknown links', () => {
    const { net } = network();
    expect(() => net.send('us-east', 'us-east', () => undefined)).toThrow(/no link/);
    expect(() => net.delayMs('us-east', 'mars')).toThrow(/no link/);
  });
});

describe('FaultState', () => {
  it('puts unnamed regions in one group together', () => {
    const f = new FaultState(REGIONS);
    f.partition([['us-east']]);
    expect(f.partitioned('us-east', 'eu-west')).toBe(true);
    expect(f.partitioned('eu-west', 'ap-south')).toBe(false);
    expect(f.snapshot().partitions).toEqual([['us-east'], ['eu-west', 'ap-south']]);
    expect(f.active).toBe(true);
  });

  it('validates regions and groups', () => {
    const f = new FaultState(REGIONS);
    expect(() => f.partition([['mars']])).toThrow(/unknown region 'mars'; valid regions: us-east, eu-west, ap-south/);
    expect(() => f.partition([['us-east'], ['us-east']])).toThrow(/more than one/);
    expect(() => f.partition([REGIONS])).toThrow(/two groups/);
    expect(() => f.setLag('us-east', 'us-east', 5)).toThrow(/two different/);
    expect(() => f.setLag('us-east', 'eu-west', -1)).toThrow(/>= 0/);
    expect(() => f.setDrop('us-east', 'eu-west', 2)).toThrow(/between 0 and 1/);
  });

  it('heals everything and notifies listeners on each change', () => {
    const f = new FaultState(REGIONS);
    let changes = 0;
    f.onChange(() => changes++);
    f.setDown('eu-west', true);
    f.setLag('us-east', 'eu-west', 10);
    f.setDrop('us-east', 'eu-west', 0.1);
    expect(f.snapshot()).toEqual({
      partitions: [],
      down: ['eu-west'],
      lag: [{ from: 'us-east', to: 'eu-west', ms: 10 }],
      drop: [{ from: 'us-east', to: 'eu-west', probability: 0.1 }],
    });
    expect(f.canDeliver('us-east', 'eu-west')).toBe(false);
    f.heal();
    expect(f.active).toBe(false);
    expect(f.canDeliver('us-east', 'eu-west')).toBe(true);
    expect(changes).toBe(4);
  });
});
