import {
  DEFAULT_RULES_CONFIG,
  defaultPricingRules,
  type PriceInput,
  priceLead,
  quoteLead,
  quoteLeads,
} from '../../src/modules/pricing/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import type { BenchTable } from '../table.js';

const LEADS = 20_000;
const ZIPS = 500;
const PAGE = 50;
const NOW = new Date('2026-06-15T12:00:00Z');
const rules = defaultPricingRules(DEFAULT_RULES_CONFIG);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function timeEach(count: number, op: (i: number) => unknown): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await op(i);
    latencies.push(performance.now() - t0);
  }
  return latencies.sort((a, b) => a - b);
}

/** 20k published leads over 500 ZIPs, 21 days of demand in every ZIP and nationally, 1 in 10 leads held. */
async function seed(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO leads (status, listing_type, property_type, state, zip, city, quality_score, posted_at)
     SELECT 'published', (ARRAY['fsbo_sale','owner_rental','form_lead','contact_import'])[1 + g % 4],
       (ARRAY['house','condo','multi_family','land'])[1 + g % 4], (ARRAY['NM','CA','TX','OH'])[1 + g % 4],
       lpad((10000 + g % $2)::text, 5, '0'), 'Town ' || (g % $2), g % 101, $3::timestamptz - (g % 60) * interval '1 day'
     FROM generate_series(1, $1) AS g RETURNING id`,
    [LEADS, ZIPS, NOW],
  );
  await db.query(
    `INSERT INTO demand_daily (scope, area, day, views, cart_adds, purchases, saved_search_matches)
     SELECT 'zip', lpad((10000 + z)::text, 5, '0'), ($1::timestamptz - d * interval '1 day')::date,
       (z * 7 + d) % 40, (z + d) % 5, (z * d) % 3, (z + 2 * d) % 6
     FROM generate_series(0, $2 - 1) AS z, generate_series(0, 21) AS d`,
    [NOW, ZIPS],
  );
  await db.query(
    `INSERT INTO demand_daily (scope, area, day, views, cart_adds, purchases, saved_search_matches, markets)
     SELECT 'national', 'US', day, sum(views), sum(cart_adds), sum(purchases), sum(saved_search_matches), count(*)
     FROM demand_daily WHERE scope = 'zip' GROUP BY day`,
  );
  await db.query(
    `INSERT INTO lead_demand (lead_id, views, purchases, last_event_at)
     SELECT id, 10, 1, $1 FROM leads WHERE quality_score % 10 = 0`,
    [NOW],
  );
  await db.exec('ANALYZE leads; ANALYZE demand_daily; ANALYZE lead_demand;');
  return rows.map((row) => row.id);
}

/**
 * Price computation per lead and per search page of 50: the pure engine, then on the configured database
 * through quoteLead / quoteLeads (set-based reads; writes only when a list price changed).
 */
export async function pricingBench(): Promise<BenchTable> {
  const rows: (string | number)[][] = [];
  const record = (name: string, unit: string, latencies: number[]) =>
    rows.push([
      name,
      unit,
      latencies.length,
      percentile(latencies, 0.5).toFixed(3),
      percentile(latencies, 0.99).toFixed(3),
    ]);

  const inputs: PriceInput[] = Array.from({ length: 1000 }, (_, i) => ({
    listingType: 'fsbo_sale',
    propertyType: 'house',
    state: i % 2 ? 'NM' : 'CA',
    zip: `875${String(i % 100).padStart(2, '0')}`,
    qualityScore: i % 101,
    postedAt: new Date(NOW.getTime() - (i % 60) * 86_400_000),
    now: NOW,
    demand: { market: i % 200, nationalPerMarket: 40 },
    holders: i % 3,
    discountPercent: i % 2 ? 10 : 0,
  }));
  for (let i = 0; i < 2000; i++) priceLead(inputs[i % 1000]!, rules); // warm-up
  record('priceLead (pure)', 'lead', await timeEach(20_000, (i) => priceLead(inputs[i % 1000]!, rules)));
  record(
    'priceLead × 50 (pure)',
    'page of 50',
    await timeEach(2_000, (i) => {
      for (let j = 0; j < PAGE; j++) priceLead(inputs[(i * PAGE + j) % 1000]!, rules);
    }),
  );

  const bench = await openBenchPlatform();
  const { db } = bench.platform;
  try {
    const ids = await seed(db);
    const page = (i: number) => ids.slice((i * PAGE) % (LEADS - PAGE), ((i * PAGE) % (LEADS - PAGE)) + PAGE);
    const options = { now: NOW, rules };
    record(
      `quoteLeads, first quote: ${PAGE} versions written (${bench.backend})`,
      'page of 50',
      await timeEach(200, (i) => quoteLeads(db, page(i), options)),
    );
    record(
      `quoteLeads, unchanged prices (${bench.backend})`,
      'page of 50',
      await timeEach(400, (i) => quoteLeads(db, page(i % 200), options)),
    );
    record(
      `quoteLead, unchanged price (${bench.backend})`,
      'lead',
      await timeEach(1_000, (i) => quoteLead(db, ids[i]!, options)),
    );
    return {
      title: `Price computation (${LEADS.toLocaleString('en')} leads, ${ZIPS} ZIPs with 22 days of demand; ms)`,
      columns: ['operation', 'unit', 'runs', 'p50 ms', 'p99 ms'],
      rows,
    };
  } finally {
    await bench.close();
  }
}
