import type { LabeledAddress } from './labeled.js';
import { type AddressComponents, COMPONENT_KEYS } from './types.js';
import { USPS_STATE_CODES } from './usps-places.js';
import { USPS_STREET_SUFFIXES } from './usps-suffixes.js';
import { UNIT_DESIGNATOR_VARIANTS, USPS_UNIT_DESIGNATORS } from './usps-units.js';

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

/**
 * Which half of the labelled set an address falls in (FNV-1a of its text, so the split is fixed and the
 * same string, written twice in the file, never sits on both sides). Half 1 is held out: rules are tuned
 * looking only at half 0's errors, and half 1's figure says how well they carry over.
 */
export function labelHalf(text: string): 0 | 1 {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 2) as 0 | 1;
}

const DIRECTIONAL_CODES: ReadonlySet<string> = new Set(['N', 'S', 'E', 'W', 'NE', 'NW', 'SE', 'SW']);
const SUFFIX_CODES: ReadonlySet<string> = new Set(Object.values(USPS_STREET_SUFFIXES));
const UNIT_CODES: ReadonlySet<string> = new Set([
  ...Object.values(USPS_UNIT_DESIGNATORS).map((unit) => unit.code),
  ...Object.values(UNIT_DESIGNATOR_VARIANTS),
]);

/**
 * Why a label cannot be an answer of the output contract (USPS codes in suffix, directionals and unit
 * type), or null when it can: `Circle Austell` as a suffix, `S E` or `Flint` as a directional, `Floor
 * Room` as one designator. The accuracy figure keeps these; a second figure leaves them out.
 */
export function unexpressibleLabel(expected: AddressComponents): string | null {
  if (expected.suffix !== null && !SUFFIX_CODES.has(expected.suffix)) return 'suffix not in Appendix C1';
  for (const dir of [expected.predirectional, expected.postdirectional]) {
    if (dir !== null && !DIRECTIONAL_CODES.has(dir)) return 'directional not a USPS code';
  }
  if (expected.unit_type !== null && !UNIT_CODES.has(expected.unit_type))
    return 'unit type not one designator';
  if (expected.state !== null && !USPS_STATE_CODES.has(expected.state)) return 'state not a USPS code';
  return null;
}
