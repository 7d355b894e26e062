import type { ListingType, ParsedListing, PropertyType } from '../listing.types.js';

/** Options shared by the Craigslist parsers. */
export interface CraigslistParseOptions {
  /** Parse listings of non-housing categories too (e.g. the car and couch fixtures); off in production. */
  allowAnyCategory?: boolean;
}

/**
 * Craigslist housing categories. Rentals and sales by anyone start as owner listings and become agent listings
 * when the page shows a broker or manager (see `agentSignals`); the broker-only categories are agent listings
 * whatever the page says. Wanted ads, office space and parking are housing but not supply we sell.
 */
const HOUSING_CATEGORIES: Readonly<Record<string, ListingType | 'not_collected'>> = {
  apa: 'owner_rental', // apartments / housing for rent (owners and brokers together)
  aap: 'owner_rental', // all apartments (NYC-style areas)
  abo: 'owner_rental', // apartments by owner
  roo: 'owner_rental', // rooms & shares
  sub: 'owner_rental', // sublets & temporary
  swp: 'owner_rental', // housing swap
  vac: 'owner_rental', // vacation rentals
  fee: 'agent_rental', // apartments by broker, fee
  nfb: 'agent_rental', // apartments by broker, no fee
  rea: 'fsbo_sale', // real estate for sale (owners and brokers together)
  reo: 'fsbo_sale', // real estate by owner
  reb: 'agent_sale', // real estate by broker
  off: 'not_collected', // office & commercial
  prk: 'not_collected', // parking & storage
  hsw: 'not_collected', // housing wanted
  hou: 'not_collected', // apartments wanted
  rew: 'not_collected', // real estate wanted
  sha: 'not_collected', // rooms wanted
  sbw: 'not_collected', // sublets wanted
};

/** What a category means for collection: the starting listing type, or why it is skipped. */
export type CategoryVerdict =
  | { collect: true; listingType: ListingType | null }
  | { collect: false; detail: string };

/** Decides from a category code; an unknown (null) category is collected with no listing type. */
export function categoryVerdict(category: string | null): CategoryVerdict {
  if (category === null) return { collect: true, listingType: null };
  const kind = HOUSING_CATEGORIES[category];
  if (kind === undefined) return { collect: false, detail: `category "${category}" is not housing` };
  if (kind === 'not_collected')
    return { collect: false, detail: `housing category "${category}" is not collected` };
  return { collect: true, listingType: kind };
}

/** True when the code is a housing category whose listings are collected. */
export function isCollectedCategory(category: string | null): boolean {
  return category !== null && categoryVerdict(category).collect;
}

const HOUSING_TYPES: Readonly<Record<string, PropertyType>> = {
  apartment: 'apartment',
  condo: 'condo',
  'cottage/cabin': 'house',
  cottage: 'house',
  cabin: 'house',
  duplex: 'multi_family',
  triplex: 'multi_family',
  fourplex: 'multi_family',
  flat: 'apartment',
  house: 'house',
  'in-law': 'apartment',
  loft: 'apartment',
  townhouse: 'townhouse',
  manufactured: 'manufactured',
  land: 'land',
  'assisted living': 'other',
};

/** The property type for a Craigslist housing-type tag ("duplex" → multi_family), or null for other tags. */
export function propertyTypeForTag(tag: string): PropertyType | null {
  return HOUSING_TYPES[tag.toLowerCase()] ?? null;
}

const FLAG_TAGS: Readonly<Record<string, string>> = {
  'cats are ok - purrr': 'cats_ok',
  'dogs are ok - wooof': 'dogs_ok',
};

/** Where a plain attribute tag goes in `attributes`: grouped facts get a key, the rest become flags. */
export function tagAttribute(tag: string): [key: string, value: string | true] {
  const t = tag.toLowerCase();
  if (t in HOUSING_TYPES) return ['housing_type', t];
  if (/\bw\/d\b|laundry/.test(t)) return ['laundry', t];
  if (/parking|garage|carport/.test(t)) return ['parking', t];
  const flag = FLAG_TAGS[t];
  if (flag) return [flag, true];
  return [
    t
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60) || 'tag',
    true,
  ];
}

// Each phrase names a broker, agent or manager. A phrase right after "no", "not", "any", … is the opposite
// ("no broker fee", "not a realtor"), so it does not count.
const AGENT_PHRASES: readonly [RegExp, string][] = [
  [/\brealtors?\b/g, 'realtor'],
  [/\brealty\b/g, 'realty'],
  [/\bbroker(?:s|'s|age|ed)?\b/g, 'broker'],
  [/\blic(?:ensed|\.)? (?:real estate )?(?:agent|broker|salesperson|professional)s?\b/g, 'licensed agent'],
  [/\breal estate (?:agent|broker|professional|group|company|team)s?\b/g, 'real estate agent'],
  [/\bleasing (?:office|agent|team|consultant|specialist|center|staff|contact|hours)s?\b/g, 'leasing office'],
  [/\bproperty manag(?:e?ment|er)\b/g, 'property management'],
  [/\bmanagement (?:company|co|inc|llc|group|office|team)\b/g, 'management company'],
  [
    /\b(?:on-?site|professional|under new) management\b|\bprofessionally managed\b/g,
    'professional management',
  ],
  [/\bmanaged by\b/g, 'managed by'],
  [/\bapartment locat(?:or|ors|ing)\b/g, 'apartment locator'],
  [/\b(?:contact|our) agents?\b/g, 'agent'],
  [/\boffice hours\b/g, 'office hours'],
  // The fair-housing slogan professional landlords and managers must print; private owners rarely do.
  [/\bequal housing opportunity\b/g, 'equal housing opportunity'],
];
const NEGATED = /\b(?:no|not|non|without|never|zero|any)\b[\s\w'\u2019-]{0,20}$/;
const NO_FEE = /^\s*(?:no(?:ne)?\b|n\/?a\b|free\b|\$?0+(?:\.0+)?\s*$)/i;
const BUSINESS_NAME =
  /\b(?:realty|realtors?|real estate|propert(?:y|ies)|management|mgmt|apartments?|rentals?|leasing|homes|group|inc|llc|company|co|brokerage|partners|associates|century 21|keller williams|coldwell|re\/?max)\b/i;

/** The agent, broker or manager signals a page shows, for the listing type and for the record. */
export function agentSignals(text: string, attributes: ParsedListing['attributes']): string[] {
  const signals: string[] = [];
  const lower = text.toLowerCase();
  for (const [pattern, name] of AGENT_PHRASES) {
    for (const m of lower.matchAll(pattern)) {
      const before = lower.slice(Math.max(0, (m.index ?? 0) - 40), m.index);
      if (!NEGATED.test(before)) {
        signals.push(name);
        break;
      }
    }
  }
  if (attributes.broker_fee === true) signals.push('broker fee tag');
  const feeDetails = attributes.broker_fee_details;
  if (typeof feeDetails === 'string' && !NO_FEE.test(feeDetails)) signals.push('broker fee details');
  const listedBy = attributes.listed_by;
  if (typeof listedBy === 'string' && BUSINESS_NAME.test(listedBy)) signals.push('listed by a business');
  return signals;
}

/** The listing type once the page's signals are weighed: an owner category with agent signals is an agent's. */
export function listingTypeFor(base: ListingType | null, signals: readonly string[]): ListingType | null {
  if (signals.length === 0) return base;
  if (base === 'owner_rental') return 'agent_rental';
  if (base === 'fsbo_sale') return 'agent_sale';
  return base;
}
