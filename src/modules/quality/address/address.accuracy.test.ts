import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreParser } from './accuracy.js';
import { readLabeledAddresses } from './labeled.js';
import { parseUsAddress } from './parse.js';

const samples = readLabeledAddresses(
  readFileSync(new URL('../../../../fixtures/addresses/training_labeled.xml', import.meta.url), 'utf8'),
);
const parse = (text: string) => parseUsAddress(text).components;

// Regression guards: the share reached when this was written (see bench/address-accuracy.ts), less a margin.
const FLOORS = { street: 0.85, po_box: 0.67 };

describe('address parser accuracy on the usaddress labelled set', () => {
  it('reads all 1,513 labelled addresses and classifies each', () => {
    expect(samples).toHaveLength(1513);
    expect(samples.filter((sample) => sample.kind === 'street').length).toBeGreaterThan(1000);
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
