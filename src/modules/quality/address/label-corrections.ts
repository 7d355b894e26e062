import { type LabeledAddress, type LabeledToken, labelAddress } from './labeled.js';

/**
 * Corrections to usaddress's labelled set (fixtures/addresses/, never edited): labels that disagree with
 * the text they label. Found by checks on the labels alone, over the whole file and not from the
 * parser's errors: labels the output contract cannot express, designator words labelled as
 * identifiers, designators glued to their number, a component labelled twice, a ZIP label on a word
 * that is no ZIP. The bench reports accuracy against the raw labels and against the corrected ones;
 * the tagger trains on the corrected ones.
 *
 * `slip`: the label is wrong for the text (a city labelled a street type, a state as a place name).
 * `usps`: the label follows usaddress's habit where Publication 28 says otherwise, and the contract
 * follows Publication 28: `Rear`, `Frnt`, `Lobby` are Appendix C2 designators that take no identifier
 * (`88 Pine St Rear` is unit type REAR), and `Unit508` is designator UNIT with identifier 508.
 */
export interface LabelCorrection {
  text: string;
  /**
   * In writing order: a labelled token's text and its corrected label, or the labelled tokens it
   * splits into. `Repeat` marks words written a second time, which no component keeps.
   */
  changes: readonly (readonly [string, string | readonly LabeledToken[]])[];
  kind: 'slip' | 'usps';
  reason: string;
}

export const LABEL_CORRECTIONS: readonly LabelCorrection[] = [
  {
    text: '8225 Troon Circle Austell, GA 30168',
    changes: [['Austell,', 'PlaceName']],
    kind: 'slip',
    reason: 'Austell, GA is the city; it was labelled a second street type',
  },
  {
    text: '7214 Meadow Gate Way Woodstock, GA 30189',
    changes: [['Gate', 'StreetName']],
    kind: 'slip',
    reason: 'one street type (Way); Gate is part of the name',
  },
  {
    text: '5075 Avalon Ridge Parkway Norcross, GA 30071',
    changes: [['Ridge', 'StreetName']],
    kind: 'slip',
    reason: 'one street type (Parkway); Ridge is part of the name',
  },
  {
    text: '3970 Flint Hill Road Powder Springs, Georgia 30127',
    changes: [['Flint', 'StreetName']],
    kind: 'slip',
    reason: 'Flint is no directional; the street is Flint Hill Road',
  },
  {
    text: '15030 Ave. of Science # 100',
    changes: [['Ave.', 'StreetNamePreType']],
    kind: 'slip',
    reason: 'Ave. is a street type written first (Avenue of Science), not a directional',
  },
  {
    text: '460 n. state road 7 suite 100 royal palm beach fl 33411',
    changes: [['7', 'StreetName']],
    kind: 'slip',
    reason: 'the route number 7 is part of the name State Road 7, not a street type',
  },
  {
    text: '8483 Al Highway 157, Moulton, AL 35650',
    changes: [
      ['Al', 'StreetNamePreType'],
      ['Highway', 'StreetNamePreType'],
    ],
    kind: 'slip',
    reason: 'Alabama Highway 157: the route name comes before its number, as in State Route 21',
  },
  {
    text: '124 plantation centre dr. s. bldg 100',
    changes: [['s.', 'StreetNamePostDirectional']],
    kind: 'slip',
    reason: 'a directional after the street type is the postdirectional',
  },
  {
    text: '303 peachtree st., ne ste.5300',
    changes: [
      ['ne', 'StreetNamePostDirectional'],
      [
        'ste.5300',
        [
          { label: 'OccupancyType', text: 'ste.' },
          { label: 'OccupancyIdentifier', text: '5300' },
        ],
      ],
    ],
    kind: 'slip',
    reason: 'ne after the street type is the postdirectional; ste.5300 is Suite 5300',
  },
  {
    text: '48S 400E, Salt Lake City UT',
    changes: [['UT', 'StateName']],
    kind: 'slip',
    reason: 'UT is the state, labelled as part of the city',
  },
  {
    text: '474 silas deane highway wethersfield ct',
    changes: [['ct', 'StateName']],
    kind: 'slip',
    reason: 'ct is the state (Wethersfield, Connecticut), labelled as the ZIP',
  },
  {
    text: 'Fifty N. Front St., Memphis TN, TN 38103',
    changes: [['TN,', 'Repeat']],
    kind: 'slip',
    reason: 'the state written twice, the first time labelled a street type',
  },
  {
    text: '45 Woodstock Street, Roswell, Georgia, GA 30075',
    changes: [['Georgia,', 'Repeat']],
    kind: 'slip',
    reason: 'the state written twice (Georgia, GA): one state',
  },
  {
    text: '445 church street san francisco, ca, 94114 san francisco 445 church street ca 94114',
    changes: ['san', 'francisco', '445', 'church', 'street', 'ca', '94114'].map(
      (word) => [word, 'Repeat'] as const,
    ),
    kind: 'slip',
    reason: 'the address written twice; the labels joined both copies into each component',
  },
  {
    text: '613 S. Main, PO 123',
    changes: [['123', 'USPSBoxID']],
    kind: 'slip',
    reason: 'the number after PO is the box number, labelled a unit identifier',
  },
  {
    text: 'P O BOX 88 ST JOSEPH, MI 49085-0000',
    changes: [['88', 'USPSBoxID']],
    kind: 'slip',
    reason: 'the number after P O BOX is the box number, labelled a unit identifier',
  },
  {
    text: 'POB 19060',
    changes: [['19060', 'USPSBoxID']],
    kind: 'slip',
    reason: 'the number after POB is the box number, labelled a ZIP',
  },
  {
    text: 'lockbox 1007 po box 4829 houston tx 77210',
    changes: [
      ['lockbox', 'SubaddressType'],
      ['1007', 'SubaddressIdentifier'],
    ],
    kind: 'slip',
    reason: 'one box (PO Box 4829); the lockbox before it is labelled a unit everywhere else in the file',
  },
  {
    text: '3800 South Louise Avenue Frnt, Sioux Falls, SD 57106',
    changes: [['Frnt,', 'OccupancyType']],
    kind: 'usps',
    reason: 'FRNT is an Appendix C2 designator that takes no identifier',
  },
  {
    text: '1960 South 18th Rear',
    changes: [['Rear', 'OccupancyType']],
    kind: 'usps',
    reason: 'REAR is an Appendix C2 designator that takes no identifier',
  },
  {
    text: '233 S Wacker Dr lobby 60606',
    changes: [['lobby', 'OccupancyType']],
    kind: 'usps',
    reason: 'LBBY is an Appendix C2 designator that takes no identifier',
  },
  {
    text: '2945 W. Harrison Suite100',
    changes: [
      [
        'Suite100',
        [
          { label: 'OccupancyType', text: 'Suite' },
          { label: 'OccupancyIdentifier', text: '100' },
        ],
      ],
    ],
    kind: 'usps',
    reason: 'designator and identifier written together: Suite 100',
  },
  {
    text: '401 SW Water Street, Unit508',
    changes: [
      [
        'Unit508',
        [
          { label: 'OccupancyType', text: 'Unit' },
          { label: 'OccupancyIdentifier', text: '508' },
        ],
      ],
    ],
    kind: 'usps',
    reason: 'designator and identifier written together: Unit 508',
  },
];

/** One correction applied to a sample's tokens; throws when a named token is not there (a stale entry). */
function corrected(sample: LabeledAddress, correction: LabelCorrection): LabeledAddress {
  const tokens: LabeledToken[] = [];
  let from = 0;
  for (const [text, change] of correction.changes) {
    const at = sample.tokens.findIndex((token, index) => index >= from && token.text === text);
    if (at < 0) throw new Error(`label correction: no token ${text} in ${sample.text}`);
    tokens.push(...sample.tokens.slice(from, at));
    const token = sample.tokens[at] as LabeledToken;
    tokens.push(...(typeof change === 'string' ? [{ label: change, text: token.text }] : change));
    from = at + 1;
  }
  tokens.push(...sample.tokens.slice(from));
  return labelAddress(sample.text, tokens);
}

/** The labelled set with `LABEL_CORRECTIONS` applied (every copy of a corrected address). */
export function applyLabelCorrections(samples: readonly LabeledAddress[]): LabeledAddress[] {
  const byText = new Map(LABEL_CORRECTIONS.map((correction) => [correction.text, correction]));
  const used = new Set<string>();
  const out = samples.map((sample) => {
    const correction = byText.get(sample.text);
    if (correction === undefined) return sample;
    used.add(sample.text);
    return corrected(sample, correction);
  });
  const unused = LABEL_CORRECTIONS.filter((correction) => !used.has(correction.text));
  if (unused.length > 0) throw new Error(`label corrections for no address: ${unused[0]?.text}`);
  return out;
}
