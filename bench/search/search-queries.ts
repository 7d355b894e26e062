import type { SearchQuery } from '../../src/modules/search/index.js';
import { COMMON_WORD, createRng, RARE_WORD, zipTable } from '../../src/workflows/seed-synthetic/index.js';

/** One measured query kind: how to make its i-th varied instance, and the goal it must meet, if any. */
export interface QueryKind {
  name: string;
  make: (i: number) => SearchQuery;
  facets: boolean;
  /** p95 goal in ms from issue 6. */
  goalP95?: number;
  /** Follow next_cursor to this page and time that page only. */
  page?: number;
}

// Words that many synthetic leads carry (templates in src/workflows/seed-synthetic/text.ts): the type
// labels, 'garage' (~34%), rental and sale phrasing. The rare queries use the rare word (~0.3%) or the
// name of a small town drawn uniformly over ZIPs, which few leads mention.
const COMMON_WORDS = [COMMON_WORD, 'house', 'rent', 'sale', 'floors', 'bath'];

/** Query centres: ZIP centroids drawn by population, like the leads themselves (seeded). */
export function centres(count: number, seed = 99): { lat: number; lng: number; state: string }[] {
  const rng = createRng(seed, 1);
  const { pick } = zipTable();
  return Array.from({ length: count }, () => {
    const zip = pick(rng);
    return { lat: zip.latitude, lng: zip.longitude, state: zip.state };
  });
}

/** Small-town names: ZIPs drawn uniformly (not by population) whose city name is one plain word. */
function smallTowns(count: number): string[] {
  const rng = createRng(7, 2);
  const { zips } = zipTable();
  const towns: string[] = [];
  while (towns.length < count) {
    const zip = rng.pick(zips);
    if (zip.density <= 2 && /^[A-Za-z]{5,}$/.test(zip.city)) towns.push(zip.city.toLowerCase());
  }
  return towns;
}

/** The query kinds of the "figures to show", each with `samples` varied instances. */
export function queryKinds(samples: number): QueryKind[] {
  const at = centres(samples);
  const towns = smallTowns(samples);
  const centre = (i: number) => at[i % at.length] as { lat: number; lng: number; state: string };
  const rare = (i: number) => (i % 2 === 0 ? RARE_WORD : (towns[i % towns.length] as string));
  const common = (i: number) => COMMON_WORDS[i % COMMON_WORDS.length] as string;
  const near = (i: number, radius_km: number) => ({ lat: centre(i).lat, lng: centre(i).lng, radius_km });
  return [
    { name: 'radius 10 km', make: (i) => near(i, 10), facets: false, goalP95: 10 },
    { name: 'radius 50 km', make: (i) => near(i, 50), facets: false },
    { name: 'common word, nationwide', make: (i) => ({ q: common(i) }), facets: false, goalP95: 150 },
    { name: 'rare word, nationwide', make: (i) => ({ q: rare(i) }), facets: false },
    { name: 'common word + radius 10 km', make: (i) => ({ q: common(i), ...near(i, 10) }), facets: false },
    { name: 'rare word + radius 50 km', make: (i) => ({ q: rare(i), ...near(i, 50) }), facets: false },
    {
      name: 'filters only + facets',
      make: (i) => ({
        state: centre(i).state,
        property_type: ['house'],
        beds_min: 3,
        price_min: 100_000 + (i % 5) * 50_000,
        price_max: 900_000,
      }),
      facets: true,
    },
    {
      name: 'text + radius 25 km + facets',
      make: (i) => ({ q: common(i), ...near(i, 25) }),
      facets: true,
      goalP95: 50,
    },
    { name: 'page 20 of radius 50 km (cursor)', make: (i) => near(i, 50), facets: false, page: 20 },
  ];
}

/** Query-string paths of a mixed set for the HTTP run (GET /v1/leads; facets are on for first pages). */
export function mixedPaths(count: number): string[] {
  const kinds = queryKinds(count).filter((kind) => kind.page === undefined);
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length] as QueryKind;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(kind.make(i)))
      params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    return `/v1/leads?${params}`;
  });
}
