import type { Params } from '../../platform/db/index.js';
import type { Cursor } from './search.cursor.js';
import type { NormalizedSearch } from './search.rules.js';
import type { SearchSort } from './search.schemas.js';

// Pure SQL building for search: the filter every statement shares, the sort keys with their keyset
// conditions, and the statements themselves. Values always travel as parameters; only fixed fragments
// from this file are ever concatenated. docs/SEARCH.md reviews the plans these produce.

/** Only published owner leads are ever searchable; the partial indexes of migration 0010 repeat this. */
export const SEARCHABLE =
  "l.status = 'published' AND l.listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import')";

/** The tsquery of a text search: websearch syntax for words and phrases AND'ed with `word*` prefixes. */
export function tsqueryExpr(search: NormalizedSearch, p: Params): string | null {
  const text = search.text;
  if (!text) return null;
  const parts: string[] = [];
  if (text.web) parts.push(`websearch_to_tsquery('english', ${p.add(text.web)})`);
  for (const prefix of text.prefixes) {
    // The document is stemmed: try the prefix as typed and as stemmed ("renovat*" → "renov").
    const value = p.add(`${prefix}:*`);
    parts.push(`(to_tsquery('simple', ${value}) || to_tsquery('english', ${value}))`);
  }
  return parts.length > 0 ? `(${parts.join(' && ')})` : null;
}

interface TextPart {
  condition: string | null;
  rank: string;
}

/** The text condition and its rank: full text normally, trigram word similarity on the fuzzy retry. */
function textPart(search: NormalizedSearch, fuzzy: boolean, p: Params): TextPart {
  if (fuzzy && search.text && search.text.fuzzyWords.length > 0) {
    const words = search.text.fuzzyWords.map((word) => p.add(word));
    const condition = words.map((w) => `${w} <% l.city OR ${w} <% l.address_line`).join(' OR ');
    const sims = words.flatMap((w) => [
      `word_similarity(${w}, l.city)`,
      `word_similarity(${w}, l.address_line)`,
    ]);
    return { condition: `(${condition})`, rank: `greatest(${sims.join(', ')})::real` };
  }
  const tsq = tsqueryExpr(search, p);
  if (!tsq) return { condition: null, rank: '0::real' };
  return { condition: `l.search_document @@ ${tsq}`, rank: `ts_rank_cd(l.search_document, ${tsq})` };
}

/** `ST_MakePoint` of the centre as geography, or null. */
function centreExpr(search: NormalizedSearch, p: Params): string | null {
  if (!search.centre) return null;
  return `ST_SetSRID(ST_MakePoint(${p.add(search.centre.lng, 'float8')}, ${p.add(search.centre.lat, 'float8')}), 4326)::geography`;
}

export interface Filter {
  /** Conditions AND'ed in the WHERE clause. */
  where: string[];
  rank: string;
  /** The centre as geography (its parameters added on first use), or null without one. */
  centre: () => string | null;
  /**
   * No condition but the searchable set and a radius: how many leads match depends on no parameter the
   * planner could weigh (PostGIS estimates every geography radius the same), so one generic plan serves.
   */
  valueFree: boolean;
}

// A per-lead scalar subquery (index-only on contacts_search_flags), not EXISTS: the planner pulled EXISTS
// up into a join and drove the search from a scan of all contacts. This way its cost follows the leads
// the other conditions (or the sort's index) select. No contact row means the flag is not set.
function contactCondition(flag: boolean | null, test: string): string | null {
  if (flag === null) return null;
  const value = `(SELECT ${test} FROM contacts c WHERE c.lead_id = l.id)`;
  return flag ? value : `${value} IS NOT TRUE`;
}

/**
 * The price range on the price sorts' indexed expressions: a missing price is 1e15 ascending and -1
 * descending, outside every accepted bound (0..1e12), so these equal `price BETWEEN min AND max`.
 */
export function priceCondition(search: NormalizedSearch, p: Params): string | null {
  const { priceMin: min, priceMax: max } = search;
  if (min !== null && max !== null) {
    return `coalesce(l.price, 1e15) BETWEEN ${p.add(min, 'numeric')} AND ${p.add(max, 'numeric')}`;
  }
  if (min !== null) return `coalesce(l.price, -1) >= ${p.add(min, 'numeric')}`;
  if (max !== null) return `coalesce(l.price, 1e15) <= ${p.add(max, 'numeric')}`;
  return null;
}

/** Every condition of a search (fuzzy: the trigram retry for misspelled places, streets and cities). */
export function buildFilter(search: NormalizedSearch, fuzzy: boolean, p: Params): Filter {
  const where = [SEARCHABLE];
  const push = (condition: string | null | false) => {
    if (condition) where.push(condition);
  };
  const text = textPart(search, fuzzy, p);
  push(text.condition);
  // The centre's parameters are added only when a radius uses them (an unused parameter has no type).
  let centre: string | null = null;
  let radius: string | null = null;
  if (search.centre && search.radiusKm !== null) {
    centre = centreExpr(search, p);
    // On the sphere, as the distance (`<->`) that results carry and sort by: the two never disagree.
    radius = `ST_DWithin(l.location, ${centre}, ${p.add(search.radiusKm * 1000, 'float8')}, false)`;
    push(radius);
  }
  if (search.bbox) {
    const [minLng, minLat, maxLng, maxLat] = search.bbox.map((value) => p.add(value, 'float8'));
    push(`l.location::geometry && ST_MakeEnvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, 4326)`);
  }
  if (search.polygon) push(`ST_Covers(ST_GeomFromGeoJSON(${p.add(search.polygon)})::geography, l.location)`);
  push(search.propertyTypes && `l.property_type = ANY(${p.add(search.propertyTypes, 'text[]')})`);
  push(search.listingTypes && `l.listing_type = ANY(${p.add(search.listingTypes, 'text[]')})`);
  push(priceCondition(search, p));
  push(search.bedsMin !== null && `l.bedrooms >= ${p.add(search.bedsMin, 'numeric')}`);
  push(search.bathsMin !== null && `l.bathrooms >= ${p.add(search.bathsMin, 'numeric')}`);
  push(search.sqftMin !== null && `l.sqft >= ${p.add(search.sqftMin, 'int')}`);
  push(search.sqftMax !== null && `l.sqft <= ${p.add(search.sqftMax, 'int')}`);
  if (search.city) {
    const city = p.add(search.city);
    // Exact (any case) first; the fuzzy retry accepts a trigram-similar city name instead.
    push(
      fuzzy ? `l.city % ${city} AND similarity(l.city, ${city}) >= 0.45` : `lower(l.city) = lower(${city})`,
    );
  }
  push(search.zip !== null && `l.zip = ${p.add(search.zip)}`);
  push(search.state !== null && `l.state = ${p.add(search.state)}`);
  // Same as quality_score >= n for n >= 0, written on the quality sort's indexed expression.
  push(search.qualityMin !== null && `coalesce(l.quality_score, -1) >= ${p.add(search.qualityMin, 'int')}`);
  push(search.fraudMax !== null && `l.fraud_score <= ${p.add(search.fraudMax, 'int')}`);
  push(
    search.postedSince &&
      `coalesce(l.posted_at, l.first_seen_at) >= ${p.add(search.postedSince, 'timestamptz')}`,
  );
  push(
    search.sources &&
      `EXISTS (SELECT 1 FROM lead_sources s WHERE s.lead_id = l.id AND s.source_id = ANY(${p.add(search.sources, 'text[]')}))`,
  );
  push(contactCondition(search.hasPhone, 'cardinality(c.phones) > 0'));
  push(contactCondition(search.hasEmail, 'cardinality(c.emails) > 0'));
  push(contactCondition(search.dncClean, "(c.dnc -> 'listed') = '[]'::jsonb"));
  // Per lead through purchases' (buyer_id, lead_id) key: a buyer holds few leads, so this stays cheap
  // whichever index drives the search. Refunded purchases count: a buyer may hold a lead only once.
  push(
    search.notPurchasedBy !== null &&
      `NOT EXISTS (SELECT 1 FROM purchases pu WHERE pu.buyer_id = ${p.add(search.notPurchasedBy, 'uuid')} AND pu.lead_id = l.id)`,
  );
  // A lead without a slots row has never been carted or bought: every slot is open.
  push(
    search.slotsLeftMin !== null &&
      `coalesce((SELECT i.max_buyers - i.holders FROM lead_inventory i WHERE i.lead_id = l.id), ${p.add(search.defaultMaxBuyers, 'int')}) >= ${p.add(search.slotsLeftMin, 'int')}`,
  );
  const located = 'l.location IS NOT NULL';
  if (search.sort === 'distance') push(located);
  return {
    where,
    rank: text.rank,
    centre: () => (centre ??= centreExpr(search, p)),
    valueFree: where.every(
      (condition) => condition === SEARCHABLE || condition === radius || condition === located,
    ),
  };
}

export interface SortSpec {
  /** The expression rows are ordered by (then by id, in the same direction). */
  key: string;
  /** What the cursor stores for the key (epoch microseconds for times). */
  keyOut: string;
  dir: 'ASC' | 'DESC';
  /** The cursor's stored key back as an SQL value of the key's type. */
  keyIn: (p: Params, key: number) => string;
}

const POSTED = 'coalesce(l.posted_at, l.first_seen_at)';

/** The order of each sort; missing prices and scores sort last (the sentinels are outside their ranges). */
export function sortSpec(sort: SearchSort, filter: Filter): SortSpec {
  const numeric = (p: Params, key: number) => p.add(key, 'numeric');
  switch (sort) {
    case 'relevance':
      return { key: filter.rank, keyOut: filter.rank, dir: 'DESC', keyIn: (p, key) => p.add(key, 'real') };
    case 'distance': {
      const key = `(l.location <-> ${filter.centre()})`;
      return { key, keyOut: key, dir: 'ASC', keyIn: (p, k) => p.add(k, 'float8') };
    }
    case 'newest':
      return {
        key: POSTED,
        keyOut: `(extract(epoch FROM ${POSTED}) * 1000000)::bigint`,
        dir: 'DESC',
        keyIn: (p, key) => `(timestamptz 'epoch' + ${p.add(key, 'bigint')} * interval '1 microsecond')`,
      };
    case 'price_asc':
      return {
        key: 'coalesce(l.price, 1e15)',
        keyOut: 'coalesce(l.price, 1e15)',
        dir: 'ASC',
        keyIn: numeric,
      };
    case 'price_desc':
      return { key: 'coalesce(l.price, -1)', keyOut: 'coalesce(l.price, -1)', dir: 'DESC', keyIn: numeric };
    case 'quality':
      // coalesce(smallint, int) is int: the key goes back as int so the expression index can range-scan.
      return {
        key: 'coalesce(l.quality_score, -1)',
        keyOut: 'coalesce(l.quality_score, -1)',
        dir: 'DESC',
        keyIn: (p, key) => p.add(key, 'int'),
      };
  }
}

/** The keyset condition after the cursor's row: a row comparison the (key, id) indexes can range-scan. */
export function keysetCondition(spec: SortSpec, cursor: Cursor, p: Params): string {
  const op = spec.dir === 'DESC' ? '<' : '>';
  return `(${spec.key}, l.id) ${op} (${spec.keyIn(p, cursor.key)}, ${p.add(cursor.id, 'uuid')})`;
}
