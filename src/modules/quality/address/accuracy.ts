import type { LabeledAddress } from './labeled.js';
import { type AddressComponents, COMPONENT_KEYS } from './types.js';

/** Per-component counts: `tp` right non-null answers, `fp` wrong or spurious ones, `fn` missed values. */
export interface ComponentScore {
  tp: number;
  fp: number;
  fn: number;
  /** Addresses where the component equals the label (both null counts as equal). */
  equal: number;
}

/** The accuracy of one parser over a set of labelled addresses. */
export interface AccuracyReport {
  total: number;
  fullyRight: number;
  components: Record<(typeof COMPONENT_KEYS)[number], ComponentScore>;
  misses: { text: string; expected: AddressComponents; got: AddressComponents }[];
}

/** Scores a parser against labelled addresses: whole-address exact match and per-component precision/recall. */
export function scoreParser(
  parse: (text: string) => AddressComponents,
  samples: readonly LabeledAddress[],
): AccuracyReport {
  const components = Object.fromEntries(
    COMPONENT_KEYS.map((key) => [key, { tp: 0, fp: 0, fn: 0, equal: 0 }]),
  ) as AccuracyReport['components'];
  const misses: AccuracyReport['misses'] = [];
  let fullyRight = 0;
  for (const sample of samples) {
    const got = parse(sample.text);
    let allEqual = true;
    for (const key of COMPONENT_KEYS) {
      const want = sample.expected[key];
      const have = got[key];
      const score = components[key];
      if (want === have) score.equal += 1;
      else allEqual = false;
      if (have !== null && have === want) score.tp += 1;
      else {
        if (have !== null) score.fp += 1;
        if (want !== null) score.fn += 1;
      }
    }
    if (allEqual) fullyRight += 1;
    else misses.push({ text: sample.text, expected: sample.expected, got });
  }
  return { total: samples.length, fullyRight, components, misses };
}

/** A share as a percentage with one decimal, or `–` for an empty base. */
export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`;
}
