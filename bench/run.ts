/**
 * `npm run bench [name…]`: runs the named benchmarks (all by default) and prints one Markdown table each.
 * Benchmarks use the configured database: set DATABASE_URL for figures on real PostgreSQL.
 */
import { loginBench } from './accounts/login.bench.js';
import { addressAccuracyBench } from './address-accuracy.js';
import { ledgerBench } from './billing/ledger.bench.js';
import { httpBaseline } from './http-baseline.js';
import { crawlBench } from './ingest/crawl.bench.js';
import { faultsBench } from './ingest/faults.bench.js';
import { parsersBench } from './ingest/parsers.bench.js';
import { reingestBench } from './ingest/reingest.bench.js';
import { checkoutBench } from './marketplace/checkout.bench.js';
import { exportBench } from './marketplace/export.bench.js';
import { refundsBench } from './marketplace/refunds.bench.js';
import { pricingBench } from './pricing/pricing.bench.js';
import { dedupeBench } from './quality/dedupe.bench.js';
import { validationBench } from './quality/validation.bench.js';
import { savedSearchMatchingBench } from './search/saved-search-matching.bench.js';
import { searchBench } from './search/search.bench.js';
import { startup } from './startup.js';
import { type BenchTable, renderTable } from './table.js';

// A benchmark returns one table, or several when it measures more than one thing (search).
const BENCHMARKS: Record<string, () => Promise<BenchTable | BenchTable[]>> = {
  startup,
  http: httpBaseline,
  address: addressAccuracyBench,
  crawl: crawlBench,
  parsers: parsersBench,
  reingest: reingestBench,
  faults: faultsBench,
  dedupe: dedupeBench,
  validation: validationBench,
  login: loginBench,
  ledger: ledgerBench,
  pricing: pricingBench,
  checkout: checkoutBench,
  'purchases-export': exportBench,
  refunds: refundsBench,
  'saved-searches': savedSearchMatchingBench,
  search: searchBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHMARKS)) {
  for (const table of [await BENCHMARKS[name]!()].flat()) console.log(renderTable(table));
}
