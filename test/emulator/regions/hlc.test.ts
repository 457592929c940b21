import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/emulator/clock.js';
import { compareHlc, decodeHlc, encodeHlc, HybridClock, type Hlc } from '../../../src/emulator/regions/hlc.js';

const hlcArb = fc.record({
  wall: fc.integer({ min: 0, max: 2 ** 47 }),
  counter: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  node: fc.constantFrom('us-east', 'us-east-2', 'eu-west', 'ap-south', 'a'),
});

describe('HLC encoding', () => {
  it('round-trips and string order equals timestamp order', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        expect(decodeHlc(encodeHlc(a))).toEqual(a);
        const byString = encodeHlc(a) < encodeHlc(b) ? -1 : encodeHlc(a) > encodeHlc(b) ? 1 : 0;
        expect(byString).toBe(compareHlc(a, b));
      }),
    );
  });

  it('breaks ties on wall and counter by region name', () => {
    const a: Hlc = { wall: 5, counter: 1, node: 'ap-south' };
    const b: Hlc = { wall: 5, counter: 1, node: 'eu-west' };
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, a)).toBe(1);
    expect(compareHlc(a, { ...a })).toBe(0);
  });

  it('rejects strings that are not timestamps', () => {
    expect(() => decodeHlc('12345')).toThrow(/not an HLC/);
    expect(() => decodeHlc('00000000000g.00000000.x')).toThrow(/not an HLC/);
  });
});

describe('HybridClock', () => {
  it('follows the physical clock and counts events within one millisecond', () => {
    const clock = new ManualClock(1000);
    const hlc = new HybridClock(clock, 'us-east');
    expect(hlc.now()).toEqual({ wall: 1000, counter: 0, node: 'us-east' });
    expect(hlc.now()).toEqual({ wall: 1000, counter: 1, node: 'us-east' });
    clock.advance(5);
    expect(hlc.now()).toEqual({ wall: 1005, counter: 0, node: 'us-east' });
  });

  it('never goes backwards when the physical clock does', () => {
    let t = 2000;
    const clock = { now: () => t, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined };
    const hlc = new HybridClock(clock, 'eu-west');
    const a = hlc.now();
    t = 1500;
    const b = hlc.now();
    expect(compareHlc(b, a)).toBe(1);
    expect(b.wall).toBe(2000);
  });

  it('receive() orders effects after their causes even from a clock far ahead', () => {
    const clock = new ManualClock(1000);
    const east = new HybridClock(clock, 'us-east', { skewMs: 10_000 });
    const west = new HybridClock(clock, 'eu-west');
    const sent = east.now();
    const got = west.receive(sent);
    expect(compareHlc(got, sent)).toBe(1);
    expect(compareHlc(west.now(), sent)).toBe(1);
  });

  it('is strictly increasing over any mix of local events and receives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ advance: fc.integer({ min: -3, max: 3 }) }), fc.record({ remote: hlcArb })), { maxLength: 60 }),
        (steps) => {
          let t = 1_000_000;
          const clock = { now: () => t, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined };
          const hlc = new HybridClock(clock, 'us-east');
          let prev = hlc.now();
          for (const s of steps) {
            let next: Hlc;
            if ('advance' in s) {
              t += s.advance;
              next = hlc.now();
            } else {
              next = hlc.receive(s.remote);
              expect(compareHlc(next, s.remote)).toBe(1);
            }
            expect(compareHlc(next, prev)).toBe(1);
            prev = next;
          }
        },
      ),
    );
  });

  it('resumes above the last timestamp after a restart', () => {
    const clock = new ManualClock(1000);
    const before = new HybridClock(clock, 'us-east', { last: { wall: 5000, counter: 7, node: 'us-east' } });
    expect(before.now()).toEqual({ wall: 5000, counter: 8, node: 'us-east' });
  });
});
