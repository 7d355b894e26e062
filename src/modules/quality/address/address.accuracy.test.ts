import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelHalf, scoreParser, unexpressibleLabel } from './accuracy.js';
import { readLabeledAddresses } from './labeled.js';
import { parseUsAddress } from './parse.js';

const samples = readLabeledAddresses(
  readFileSync(new URL('../../../../fixtures/addresses/training_labeled.xml', import.meta.url), 'utf8'),
);
const parse = (text: string) => parseUsAddress(text).components;

// Regression guards: the share reached when this was written (see bench/address-accuracy.ts), less a margin.
// Street: 88.6% of all, 91.7% of the tuning half, 85.7% of the held-out half; PO boxes: 74.0%.
const FLOORS = { street: 0.875, po_box: 0.72 };

describe('address parser accuracy on the usaddress labelled set', () => {
  it('reads all 1,513 labelled addresses and classifies each', () => {
    expect(samples).toHaveLength(1513);
    expect(samples.filter((sample) => sample.kind === 'street').length).toBeGreaterThan(1000);
  });

  it('splits the labelled set into two fixed halves, one string always on one side', () => {
    const halves = samples.map((sample) => labelHalf(sample.text));
    expect(halves.filter((half) => half === 1).length).toBeGreaterThan(600);
    expect(halves.filter((half) => half === 0).length).toBeGreaterThan(600);
    expect(labelHalf('3904 Route # A, Arlington, VT 05250')).toBe(
      labelHalf('3904 Route # A, Arlington, VT 05250'),
    );
  });

  it('tells labels the output contract cannot express from those it can', () => {
    const expressible = samples.filter(
      (sample) => sample.kind === 'street' && unexpressibleLabel(sample.expected) === null,
    );
    expect(expressible.length).toBeGreaterThan(1000);
    const troon = samples.find((sample) => sample.text.startsWith('8225 Troon Circle Austell'));
    expect(troon && unexpressibleLabel(troon.expected)).toBe('suffix not in Appendix C1');
  });

  for (const kind of ['street', 'po_box'] as const) {
    it(`gets at least ${FLOORS[kind] * 100}% of ${kind} addresses fully right`, () => {
      const report = scoreParser(
        parse,
        samples.filter((sample) => sample.kind === kind),
      );
      expect(report.fullyRight / report.total).toBeGreaterThanOrEqual(FLOORS[kind]);
    });
  }
});
