import type { SyntheticListingType, SyntheticPropertyType } from './markets.js';
import type { Rng } from './random.js';

// The template vocabulary of synthetic titles and descriptions. Word frequencies are part of the
// contract: the search bench queries a common word (in about a third of the leads) and a rare one
// (about 1 in 300), and the tests check those shares.

/** In ~35% of leads ("two-car garage", "attached garage", …): the bench's common word. */
export const COMMON_WORD = 'garage';
/** In ~0.3% of leads: the bench's rare word. */
export const RARE_WORD = 'greenhouse';
const RARE_SHARE = 0.003;

export const STREET_NAMES = [
  'Main',
  'Oak',
  'Pine',
  'Maple',
  'Cedar',
  'Elm',
  'Washington',
  'Lake',
  'Hill',
  'Park',
  'Walnut',
  'Sunset',
  'Lincoln',
  'Jackson',
  'Church',
  'Highland',
  'Willow',
  'Meadow',
  'Ridge',
  'River',
  'Spring',
  'Franklin',
  'Chestnut',
  'Jefferson',
  'Magnolia',
  'Dogwood',
  'Hickory',
  'Forest',
  'Mill',
  'Valley',
  'Cherry',
  'Birch',
  'Madison',
  'Adams',
  'Lakeview',
  'Sycamore',
  'Orchard',
  'Prospect',
  'Center',
  'Broad',
] as const;
const STREET_SUFFIXES = ['St', 'Ave', 'Rd', 'Dr', 'Ln', 'Ct', 'Blvd', 'Way', 'Pl', 'Cir'] as const;

const TYPE_LABEL: Record<SyntheticPropertyType, string> = {
  house: 'house',
  condo: 'condo',
  townhouse: 'townhouse',
  apartment: 'apartment',
  multi_family: 'multi-family',
  manufactured: 'manufactured home',
  land: 'lot',
  room: 'room',
};

const ADJECTIVES = [
  'Charming',
  'Spacious',
  'Updated',
  'Bright',
  'Cozy',
  'Renovated',
  'Quiet',
  'Lovely',
  'Modern',
];
const GARAGES = ['two-car garage', 'attached garage', 'detached garage', 'one-car garage'];
const AMENITIES = [
  'hardwood floors',
  'granite countertops',
  'stainless steel appliances',
  'fenced backyard',
  'new roof',
  'central air',
  'walk-in closet',
  'covered patio',
  'fireplace',
  'updated kitchen',
  'finished basement',
  'in-unit laundry',
  'large deck',
  'vaulted ceilings',
  'tile floors',
  'ceiling fans',
  'storage shed',
  'mountain views',
  'swimming pool',
  'corner lot',
  'quiet cul-de-sac',
  'solar panels',
  'new windows',
];
const LAND_FEATURES = [
  'road frontage',
  'utilities at the street',
  'mature trees',
  'a creek',
  'mountain views',
  'well and septic',
  'a cleared building site',
  'no HOA',
];
const RENTAL_TERMS = [
  'Available now.',
  'Twelve month lease.',
  'Pets considered with deposit.',
  'No smoking.',
  'Water and trash included.',
  'Tenant pays utilities.',
  'Close to schools and shopping.',
  'Easy access to the highway.',
  'Off-street parking.',
];

/** Phrases the quality extractor recognises, with the motivation code each one carries. */
export const MOTIVATION_PHRASES: readonly (readonly [string, string])[] = [
  ['must_sell', 'Must sell this month.'],
  ['motivated', 'Motivated seller, bring all offers.'],
  ['motivated', 'Priced to sell.'],
  ['relocating', 'We are relocating for work.'],
  ['price_reduced', 'Price reduced!'],
  ['estate_sale', 'Estate sale, inherited property.'],
  ['divorce', 'Divorce forces the sale.'],
  ['as_is', 'Sold as is.'],
  ['cash_only', 'Cash buyers only.'],
  ['owner_financing', 'Owner financing available.'],
  ['vacant', 'The house is vacant and easy to show.'],
  ['needs_work', 'Needs some TLC.'],
  ['quick_close', 'Quick close possible.'],
];
/** Share of sale leads whose text carries one or two motivation phrases. */
export const MOTIVATION_SHARE = 0.25;

export interface TextInput {
  listingType: SyntheticListingType;
  propertyType: SyntheticPropertyType;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  lotSqft: number | null;
  city: string;
  state: string;
  street: string;
}

export interface SyntheticText {
  title: string;
  description: string;
  motivation: string[];
}

/** A street address on one of the common US street names. */
export function streetAddress(rng: Rng): string {
  return `${rng.int(100, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`;
}

/** Title and description of a synthetic lead, from templates, with the motivation codes they carry. */
export function describe(rng: Rng, input: TextInput): SyntheticText {
  const label = TYPE_LABEL[input.propertyType];
  const sale = input.listingType !== 'owner_rental';
  const size = input.bedrooms ? `${input.bedrooms} bed ${input.bathrooms ?? 1} bath` : '';
  const features: string[] = [];
  if (input.propertyType !== 'land' && input.propertyType !== 'room' && rng.chance(0.38))
    features.push(rng.pick(GARAGES));
  const amenities = input.propertyType === 'land' ? LAND_FEATURES : AMENITIES;
  for (let i = rng.int(1, 4); i > 0; i--) features.push(rng.pick(amenities));
  if (rng.chance(RARE_SHARE)) features.push(`${RARE_WORD} in the yard`);
  const unique = [...new Set(features)];
  const motivation: string[] = [];
  const sentences: string[] = [];
  if (sale && rng.chance(MOTIVATION_SHARE)) {
    for (let i = rng.chance(0.3) ? 2 : 1; i > 0; i--) {
      const [code, phrase] = rng.pick(MOTIVATION_PHRASES);
      if (!motivation.includes(code)) {
        motivation.push(code);
        sentences.push(phrase);
      }
    }
  }
  const adjective = rng.pick(ADJECTIVES);
  let title: string;
  if (input.listingType === 'form_lead') {
    title = `Seller inquiry: ${label} in ${input.city}, ${input.state}`;
    sentences.unshift(
      `Homeowner asked for an offer on a ${size} ${label} on ${input.street}.`.replace('  ', ' '),
    );
  } else if (input.propertyType === 'land') {
    const acres = ((input.lotSqft ?? 43560) / 43560).toFixed(2);
    title = `${acres} acre lot for sale by owner - ${input.city}`;
    sentences.unshift(`${acres} acres on ${input.street} in ${input.city}, ready to build.`);
  } else if (input.propertyType === 'room') {
    title = `Room for rent in ${input.city} near ${input.street}`;
    sentences.unshift(`Furnished room in a shared home on ${input.street}. Shared kitchen and bath.`);
  } else {
    title = sale
      ? rng.pick([
          `${size} ${label} for sale by owner in ${input.city}`,
          `FSBO: ${adjective} ${label} on ${input.street}`,
          `${adjective} ${label} in ${input.city} - ${unique[0] ?? 'move-in ready'}`,
        ])
      : rng.pick([
          `${input.bedrooms ?? 0}BR/${input.bathrooms ?? 1}BA ${label} for rent - ${input.city}`,
          `${adjective} ${size} ${label} for rent on ${input.street}`,
        ]);
    const area = input.sqft ? ` with ${input.sqft.toLocaleString('en-US')} sq ft` : '';
    sentences.unshift(`${adjective} ${size} ${label}${area} on ${input.street} in ${input.city}.`);
  }
  sentences.push(`Features ${joinList(unique)}.`);
  if (!sale) sentences.push(rng.pick(RENTAL_TERMS), rng.pick(RENTAL_TERMS));
  else if (rng.chance(0.5)) sentences.push('Call or text to schedule a showing.');
  return { title, description: [...new Set(sentences)].join(' ').replace(/ {2,}/g, ' '), motivation };
}

function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
