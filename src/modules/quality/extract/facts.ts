import { after, agreed, before, COUNT, countValue } from './text.js';

// Rules for beds, baths, living area and lot size in prepared text (see text.ts). Every rule collects all
// mentions and keeps a value only when they agree: a post listing several units gives null, not the first.

const BED_WORD = '(?:br|bd|bds|bdr|bdrm|bdrms|beds?|bed\\s?rooms?)\\b';
const BATH_WORD = '(?:ba|bth|bths|baths?|bath\\s?rooms?)\\b';
// "1/2 bath" and "2-3 bedrooms" are not counts of 2 and 3; "2br/1ba" still reads its 1; in "beds: 2 baths:
// 1.5" the 2 belongs to the beds field.
const NOT_AFTER_NUMBER = '(?<![\\d.,$-])(?<!\\d/)(?<!(?:beds?|bedrooms?|baths?|bathrooms?)\\s*:\\s*)';
const BEDROOM = new RegExp(`${NOT_AFTER_NUMBER}\\b(${COUNT})\\s*-?\\s*${BED_WORD}`, 'g');
const BEDROOM_FIELD = /\b(?:beds|bedrooms)\s*:\s*(\d{1,2})\b/g;
const BATH = new RegExp(
  `${NOT_AFTER_NUMBER}\\b(${COUNT})(?:\\s*(?:1/2|and a half|& a half))?\\s*-?\\s*${BATH_WORD}`,
  'g',
);
const BATH_FIELD = /\b(?:baths|bathrooms)\s*:\s*(\d{1,2}(?:\.\d{1,2})?)(?![\d.])/g;
const FULL_BATH = new RegExp(`\\b(${COUNT})\\s*-?\\s*full\\s*${BATH_WORD}`, 'g');
const HALF_BATH = new RegExp(`\\b(${COUNT})\\s*-?\\s*(?:half|1/2|powder)\\s*(?:${BATH_WORD}|rooms?\\b)`, 'g');
// "1, 2, and 3-bedroom", "one-, two-, or three-bedroom", "studio or 2 bed": a count ending a list.
const ENUMERATION = new RegExp(
  `\\b(?:${COUNT}|studios?)-?\\s*(?:,|&|\\+|/|\\bto\\b|\\band\\b|\\bor\\b)\\s*(?:(?:and|or|&)\\s*)?(?:(?:even|also)\\s+)?$`,
);
// "1 bed x 1 bath & studio apartments": a list that continues after the count.
const ENUMERATION_AFTER = new RegExp(
  `^\\s*(?:x\\s*)?(?:\\d\\s*-?\\s*${BATH_WORD}\\s*)?(?:&|\\band\\b|\\bor\\b|,|/)\\s*(?:studios?\\b|${COUNT}\\s*-?\\s*${BED_WORD})`,
);
// "can flex to 1 bed", "convertible to 2 bedrooms": a possible layout, not this one.
const HYPOTHETICAL = /\b(?:flex(?:es|ible)?|convert(?:s|ed|ible)?)\s+(?:to|into)\s+(?:an?\s+)?$/;

const AREA_UNIT =
  '(?:sq\\.?\\s?(?:ft|feet|foot)\\b\\.?|square\\s?(?:ft|feet|foot)\\b|sqft\\b|sf\\b|ft2\\b|ft²|sq\\.?\\s?f\\b)';
const AREA = new RegExp(`(?<![\\d.,$])(\\d{1,3}(?:,\\d{3})+|\\d{3,7})\\s*\\+?\\s*-?\\s*${AREA_UNIT}`, 'g');
const ACRES =
  /(?<![\d.,$])(\d+(?:\.\d+)?|\.\d+|\d+\s?\/\s?\d+|half an?|a half|one|a quarter|quarter)\s*-?\s*(?:acres?|ac)\b/g;
const WORDS = (n: number) => `(?:[\\w'-]+\\W+){0,${n}}`;
// Area figures that describe something other than the home, or bound it rather than state it.
const NOT_HOME_AFTER = new RegExp(
  `^\\W*${WORDS(2)}(?:garage|shop|workshop|barn|deck|patio|porch|basement|storage|shed|yard|office|warehouse|retail|commercial|studio|room|bedroom|kitchen|balcony|pool|fitness|gym|clubhouse|center|lounge|amenit\\w*|adu|in-law|casita)\\b`,
);
const NOT_HOME_BEFORE =
  /(?:garage|shop|barn|deck|patio|porch|basement|storage|shed|yard|office|warehouse|retail|bedroom|kitchen|balcony|per)\W*(?:[\w'-]+\W+)?$/;
const BOUND_BEFORE = /(?:over|under|nearly|almost|up to|more than|less than|at least|[<>])\s*$/;
const RANGE_BEFORE = /\d\s*(?:-|to)\s*$/;
const LOT_AFTER = new RegExp(`^\\W*${WORDS(1)}(?:lot|parcel|land)\\b`);
const LOT_BEFORE = /\b(?:lot|lot size|lot area|parcel|land)\W*(?:[\w'-]+\W+)?$/;
const NOT_LOT_AFTER = new RegExp(
  `^\\W*${WORDS(2)}(?:park|lake|preserve|forest|pond|campus|community|complex|golf|common)\\b`,
);

const SQFT_PER_ACRE = 43_560;

// "This is a 2 bedroom, 2 bath, approximately 1044 sq. ft." — a complex's post about one unit, among text
// about all its floor plans. When the post makes exactly one such statement, it speaks for the unit.
const UNIT_STATEMENT = new RegExp(
  `\\bthis (?:is an? )?(${COUNT})\\s*-?\\s*${BED_WORD}\\W+(${COUNT})\\s*-?\\s*${BATH_WORD}(?:\\W+(?:approximately|approx\\.?|about|~)?\\s*(\\d{1,3}(?:,\\d{3})+|\\d{3,5})\\s*${AREA_UNIT})?`,
  'g',
);

function unitStatement(
  text: string,
): { bedrooms: number | null; bathrooms: number | null; sqft: number | null } | null {
  const statements = [...text.matchAll(UNIT_STATEMENT)];
  if (statements.length !== 1) return null;
  const [, beds, baths, area] = statements[0]!;
  const bathrooms = countValue(baths!);
  return {
    bedrooms: countValue(beds!),
    bathrooms: bathrooms !== null && bathrooms > 0 ? bathrooms : null,
    sqft: area ? Number.parseInt(area.replace(/,/g, ''), 10) : null,
  };
}

/** Every count before a unit word; NaN for a list or a range, so the mentions can't agree. */
function counts(
  text: string,
  patterns: RegExp[],
  read: (raw: string, match: string) => number | null,
): number[] {
  const values: number[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const behind = before(text, match.index, 40);
      const ahead = after(text, match.index + match[0].length, 40);
      if (ENUMERATION.test(behind) || ENUMERATION_AFTER.test(ahead)) return [Number.NaN];
      if (HYPOTHETICAL.test(behind)) continue;
      const value = read(match[1]!, match[0]);
      if (value !== null) values.push(value);
    }
  }
  return values;
}

// "Studio" is not counted: posters file studios as 0 or 1 bedroom alike, so it states no number.
function bedroomMentions(text: string): number[] {
  return counts(text, [BEDROOM, BEDROOM_FIELD], (raw) => {
    const value = countValue(raw);
    return value !== null && Number.isInteger(value) && value <= 20 ? value : null;
  });
}

function bathroomCount(text: string): number | null {
  const values = counts(text, [BATH, BATH_FIELD], (raw, match) => {
    const base = countValue(raw);
    if (base === null) return null;
    const value = /1\/2|half/.test(match) ? base + 0.5 : base;
    return value > 0 && value <= 20 && Number.isInteger(value * 2) ? value : null;
  });
  // "2 full and 1 half bath" states a total; "1 full bath" alone does not rule out a half bath.
  const full = agreed(counts(text, [FULL_BATH], (raw) => countValue(raw)));
  const half = agreed(counts(text, [HALF_BATH], (raw) => countValue(raw)));
  if (full !== null && half !== null) values.push(full + half / 2);
  return agreed(values);
}

function areaMentions(text: string): { home: number[]; lot: number[] } {
  const home: number[] = [];
  const lot: number[] = [];
  for (const match of text.matchAll(AREA)) {
    const value = Number.parseInt(match[1]!.replace(/,/g, ''), 10);
    const ahead = after(text, match.index + match[0].length);
    const behind = before(text, match.index);
    const bucket = LOT_AFTER.test(ahead) || LOT_BEFORE.test(behind) ? lot : home;
    if (RANGE_BEFORE.test(behind)) bucket.push(Number.NaN);
    else if (BOUND_BEFORE.test(behind)) continue;
    else if (bucket === lot) lot.push(value);
    else if (!NOT_HOME_AFTER.test(ahead) && !NOT_HOME_BEFORE.test(behind) && value >= 100 && value <= 30_000)
      home.push(value);
  }
  for (const match of text.matchAll(ACRES)) {
    const ahead = after(text, match.index + match[0].length);
    if (NOT_LOT_AFTER.test(ahead) || BOUND_BEFORE.test(before(text, match.index))) continue;
    const acres = acreValue(match[1]!);
    if (acres !== null && acres <= 10_000) lot.push(Math.round(acres * SQFT_PER_ACRE));
  }
  return { home, lot };
}

function acreValue(text: string): number | null {
  if (/half/.test(text)) return 0.5;
  if (/quarter/.test(text)) return 0.25;
  if (text === 'one') return 1;
  const fraction = /^(\d+)\s?\/\s?(\d+)$/.exec(text);
  if (fraction) return Number(fraction[2]) === 0 ? null : Number(fraction[1]) / Number(fraction[2]);
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** Beds, baths, living area and lot size as the text states them; null for each it doesn't (or contradicts). */
export function extractFacts(text: string): {
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  lot_sqft: number | null;
} {
  const beds = bedroomMentions(text);
  const bedrooms = agreed(beds);
  const unit = unitStatement(text);
  const { home, lot } = areaMentions(text);
  // "0.25 acre (10,890 sq ft)" states one lot two ways: values within 2% agree.
  const lotSqft = agreed(lot, 0.02);
  if (unit)
    return { ...unit, sqft: unit.sqft ?? (bedrooms === null ? null : agreed(home)), lot_sqft: lotSqft };
  // Text naming several bedroom counts describes several units (a complex's floor plans): its bath and
  // area figures belong to some unit, not necessarily this one.
  const severalUnits = beds.length > 0 && bedrooms === null;
  return {
    bedrooms,
    bathrooms: severalUnits ? null : bathroomCount(text),
    sqft: severalUnits ? null : agreed(home),
    lot_sqft: lotSqft,
  };
}
