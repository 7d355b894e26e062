import { jitter, zipTable } from './geography.js';
import {
  BEDROOM_SHARES,
  LISTING_TYPE_SHARES,
  PRICE_SIGMA,
  PROPERTY_TYPE_SHARES,
  STATE_MARKETS,
  type SyntheticListingType,
  type SyntheticPropertyType,
  TYPE_PRICE_FACTOR,
  typicalSqft,
} from './markets.js';
import { createRng, type Rng, randomUuid, weightedPicker } from './random.js';
import { describe, streetAddress } from './text.js';

/** One generated lead: the `leads` row, its contact, and its scores. */
export interface SyntheticLead {
  id: string;
  externalId: string;
  listingType: SyntheticListingType;
  propertyType: SyntheticPropertyType;
  title: string;
  description: string;
  price: number | null;
  bedrooms: number | null;
  bathrooms: number | null;
  sqft: number | null;
  lotSqft: number | null;
  yearBuilt: number | null;
  addressLine: string;
  city: string;
  state: string;
  zip: string;
  latitude: number;
  longitude: number;
  postedAt: Date;
  firstSeenAt: Date;
  lastSeenAt: Date;
  motivation: string[];
  qualityScore: number;
  fraudScore: number;
  contact: { name: string; phones: string[]; emails: string[]; dncListed: boolean };
}

const DAY_MS = 86_400_000;
/** Leads are spread over this many days before `now`, more of them recent. */
export const POSTED_WINDOW_DAYS = 90;
/** Positions are jittered up to this far from the ZIP centroid. */
export const JITTER_KM = 3;
/** Published leads stay below the fraud review threshold's default (60). */
export const FRAUD_MAX = 59;

const pickListingType = weightedPicker(LISTING_TYPE_SHARES);
const pickSaleType = weightedPicker(PROPERTY_TYPE_SHARES.sale);
const pickRentalType = weightedPicker(PROPERTY_TYPE_SHARES.rental);
const pickBedrooms = Object.fromEntries(
  Object.entries(BEDROOM_SHARES).map(([type, shares]) => [type, weightedPicker(shares)]),
) as Record<SyntheticPropertyType, (rng: Rng) => number>;

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Maria',
  'Carlos',
  'Wei',
  'Aisha',
  'Luis',
  'Nguyen',
  'Sarah',
  'Kevin',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Lee',
  'Chen',
  'Patel',
];

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const roundTo = (value: number, step: number) => Math.round(value / step) * step;

/** Lead `index` of the data set made with `seed`, at the same moment `now`: always the same lead. */
export function generateLead(seed: number, index: number, now: Date): SyntheticLead {
  const rng = createRng(seed, index);
  const id = randomUuid(rng);
  const place = zipTable().pick(rng);
  const market = STATE_MARKETS.get(place.state) as { sale: number; rent: number; area: string };
  const [latitude, longitude] = jitter(rng, place.latitude, place.longitude, JITTER_KM);
  const listingType = pickListingType(rng);
  const rental = listingType === 'owner_rental';
  const propertyType = (rental ? pickRentalType : pickSaleType)(rng);

  const land = propertyType === 'land';
  const bedrooms = land ? null : pickBedrooms[propertyType](rng);
  const bathrooms = bedrooms === null ? null : bathroomsFor(rng, propertyType, bedrooms);
  const typical = typicalSqft(propertyType, bedrooms ?? 0);
  const sqft =
    land || (propertyType === 'room' && rng.chance(0.6))
      ? null
      : roundTo(typical * rng.lognormal(0, 0.2), 10);
  const lotSqft = land
    ? roundTo(43_560 * rng.lognormal(0, 1), 100)
    : propertyType === 'house' || propertyType === 'manufactured'
      ? roundTo(7_000 * rng.lognormal(0, 0.6), 100)
      : null;
  // Cities cost more than the state's countryside: the urban premium is gentle (urbanity^0.15).
  const local =
    (rental ? market.rent : market.sale) * place.urbanity ** 0.15 * TYPE_PRICE_FACTOR[propertyType];
  const sizeFactor = sqft ? (sqft / typical) ** 0.7 : 1;
  const noise = rng.lognormal(0, rental ? PRICE_SIGMA.rental : PRICE_SIGMA.sale);
  const rawPrice = local * sizeFactor * noise;
  const price =
    listingType === 'form_lead' && rng.chance(0.6)
      ? null
      : rental
        ? roundTo(rawPrice, 5)
        : roundTo(rawPrice, 1000);
  const yearBuilt = land ? null : clamp(Math.round(1975 + 22 * rng.normal()), 1890, now.getUTCFullYear());

  const street = streetAddress(rng);
  const text = describe(rng, {
    listingType,
    propertyType,
    bedrooms,
    bathrooms,
    sqft,
    lotSqft,
    city: place.city,
    state: place.state,
    street,
  });
  const ageDays = POSTED_WINDOW_DAYS * rng.next() ** 1.4;
  const postedAt = new Date(now.getTime() - ageDays * DAY_MS);
  const firstSeenAt = new Date(Math.min(now.getTime(), postedAt.getTime() + rng.int(5, 180) * 60_000));
  const lastSeenAt = new Date(firstSeenAt.getTime() + rng.next() * (now.getTime() - firstSeenAt.getTime()));

  const contact = contactFor(rng, market.area, listingType);
  const completeness = (contact.phones.length > 0 ? 6 : -10) + (price === null ? -8 : 0) + (sqft ? 3 : -3);
  const qualityScore = clamp(Math.round(64 + completeness + 14 * rng.normal()), 5, 99);
  const fraudScore = clamp(
    Math.round(rng.chance(0.04) ? 30 + 25 * rng.next() : -8 * Math.log(1 - rng.next())),
    0,
    FRAUD_MAX,
  );
  return {
    id,
    externalId: `synthetic-${seed}-${index}`,
    listingType,
    propertyType,
    title: text.title,
    description: text.description,
    price,
    bedrooms,
    bathrooms,
    sqft,
    lotSqft,
    yearBuilt,
    addressLine: street,
    city: place.city,
    state: place.state,
    zip: place.zip,
    latitude,
    longitude,
    postedAt,
    firstSeenAt,
    lastSeenAt,
    motivation: text.motivation,
    qualityScore,
    fraudScore,
    contact,
  };
}

function bathroomsFor(rng: Rng, type: SyntheticPropertyType, bedrooms: number): number {
  if (type === 'room') return 1;
  const base = type === 'multi_family' ? bedrooms / 2 : 1 + Math.max(0, bedrooms - 2) * 0.5;
  return clamp(
    Math.round((base + (rng.chance(0.4) ? 0.5 : 0) + (rng.chance(0.15) ? -0.5 : 0)) * 2) / 2,
    1,
    6,
  );
}

// Fictional contacts only: 555-0100..0199 numbers (reserved for fiction) and example.com mailboxes.
function contactFor(rng: Rng, area: string, listingType: SyntheticListingType): SyntheticLead['contact'] {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const hasPhone = rng.chance(listingType === 'form_lead' ? 0.95 : 0.85);
  const hasEmail = rng.chance(listingType === 'form_lead' ? 0.9 : 0.45);
  const phones = hasPhone ? [`+1${area}55501${String(rng.int(0, 99)).padStart(2, '0')}`] : [];
  const emails = hasEmail ? [`${first}.${last}${rng.int(1, 999)}@example.com`.toLowerCase()] : [];
  return { name: `${first} ${last}`, phones, emails, dncListed: hasPhone && rng.chance(0.08) };
}
