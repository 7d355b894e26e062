// The per-field rules of the comparison. Each returns null when either side lacks the field (absence is
// not evidence) or a reason whose weight is the points it adds. Weights were set by hand from what makes
// two listings the same offering, then tuned on the labelled Craigslist pairs (docs/QUALITY.md).
import { type MatchRecord, positionIsApproximate, sameBuilding } from './match-record.js';
import { jaccard } from './text-similarity.js';

type Reason = { field: string; similarity: number; weight: number; detail: string; veto?: true };
export type FieldRule = (a: MatchRecord, b: MatchRecord) => Reason | null;

/** Great-circle distance in metres. */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Relative difference of two positive amounts: |a − b| / max(a, b). */
export function relativeDifference(a: number, b: number): number {
  const max = Math.max(Math.abs(a), Math.abs(b));
  return max === 0 ? 0 : Math.abs(a - b) / max;
}

const MULTI_UNIT = new Set(['apartment', 'condo', 'multi_family', 'room']);

const address: FieldRule = (a, b) => {
  if (a.address && b.address) {
    const [x, y] = [a.address, b.address];
    const where = `${x.line}, ${x.city ?? x.zip} vs ${y.line}, ${y.city ?? y.zip}`;
    if (!sameBuilding(x, y)) {
      // Same line in another town of the state: the distance rule tells whether it is really elsewhere.
      if (x.line === y.line) return { field: 'address', similarity: 0.7, weight: -1, detail: where };
      const sameStreet = x.street === y.street;
      return {
        field: 'address',
        similarity: sameStreet ? 0.5 : 0,
        weight: sameStreet ? -3 : -4,
        detail: where,
      };
    }
    if (x.unit && y.unit && x.unit !== y.unit)
      // Same building, different stated unit: two homes, however alike their ads are.
      return {
        field: 'address',
        similarity: 0.5,
        weight: -10,
        detail: `unit ${x.unit} vs ${y.unit} at ${x.line}: different homes`,
        veto: true,
      };
    const sameUnit = x.unit === y.unit;
    // Without a unit, a shared address at an apartment building says less: many homes share it.
    const multiUnit =
      !x.unit && MULTI_UNIT.has(a.facts.property_type ?? '') && MULTI_UNIT.has(b.facts.property_type ?? '');
    return {
      field: 'address',
      similarity: sameUnit ? 1 : 0.8,
      weight: sameUnit && !multiUnit ? 4 : 2,
      detail: sameUnit
        ? `same address ${x.line}${x.unit ? ` #${x.unit}` : ''}${multiUnit ? ' (multi-unit, no unit stated)' : ''}`
        : `same building ${x.line}, one unit unstated`,
    };
  }
  if (a.streetOnly && b.streetOnly) {
    const same = a.streetOnly === b.streetOnly;
    return {
      field: 'address',
      similarity: same ? 0.6 : 0,
      weight: same ? 1 : -0.5,
      detail: same ? `same street ${a.streetOnly}` : `street ${a.streetOnly} vs ${b.streetOnly}`,
    };
  }
  return null;
};

const distance: FieldRule = (a, b) => {
  const [p, q] = [a.facts, b.facts];
  if (p.latitude === null || p.longitude === null || q.latitude === null || q.longitude === null) return null;
  const metres = distanceMetres(p.latitude, p.longitude, q.latitude, q.longitude);
  const precise = !positionIsApproximate(p) && !positionIsApproximate(q);
  const detail = `${Math.round(metres)} m apart (${precise ? 'exact' : 'approximate'} positions)`;
  if (precise) {
    let weight = metres <= 25 ? 2.5 : metres <= 150 ? 1.5 : metres <= 1000 ? 0 : metres <= 5000 ? -1.5 : -4;
    // The same street address already counted the location once.
    if (weight > 0 && a.address && b.address && sameBuilding(a.address, b.address)) weight = 0;
    return { field: 'distance', similarity: Math.max(0, 1 - metres / 5000), weight, detail };
  }
  // A centroid or an approximate pin says little about the house; only a different area is evidence.
  const weight = metres <= 25 ? 1 : metres <= 10_000 ? 0 : metres <= 50_000 ? -2 : -4;
  return { field: 'distance', similarity: Math.max(0, 1 - metres / 50_000), weight, detail };
};

function overlap(
  field: string,
  left: readonly string[],
  right: readonly string[],
  plus: number,
  minus: number,
) {
  if (left.length === 0 || right.length === 0) return null;
  const shared = left.filter((value) => right.includes(value));
  return shared.length > 0
    ? { field, similarity: 1, weight: plus, detail: `${shared.length} shared` }
    : { field, similarity: 0, weight: minus, detail: `none of ${left.length} vs ${right.length} shared` };
}

const phone: FieldRule = (a, b) => overlap('phone', a.contact.phones, b.contact.phones, 3, -2);
const email: FieldRule = (a, b) => overlap('email', a.contact.emails, b.contact.emails, 3, -1);

const price: FieldRule = (a, b) => {
  const [x, y] = [a.facts.price, b.facts.price];
  if (x === null || y === null || x <= 0 || y <= 0) return null;
  const diff = relativeDifference(Number(x), Number(y));
  // Reposts often move the price a few percent; a different unit usually costs clearly more or less.
  const weight = diff <= 0.005 ? 1.5 : diff <= 0.08 ? 0.5 : diff <= 0.2 ? -1 : -3;
  return { field: 'price', similarity: 1 - diff, weight, detail: `${x} vs ${y}` };
};

function exact(field: 'bedrooms' | 'bathrooms', plus: number, minus: number): FieldRule {
  return (a, b) => {
    const [x, y] = [a.facts[field], b.facts[field]];
    if (x === null || y === null) return null;
    const same = Number(x) === Number(y);
    return { field, similarity: same ? 1 : 0, weight: same ? plus : minus, detail: `${x} vs ${y}` };
  };
}

const sqft: FieldRule = (a, b) => {
  const [x, y] = [a.facts.sqft, b.facts.sqft];
  if (x === null || y === null) return null;
  const diff = relativeDifference(x, y);
  return {
    field: 'sqft',
    similarity: 1 - diff,
    weight: diff <= 0.02 ? 1.5 : diff <= 0.1 ? 0 : -2,
    detail: `${x} vs ${y}`,
  };
};

const title: FieldRule = (a, b) => {
  if (a.titleShingles.size === 0 || b.titleShingles.size === 0) return null;
  const sim = jaccard(a.titleShingles, b.titleShingles);
  // Reposts often get a new title; only agreement is evidence.
  const weight = sim >= 0.9 ? 1.5 : sim >= 0.5 ? 0.5 : sim < 0.2 ? -1 : 0;
  return { field: 'title', similarity: sim, weight, detail: 'Jaccard over words' };
};

const description: FieldRule = (a, b) => {
  if (a.textShingles.size === 0 || b.textShingles.size === 0) return null;
  const sim = jaccard(a.textShingles, b.textShingles);
  const long = a.textShingles.size >= 20 && b.textShingles.size >= 20;
  // Templated ads (a complex's amenity list) share much text; reposts share nearly all of it.
  const weight = sim >= 0.9 ? 4 : sim >= 0.75 ? 2.5 : sim >= 0.5 ? 1 : sim < 0.1 && long ? -2 : 0;
  return { field: 'description', similarity: sim, weight, detail: 'Jaccard over 3-word shingles' };
};

const images: FieldRule = (a, b) => {
  if (a.imageIds.size === 0 || b.imageIds.size === 0) return null;
  const sim = jaccard(a.imageIds, b.imageIds);
  // Complexes reuse photos across units, so shared photos add little and none shared subtracts nothing.
  return {
    field: 'images',
    similarity: sim,
    weight: sim >= 0.5 ? 2 : sim > 0 ? 1 : 0,
    detail: 'Jaccard over image ids',
  };
};

/** Every field rule, in the order reasons are computed. */
export const FIELD_RULES: readonly FieldRule[] = [
  address,
  distance,
  phone,
  email,
  price,
  exact('bedrooms', 1, -4),
  exact('bathrooms', 0.5, -2),
  sqft,
  title,
  description,
  images,
];
