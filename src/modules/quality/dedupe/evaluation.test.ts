import { describe, expect, it } from 'vitest';
import { type PairLabel, scoreClusters } from './evaluation.js';

const labels: PairLabel[] = [
  { a: 'r1', b: 'r2', label: 'duplicate' },
  { a: 'r3', b: 'r4', label: 'duplicate' },
  { a: 'r5', b: 'r6', label: 'distinct' },
  { a: 'r1', b: 'gone', label: 'duplicate' },
];

describe('scoreClusters', () => {
  it.each([
    [
      'perfect',
      { r1: 'A', r2: 'A', r3: 'B', r4: 'B', r5: 'C', r6: 'D' },
      { tp: 2, fp: 0, fn: 0, p: 1, r: 1 },
    ],
    [
      'one miss',
      { r1: 'A', r2: 'A', r3: 'B', r4: 'X', r5: 'C', r6: 'D' },
      { tp: 1, fp: 0, fn: 1, p: 1, r: 0.5 },
    ],
    [
      'one wrong merge',
      { r1: 'A', r2: 'A', r3: 'B', r4: 'B', r5: 'C', r6: 'C' },
      { tp: 2, fp: 1, fn: 0, p: 2 / 3, r: 1 },
    ],
    [
      'everything in one lead',
      { r1: 'A', r2: 'A', r3: 'A', r4: 'A', r5: 'A', r6: 'A' },
      { tp: 2, fp: 13, fn: 0, p: 2 / 15, r: 1 },
    ],
    [
      'nothing merged',
      { r1: '1', r2: '2', r3: '3', r4: '4', r5: '5', r6: '6' },
      { tp: 0, fp: 0, fn: 2, p: 1, r: 0 },
    ],
  ])('%s', (_name, clusters, expected) => {
    const scores = scoreClusters(new Map(Object.entries(clusters)), labels);
    expect(scores).toMatchObject({
      positives: 2,
      truePositives: expected.tp,
      falsePositives: expected.fp,
      falseNegatives: expected.fn,
    });
    expect(scores.precision).toBeCloseTo(expected.p, 10);
    expect(scores.recall).toBeCloseTo(expected.r, 10);
  });

  it('names the pairs it missed and merged wrongly', () => {
    const scores = scoreClusters(
      new Map(Object.entries({ r1: 'A', r2: 'B', r3: 'C', r4: 'C', r5: 'C', r6: 'D' })),
      labels,
    );
    expect(scores.missed).toEqual([['r1', 'r2']]);
    expect(scores.wronglyMerged).toEqual([
      ['r3', 'r5'],
      ['r4', 'r5'],
    ]);
  });
});
