import { describe, expect, it } from 'vitest';
import { ManualClock, seededRandom } from '../../../src/emulator/clock.js';
import { GdnError } from '../../../src/emulator/errors.js';
import { RegionCatalog } from '../../../src/emulator/regions/catalog.js';
import { FaultState } from '../../../src/emulator/regions/faults.js';
import { LinkNetwork } from '../../../src/emulator/regions/links.js';
import { SpotRouter } from '../../../src/emulator/regions/spot-router.js';

const REGIONS = ['us-east', 'eu-west', 'ap-south'];
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(latencyScale = 1) {
  const clock = new ManualClock(0);
  const faults = new FaultState(REGIONS);
  const links = new LinkNetwork({ regions: new RegionCatalog(REGIONS).list, clock, random: seededRandom(1), latencyScale, faults, jitterRatio: 0 });
  const router = new SpotRouter({ links, faults, clock, timeoutMs: 1000 });
  return { clock, faults, links, router };
}

async function settle<T>(p: Promise<T>): Promise<{ value?: T; error?: GdnError }> {
  try {
    return { value: await p };
  } catch (error) {
    return { error: error as GdnError };
  }
}

describe('SpotRouter', () => {
  it('runs at the spot region after the one-way delay and answers after the round trip', async () => {
    const { clock, links, router } = setup();
    const oneWay = links.delayMs('ap-south', 'us-east');
    let ranAt = -1;
    let answered = false;
    const p = router.run('ap-south', 'us-east', () => {
      ranAt = clock.now();
      return 42;
    });
    void p.then(() => (answered = true));
    clock.advance(oneWay);
    expect(ranAt).toBeCloseTo(oneWay, 6);
    await tick();
    expect(answered).toBe(false);
    clock.advance(oneWay);
    expect(await p).toBe(42);
    expect(router.stats.routed).toBe(1);
  });

  it('runs at once when the request entered at the spot region', async () => {
    const { router } = setup();
    expect(await router.run('us-east', 'us-east', () => 'here')).toBe('here');
  });

  it('carries what the work threw back to the caller', async () => {
    const { router } = setup(0);
    const r = await settle(router.run('eu-west', 'us-east', () => {
      throw new GdnError(409, 1210, 'unique constraint violated');
    }));
    expect(r.error).toMatchObject({ status: 409, errorNum: 1210 });
  });

  it('fails fast with 503/1478 when the spot region is known down', async () => {
    const { faults, router } = setup(0);
    faults.setDown('us-east', true);
    let ran = false;
    const r = await settle(router.run('eu-west', 'us-east', () => (ran = true)));
    expect(r.error).toMatchObject({ status: 503, errorNum: 1478 });
    expect(ran).toBe(false);
    expect(router.stats.unavailable).toBe(1);
  });

  it('fails a queued request with 503/1478 as soon as the spot region goes down', async () => {
    const { faults, router } = setup(0);
    faults.partition([['eu-west']]);
    let ran = false;
    const p = settle(router.run('eu-west', 'us-east', () => (ran = true)));
    await tick();
    faults.setDown('us-east', true);
    expect((await p).error).toMatchObject({ status: 503, errorNum: 1478 });
    faults.heal();
    await tick();
    expect(ran).toBe(false);
    expect(router.stats.unavailable).toBe(1);
  });

  it('times out with 504/1457 across a partition and never runs the withdrawn request', async () => {
    const { clock, faults, router } = setup(0);
    faults.partition([['eu-west']]);
    let ran = false;
    const p = settle(router.run('eu-west', 'us-east', () => (ran = true)));
    await tick();
    clock.advance(999);
    await tick();
    clock.advance(1);
    const r = await p;
    expect(r.error).toMatchObject({ status: 504, errorNum: 1457 });
    expect(r.error!.message).toMatch(/may or may not have been applied/);
    faults.heal();
    await tick();
    expect(ran).toBe(false);
    expect(router.stats.timedOut).toBe(1);
  });

  it('answers 504 when the request ran but the reply was cut off (outcome unknown, applied)', async () => {
    const { clock, faults, links, router } = setup();
    const oneWay = links.delayMs('eu-west', 'us-east');
    let ran = false;
    const p = settle(router.run('eu-west', 'us-east', () => (ran = true)));
    clock.advance(oneWay);
    expect(ran).toBe(true);
    faults.partition([['eu-west']]);
    clock.advance(1000);
    expect((await p).error).toMatchObject({ status: 504, errorNum: 1457 });
  });

  it('withdraws the request when the client goes away', async () => {
    const { clock, faults, router } = setup(0);
    faults.partition([['eu-west']]);
    const ac = new AbortController();
    let ran = false;
    const p = settle(router.run('eu-west', 'us-east', () => (ran = true), ac.signal));
    ac.abort();
    expect((await p).error).toBeInstanceOf(GdnError);
    faults.heal();
    clock.advance(5000);
    await tick();
    expect(ran).toBe(false);
  });
});
