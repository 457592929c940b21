import { describe, expect, it } from 'vitest';
import { canonical, digestOf, judgeRegions } from '../../src/cli/commands/region-read-report.js';

const doc = (rev: string, balance: number) => ({ _id: 'acct/1', _key: '1', _rev: rev, balance });

describe('region-read judging', () => {
  it('digests ignore key order but not values', () => {
    expect(digestOf([{ a: 1, b: 2 }])).toBe(digestOf([{ b: 2, a: 1 }]));
    expect(digestOf([{ a: 1 }])).not.toBe(digestOf([{ a: '1' }]));
    expect(digestOf([1, 2])).not.toBe(digestOf([2, 1]));
    expect(digestOf([])).toMatch(/^[0-9a-f]{12}$/);
    expect(canonical({ z: [1, { y: null, x: undefined }] })).toBe('{"z":[1,{"y":null}]}');
  });

  it('compares with the spot region when it answered, and counts how far behind others are', () => {
    const r = judgeRegions(
      [
        { region: 'us-east', rows: [doc('r1', 10)], latencyMs: 3.4 },
        { region: 'eu-west', rows: [doc('r2', 20)], latencyMs: 60 },
        { region: 'ap-south', rows: [], latencyMs: 130 },
      ],
      'eu-west',
    );
    expect(r).toMatchObject({ reference: 'eu-west', referenceKind: 'spot', agree: false });
    expect(r.regions.map((v) => [v.region, v.agrees, v.behind, v.rows, v.revs])).toEqual([
      ['us-east', false, 1, 1, ['r1']],
      ['eu-west', true, 0, 1, ['r2']],
      ['ap-south', false, 1, 0, []],
    ]);
    expect(r.regions[0]!.latencyMs).toBe(3);
    expect(r.regions[1]!.reference).toBe(true);
  });

  it('falls back to the majority (first region on a tie) without a spot region', () => {
    const r = judgeRegions([
      { region: 'a', rows: [1], latencyMs: 1 },
      { region: 'b', rows: [2], latencyMs: 1 },
      { region: 'c', rows: [2], latencyMs: 1 },
    ]);
    expect(r).toMatchObject({ reference: 'b', referenceKind: 'majority', agree: false });
    const tie = judgeRegions([
      { region: 'a', rows: [1], latencyMs: 1 },
      { region: 'b', rows: [2], latencyMs: 1 },
    ]);
    expect(tie.reference).toBe('a');
  });

  it('measures how far behind a region is from emulator-style revisions', () => {
    const rev = (ms: number) => `_${ms.toString(36).padStart(9, '0')}0000~us-east`;
    const r = judgeRegions(
      [
        { region: 'a', rows: [doc(rev(1_700_000_001_500), 5)], latencyMs: 1 },
        { region: 'b', rows: [doc(rev(1_700_000_000_000), 9)], latencyMs: 1 },
        { region: 'c', rows: [{ n: 1 }], latencyMs: 1 },
      ],
      'a',
    );
    expect(r.regions.map((v) => v.lagMs)).toEqual([0, 1500, undefined]);
    expect(judgeRegions([{ region: 'x', rows: [doc('opaque', 1)], latencyMs: 1 }]).regions[0]!.lagMs).toBeUndefined();
  });

  it('compares a global collection with the region holding the newest revision', () => {
    const rev = (ms: number) => `_${ms.toString(36).padStart(9, '0')}0000~us-east`;
    const r = judgeRegions([
      { region: 'a', rows: [], latencyMs: 1 },
      { region: 'b', rows: [], latencyMs: 1 },
      { region: 'c', rows: [doc(rev(1_700_000_000_000), 1)], latencyMs: 1 },
    ]);
    expect(r).toMatchObject({ reference: 'c', referenceKind: 'newest', agree: false });
    expect(r.regions.map((v) => v.behind)).toEqual([1, 1, 0]);
  });

  it('agrees when every region returns the same rows', () => {
    const rows = [doc('r1', 10)];
    const r = judgeRegions(
      [
        { region: 'a', rows, latencyMs: 1 },
        { region: 'b', rows: [{ ...rows[0] }], latencyMs: 1 },
      ],
      'a',
    );
    expect(r.agree).toBe(true);
    expect(r.regions.every((v) => v.behind === 0)).toBe(true);
  });

  it('treats a failed region as disagreeing, and uses the majority when the spot region failed', () => {
    const r = judgeRegions(
      [
        { region: 'a', error: { message: 'timeout', httpStatus: 504, errorNum: 1457 }, latencyMs: 5000 },
        { region: 'b', rows: [1], latencyMs: 1 },
      ],
      'a',
    );
    expect(r).toMatchObject({ reference: 'b', referenceKind: 'majority', agree: false });
    expect(r.regions[0]).toMatchObject({ ok: false, agrees: false, digest: '', behind: 1, error: { errorNum: 1457 } });
  });
});
