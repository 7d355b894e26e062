/**
 * `npm run bench saved-searches`: the cost of matching newly published leads against 10,000 saved searches
 * on the configured database. Searches are spread over real US ZIP centroids (the `zipcodes` gazetteer,
 * so dense where ZIPs are dense) with random radii and filters; each new lead is matched the way ingest
 * calls it (`matchNewLeads` inside the publishing transaction), one lead per call and 100 per call.
 */
import { randomUUID } from 'node:crypto';
import zipcodes from 'zipcodes';
import type { SavedQuery } from '../../src/modules/saved-searches/index.js';
import { matchNewLeads, searchInterestKeys } from '../../src/modules/saved-searches/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import type { BenchTable } from '../table.js';

const SEARCHES = 10_000;
const USERS = 200;
const LEADS = 1_000;
const BATCH = 100;
const TYPES = ['house', 'condo', 'townhouse', 'apartment', 'multi_family', 'land'] as const;
const WORDS = ['pool', 'garage', 'renovated', 'yard', 'view', 'basement', 'fireplace', 'acre'];

/** mulberry32: a seeded generator, so every run benches the same searches and leads. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(20261126);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (p: number) => random() < p;
const places = Object.values(zipcodes.codes).filter(
  (entry) => entry.country === 'US' && entry.latitude > 24 && entry.latitude < 50 && entry.longitude < -66,
);

function randomQuery(): SavedQuery {
  const place = pick(places);
  const query: SavedQuery = {};
  const kind = random();
  if (kind < 0.8) {
    // Log-uniform 2–100 km: most agents watch a town, some a metro area.
    Object.assign(query, {
      lat: place.latitude,
      lng: place.longitude,
      radius_km: Math.round(2 * 50 ** random()),
    });
  } else if (kind < 0.88) {
    const half = 0.1 + random() * 0.9;
    query.bbox = [
      place.longitude - half,
      place.latitude - half,
      place.longitude + half,
      place.latitude + half,
    ]
      .map((value) => value.toFixed(4))
      .join(',');
  } else if (kind < 0.93) query.zip = place.zip;
  else if (kind < 0.98) Object.assign(query, { city: place.city, state: place.state });
  else Object.assign(query, { state: place.state, q: pick(WORDS) });
  if (chance(0.4)) query.property_type = [...new Set([pick(TYPES), pick(TYPES)])];
  if (chance(0.4)) query.price_max = Math.round(150_000 + random() * 850_000);
  if (chance(0.3)) query.beds_min = 1 + Math.floor(random() * 4);
  if (chance(0.15)) query.q ??= pick(WORDS);
  if (chance(0.2)) query.quality_min = 30 + Math.floor(random() * 40);
  if (chance(0.3)) query.has_phone = true;
  return query;
}

async function seedSearches(db: Database): Promise<void> {
  const { rows: users } = await db.query<{ id: string }>(
    `INSERT INTO users (email) SELECT 'bench-ss-' || g || '-' || gen_random_uuid() || '@example.com'
       FROM generate_series(1, $1) AS g RETURNING id`,
    [USERS],
  );
  for (let start = 0; start < SEARCHES; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, SEARCHES - start) }, (_, i) => ({
      id: randomUUID(),
      user: users[(start + i) % USERS]!.id,
      query: randomQuery(),
    }));
    await db.query(
      `INSERT INTO saved_searches (id, user_id, name, query)
       SELECT id, user_id, 'bench', query::jsonb FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS s(id, user_id, query)`,
      [batch.map((s) => s.id), batch.map((s) => s.user), batch.map((s) => JSON.stringify(s.query))],
    );
    const keys = batch.flatMap((s) => searchInterestKeys(s.query).map((key) => [key, s.id] as const));
    await db.query(
      `INSERT INTO saved_search_keys (key, saved_search_id)
       SELECT DISTINCT key, id FROM unnest($1::text[], $2::uuid[]) AS k(key, id)`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
  }
}

async function seedLeads(db: Database): Promise<string[]> {
  const leads = Array.from({ length: LEADS }, () => {
    const place = pick(places);
    return {
      title: `${pick(['Charming', 'Spacious', 'Updated', 'Quiet'])} ${pick(TYPES)} with ${pick(WORDS)} and ${pick(WORDS)}`,
      type: pick(TYPES),
      price: Math.round(80_000 + random() * 900_000),
      beds: 1 + Math.floor(random() * 5),
      lat: place.latitude + (random() - 0.5) * 0.05,
      lng: place.longitude + (random() - 0.5) * 0.05,
      place,
      quality: 20 + Math.floor(random() * 80),
    };
  });
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (status, listing_type, property_type, title, price, bedrooms, city, state, zip, location,
       posted_at, quality_score, fraud_score)
     SELECT 'published', 'fsbo_sale', t, title, price, beds, city, state, zip,
            ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, now(), quality, 5
       FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::text[], $6::text[], $7::text[],
                   $8::float8[], $9::float8[], $10::int[])
         AS l(t, title, price, beds, city, state, zip, lng, lat, quality)
     RETURNING id`,
    [
      leads.map((l) => l.type),
      leads.map((l) => l.title),
      leads.map((l) => l.price),
      leads.map((l) => l.beds),
      leads.map((l) => l.place.city),
      leads.map((l) => l.place.state),
      leads.map((l) => l.place.zip),
      leads.map((l) => l.lng),
      leads.map((l) => l.lat),
      leads.map((l) => l.quality),
    ],
  );
  await db.query(
    `INSERT INTO contacts (lead_id, name, phones) SELECT id, 'Bench Owner', ARRAY['+15055550100'] FROM unnest($1::uuid[]) AS id`,
    [rows.filter((_, i) => i % 5 !== 0).map((row) => row.id)],
  );
  return rows.map((row) => row.id);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** Matching cost per new lead with 10,000 saved searches. */
export async function savedSearchMatchingBench(): Promise<BenchTable> {
  const bench = await openBenchPlatform();
  const { db } = bench.platform;
  try {
    await seedSearches(db);
    const leads = await seedLeads(db);
    await db.exec('ANALYZE saved_search_keys; ANALYZE saved_searches; ANALYZE leads;');
    const single = leads.slice(0, LEADS / 2);
    const ms: number[] = [];
    const candidates: number[] = [];
    const matched: number[] = [];
    for (const id of single) {
      const t0 = performance.now();
      const result = await db.transaction((tx) => matchNewLeads(tx, [id], new Date()));
      ms.push(performance.now() - t0);
      candidates.push(result.candidates);
      matched.push(result.matched);
    }
    const batchMs: number[] = [];
    const batchCandidates: number[] = [];
    for (let start = LEADS / 2; start < LEADS; start += BATCH) {
      const t0 = performance.now();
      const result = await db.transaction((tx) =>
        matchNewLeads(tx, leads.slice(start, start + BATCH), new Date()),
      );
      batchMs.push((performance.now() - t0) / BATCH);
      batchCandidates.push(result.candidates / BATCH);
    }
    // What one transaction with one trivial statement costs right now: the floor under the per-call figures.
    const baseline: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await db.transaction((tx) => tx.query('SELECT 1'));
      baseline.push(performance.now() - t0);
    }
    const f = (value: number) => value.toFixed(2);
    return {
      title: `Saved-search matching per new lead, ${SEARCHES.toLocaleString('en-US')} saved searches (${bench.backend})`,
      columns: [
        'mode',
        'leads',
        'p50 ms/lead',
        'p95 ms/lead',
        'p99 ms/lead',
        'candidates/lead p50',
        'p95',
        'mean',
        'matches/lead',
      ],
      rows: [
        [
          '1 lead per call',
          single.length,
          f(percentile(ms, 0.5)),
          f(percentile(ms, 0.95)),
          f(percentile(ms, 0.99)),
          percentile(candidates, 0.5),
          percentile(candidates, 0.95),
          f(mean(candidates)),
          f(mean(matched)),
        ],
        [
          `${BATCH} leads per call`,
          LEADS / 2,
          f(percentile(batchMs, 0.5)),
          f(percentile(batchMs, 0.95)),
          '—',
          '—',
          '—',
          f(mean(batchCandidates)),
          '—',
        ],
        [
          'baseline: BEGIN; SELECT 1; COMMIT',
          200,
          f(percentile(baseline, 0.5)),
          f(percentile(baseline, 0.95)),
          f(percentile(baseline, 0.99)),
          '—',
          '—',
          '—',
          '—',
        ],
      ],
    };
  } finally {
    await bench.close();
  }
}
