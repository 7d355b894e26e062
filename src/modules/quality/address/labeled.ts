import { directionalCode, joinWords, splitZip, stateCode, suffixCode, unitTypeCode } from './normalize.js';
import { type AddressComponents, emptyComponents } from './types.js';

/** One labelled address from the usaddress training set, with our expected components. */
export interface LabeledAddress {
  text: string;
  /** `street` and `po_box` are scored; the other classes are counted and left out (see `exclusionReason`). */
  kind: 'street' | 'po_box' | 'excluded';
  reason: string | null;
  expected: AddressComponents;
  /** The labelled tokens as written in the file (usaddress labels), for training the token tagger. */
  tokens: readonly LabeledToken[];
}

/** One token of the labelled file: its usaddress label and its text. */
export type LabeledToken = { label: string; text: string };
type Token = LabeledToken;

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#\d+|\w+);/g, (whole, name: string) =>
    name.startsWith('#') ? String.fromCharCode(Number(name.slice(1))) : (XML_ENTITIES[name] ?? whole),
  );
}

/** Reads usaddress's `labeled.xml` into labelled addresses (a flat format, so a regex reader is enough). */
export function readLabeledAddresses(xml: string): LabeledAddress[] {
  const out: LabeledAddress[] = [];
  for (const [, body] of xml.matchAll(/<AddressString>([\s\S]*?)<\/AddressString>/g)) {
    const tokens: Token[] = [];
    for (const [, label, text] of (body as string).matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
      tokens.push({ label: label as string, text: decode(text as string).trim() });
    }
    const text = decode((body as string).replace(/<[^>]+>/g, ''))
      .replace(/\s+/g, ' ')
      .trim();
    out.push(labelAddress(text, tokens));
  }
  return out;
}

/**
 * Why an address is outside what `parseUsAddress` models: parts our components have no place for
 * (recipient, building or landmark names, intersections, two levels of sub-address) or not an address.
 */
function exclusionReason(labels: ReadonlySet<string>): string | null {
  if (labels.has('NotAddress')) return 'not an address';
  if (labels.has('IntersectionSeparator') || labels.has('CornerOf')) return 'intersection';
  if (labels.has('Recipient')) return 'recipient name';
  if (labels.has('BuildingName') || labels.has('LandmarkName')) return 'building or landmark name';
  if (labels.has('USPSBoxGroupType') || labels.has('USPSBoxGroupID')) return 'box group (rural route)';
  if (labels.has('CountryName')) return 'country name';
  if (labels.has('SubaddressType') && labels.has('OccupancyType')) return 'two levels of sub-address';
  if (labels.has('USPSBoxType')) return null;
  if (!labels.has('AddressNumber') || !labels.has('StreetName')) return 'no street number or name';
  return null;
}

/** A labelled address from its text and labelled tokens: its class and expected components. */
export function labelAddress(text: string, tokens: readonly Token[]): LabeledAddress {
  const labels = new Set(tokens.map((token) => token.label));
  const reason = exclusionReason(labels);
  const isBox = reason === null && labels.has('USPSBoxType');
  const expected = componentsFromLabels(tokens, isBox);
  return { text, kind: reason ? 'excluded' : isBox ? 'po_box' : 'street', reason, expected, tokens };
}

/**
 * Our components from usaddress-labelled tokens: how a label becomes an answer (used for the expected
 * answers and, in the same way, for the token tagger's output).
 */
export function componentsFromLabels(tokens: readonly LabeledToken[], isBox: boolean): AddressComponents {
  const words = (...names: string[]) => tokens.filter((t) => names.includes(t.label)).map((t) => t.text);
  const expected = emptyComponents();
  if (isBox) {
    // A PO box is kept in `street` as `PO BOX <id>`, the USPS delivery-line form; `#` and `No` before
    // the number say "number" and are not part of it.
    const ids = words('USPSBoxID').filter((id, index) => index > 0 || !/^(?:#|no\.?)$/i.test(id));
    const group = joinWords(words('USPSBoxType').slice(0, 1));
    // Military boxes (Publication 28, 225): `CMR 411 BOX 3568`, `PSC 802 BOX 74`.
    expected.street =
      (group === 'CMR' || group === 'PSC') && ids.length === 2
        ? joinWords([group, ids[0] as string, 'BOX', ids[1] as string])
        : joinWords(['PO', 'BOX', ...ids.map((id) => id.replace(/^#/, ''))]);
  } else {
    // Number prefix/suffix (`1/2`, `A`) stay part of the number, as USPS writes `123 1/2`.
    expected.number = joinWords(words('AddressNumberPrefix', 'AddressNumber', 'AddressNumberSuffix'));
    expected.predirectional = labelDirectional(words('StreetNamePreDirectional'));
    // Pre-modifiers and pre-types (`OLD`, `Highway 1`, `Avenue H`) are part of the street name.
    expected.street = joinWords(
      words('StreetNamePreModifier', 'StreetNamePreType', 'StreetName', 'StreetNamePostModifier'),
    );
    const suffix = joinWords(words('StreetNamePostType'));
    expected.suffix = suffix === null ? null : (suffixCode(suffix) ?? suffix);
    expected.postdirectional = labelDirectional(words('StreetNamePostDirectional'));
  }
  const unitType = joinWords(words('OccupancyType', 'SubaddressType'));
  expected.unit_type = unitType === null ? null : (unitTypeCode(unitType) ?? unitType);
  let unit = joinWords(words('OccupancyIdentifier', 'SubaddressIdentifier'));
  // `#5` with no designator word is USPS designator `#` with identifier `5`.
  if (unit?.startsWith('#')) {
    expected.unit_type ??= '#';
    unit = unit.replace(/^#\s*/, '') || null;
  }
  expected.unit = unit;
  expected.city = joinWords(words('PlaceName'));
  const state = joinWords(words('StateName'));
  expected.state = state === null ? null : (stateCode(state) ?? state);
  // `97212 4321`: the file labels the four digits `ZipPlus4` (twice) and the ZIP `ZipCode`.
  const zip = joinWords(words('ZipCode', 'ZipPlus4'));
  if (zip !== null) Object.assign(expected, splitZip(zip));
  return expected;
}

/**
 * The USPS code of the words labelled as a directional: `S. W.` and `N E` (one directional written as
 * two letters) is SW or NE, and `No` after a street (`13th Ave No`, Florida's habit) is North. Words
 * that are no directional stay as written, so the label counts as one the contract cannot express.
 */
function labelDirectional(labelled: readonly string[]): string | null {
  const text = joinWords(labelled);
  if (text === null) return null;
  if (text === 'NO') return 'N';
  return directionalCode(text) ?? directionalCode(text.replace(/^([NS]) ([EW])$/, '$1$2')) ?? text;
}
