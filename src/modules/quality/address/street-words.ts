/** Word classes the street-line reader uses to tell a name from a type, a route or a number. */
/** Words that name a road before its number (`Highway 50`, `County Road 12`, `FM 1960`), not a suffix. */
export const PRE_TYPES: ReadonlySet<string> = new Set([
  'HIGHWAY',
  'HWY',
  'ROUTE',
  'RTE',
  'RT',
  'ROAD',
  'RD',
  'AVENUE',
  'AVE',
  'LOOP',
  'SPUR',
  'WAY',
  'PIKE',
]);
/** Words that come before a pre-type (`County Road`, `State Route`, `US Highway`). */
export const PRE_TYPE_LEADERS: ReadonlySet<string> = new Set([
  'COUNTY',
  'STATE',
  'US',
  'USA',
  'FM',
  'RANCH',
  'FARM',
  'INTERSTATE',
  'BUSINESS',
  'OLD',
  'CR',
  'SR',
]);

/** Spelled-out house numbers (`One S. Dearborn St.`), kept as written the way USPS does. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  'ONE',
  'TWO',
  'THREE',
  'FOUR',
  'FIVE',
  'SIX',
  'SEVEN',
  'EIGHT',
  'NINE',
  'TEN',
  'ELEVEN',
  'TWELVE',
  'TWENTY',
  'THIRTY',
  'FORTY',
  'FIFTY',
  'HUNDRED',
]);
/** Suffixes common enough that `123 N St` reads as N Street rather than North + a name. */
export const COMMON_SUFFIXES: ReadonlySet<string> = new Set([
  'ST',
  'AVE',
  'RD',
  'DR',
  'BLVD',
  'LN',
  'CT',
  'PL',
  'WAY',
  'TER',
  'CIR',
  'PKWY',
  'HWY',
  'TRL',
  'SQ',
  'LOOP',
  'FWY',
  'EXPY',
]);

/** Road words that, followed by a number or letters (`Hwy 98`, `County Road KK`), name a route. */
export const ROUTE_WORDS: ReadonlySet<string> = new Set([
  'HIGHWAY',
  'HWY',
  'ROUTE',
  'RTE',
  'RT',
  'ROAD',
  'RD',
  'FM',
  'SPUR',
  'LOOP',
]);

/**
 * Suffix words that, ending a line with nothing after them, are more often the end of a name than a
 * type (`S Stony Island`, `Cottage Grove`, `Central Park`): usaddress labels them as the name.
 */
export const NAME_LIKE_SUFFIXES: ReadonlySet<string> = new Set(['ISLAND', 'GROVE', 'PARK', 'HILL', 'VALLEY']);

/** Ordinals that come before `Floor` (`Second Floor`, `15th Floor`). */
export const ORDINAL =
  /^(?:\d+(?:ST|ND|RD|TH)|FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|SEVENTH|EIGHTH|NINTH|TENTH|GROUND)$/;
