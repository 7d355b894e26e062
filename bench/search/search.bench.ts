/**
 * `npm run bench search`: search latency at production size on real PostgreSQL (issue 6, "Figures to
 * show"). Seeds SEARCH_BENCH_N synthetic leads (default 1,000,000) into a fresh schema, or reuses the
 * seeded schema named by SEARCH_BENCH_SCHEMA (`aiqleads seed --synthetic N` with DATABASE_SCHEMA=…),
 * then times each query kind over SEARCH_BENCH_SAMPLES varied queries (default 200) through
 * searchLeads priced as the API prices them, the cost of that pricing alone (quoteLeads for pages of 20
 * and 50), and a mixed set over HTTP with autocannon (32 connections). SEARCH_BENCH_KINDS (a regular
 * expression) keeps only the matching query kinds; SEARCH_BENCH_HTTP=0 skips the HTTP run.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { holdersOf } from '../../src/modules/marketplace/index.js';
import { defaultPricingRules, type PricingRules, quoteLeads } from '../../src/modules/pricing/index.js';
import { type SearchQuery, type SearchResult, searchLeads } from '../../src/modules/search/index.js';
import type { Queryable } from '../../src/platform/db/index.js';
import { seedSynthetic } from '../../src/workflows/seed-synthetic/index.js';
import { openBenchPlatform } from '../ingest/bench-platform.js';
import type { BenchTable } from '../table.js';
import { explainQuery } from './explain.js';
import { staleMigrations } from './search-bench-platform.js';
import { httpRun } from './search-http.js';
import { type QueryKind, queryKinds } from './search-queries.js';

const PGLITE_MAX = 20_000;

function settings() {
  const positive = (text: string | undefined, fallback: number) =>
    Number.isInteger(Number(text)) && Number(text) > 0 ? Number(text) : fallback;
  const n = positive(process.env.SEARCH_BENCH_N, 1_000_000);
  const samples = positive(process.env.SEARCH_BENCH_SAMPLES, 200);
  if (!process.env.DATABASE_URL && n > PGLITE_MAX)
    throw new Error(
      `the search bench measures ${n.toLocaleString('en-US')} leads on real PostgreSQL: set DATABASE_URL, ` +
        `or SEARCH_BENCH_N≤${PGLITE_MAX} to try it on the embedded PGlite (figures not comparable)`,
    );
  const kinds = process.env.SEARCH_BENCH_KINDS ? new RegExp(process.env.SEARCH_BENCH_KINDS, 'i') : null;
  return {
    n,
    samples,
    reuse: process.env.SEARCH_BENCH_SCHEMA,
    kinds,
    http: process.env.SEARCH_BENCH_HTTP !== '0',
  };
}

// Prices as the API quotes them (default rules), so the figures include the page's quote.
const rules: PricingRules = defaultPricingRules(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

/** Runs one query instance (following cursors to the wanted page); returns the measured request's ms. */
async function timeOne(
  db: Queryable,
  kind: QueryKind,
  query: SearchQuery,
): Promise<{ ms: number; result: SearchResult }> {
  let current = query;
  for (let page = 1; ; page++) {
    const started = performance.now();
    const result = await searchLeads(db, current, {
      facets: kind.facets && page === 1,
      pricing: { rules, now: new Date() },
    });
    const ms = performance.now() - started;
    if (!kind.page || page >= kind.page || !result.next_cursor) return { ms, result };
    current = { ...query, cursor: result.next_cursor };
  }
}

interface KindFigures {
  kind: QueryKind;
  sorted: number[];
  /** The query at the 95th percentile, for EXPLAIN. */
  p95Query: SearchQuery;
  meanItems: number;
  exactTotals: number;
}

async function measure(db: Queryable, kind: QueryKind, allSamples: number): Promise<KindFigures> {
  // A deep page costs its whole chain of pages: a quarter of the samples keeps the run in minutes.
  const samples = kind.page ? Math.max(10, Math.round(allSamples / 4)) : allSamples;
  for (let i = 0; i < (kind.page ? 2 : 10); i++) await timeOne(db, kind, kind.make(samples + i)); // warm-up
  const timings: { ms: number; query: SearchQuery }[] = [];
  let items = 0;
  let exact = 0;
  for (let i = 0; i < samples; i++) {
    const query = kind.make(i);
    const { ms, result } = await timeOne(db, kind, query);
    timings.push({ ms, query });
    items += result.items.length;
    if (result.total.exact) exact += 1;
  }
  timings.sort((a, b) => a.ms - b.ms);
  const p95 = timings[Math.ceil(0.95 * timings.length) - 1] ?? (timings[0] as { query: SearchQuery });
  return {
    kind,
    sorted: timings.map((t) => t.ms),
    p95Query: p95.query,
    meanItems: items / samples,
    exactTotals: exact / samples,
  };
}

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);

/** quoteLeads alone for pages of 20 and 50 search results (issue 7: pricing must not slow search). */
async function pricingCost(db: Queryable, samples: number): Promise<BenchTable> {
  const table: BenchTable = {
    title: 'Pricing a search page: quoteLeads (read-only, as search calls it), sequential',
    columns: ['page size', 'samples', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    rows: [],
  };
  for (const size of [20, 50]) {
    const timings: number[] = [];
    for (let i = 0; i < samples + 5; i++) {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM leads TABLESAMPLE SYSTEM (0.1) REPEATABLE (${i}) WHERE status = 'published' LIMIT ${size}`,
      );
      const started = performance.now();
      await quoteLeads(
        db,
        rows.map((row) => row.id),
        { rules, now: new Date(), holdersOf, store: false },
      );
      if (i >= 5) timings.push(performance.now() - started); // the first five warm the pool
    }
    timings.sort((a, b) => a - b);
    table.rows.push([
      size,
      timings.length,
      fmt(percentile(timings, 50)),
      fmt(percentile(timings, 95)),
      fmt(percentile(timings, 99)),
      fmt(timings.at(-1) ?? 0),
    ]);
  }
  return table;
}

/** The search bench: library-level percentiles, HTTP throughput, and plans of the goal queries. */
export async function searchBench(): Promise<BenchTable[]> {
  const { n, samples, reuse, kinds, http: withHttp } = settings();
  const schema = reuse ?? `bench_search_${process.pid}_${randomBytes(3).toString('hex')}`;
  const bench = await openBenchPlatform({
    schema,
    dropOnClose: !reuse,
    migrate: !reuse,
    env: { DATABASE_POOL_MAX: '40' },
  });
  const { platform } = bench;
  try {
    const { rows } = await platform.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM leads WHERE status = 'published'",
    );
    const stale = reuse ? await staleMigrations(platform) : [];
    let seeded = `reused schema ${schema}: ${(rows[0]?.n ?? 0).toLocaleString('en-US')} published leads${
      stale.length > 0 ? `, NOT at today's migrations (${stale.join(', ')} differ)` : ''
    }`;
    if (!reuse) {
      const summary = await seedSynthetic(platform, { count: n, seed: 1 });
      seeded = `seeded ${n.toLocaleString('en-US')} leads in ${(summary.loadMs / 1000).toFixed(0)} s (${summary.method})`;
    }
    const figures: KindFigures[] = [];
    for (const kind of queryKinds(samples).filter((k) => !kinds || kinds.test(k.name)))
      figures.push(await measure(platform.db, kind, samples));
    const library: BenchTable = {
      title: `Search latency, searchLeads on ${bench.backend} (${seeded}; ${samples} varied queries each, sequential)`,
      columns: [
        'query',
        'samples',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'items/page',
        'exact total',
        'goal p95',
        'met',
      ],
      rows: figures.map(({ kind, sorted, meanItems, exactTotals }) => [
        kind.name,
        sorted.length,
        fmt(percentile(sorted, 50)),
        fmt(percentile(sorted, 95)),
        fmt(percentile(sorted, 99)),
        fmt(sorted.at(-1) ?? 0),
        meanItems.toFixed(1),
        `${Math.round(exactTotals * 100)}%`,
        kind.goalP95 ? `≤ ${kind.goalP95} ms` : '',
        kind.goalP95 ? (percentile(sorted, 95) <= kind.goalP95 ? 'yes' : 'no') : '',
      ]),
    };
    const pricing = await pricingCost(platform.db, Math.min(samples, 100));
    const http = withHttp ? await httpRun(platform, samples) : null;
    const plans: BenchTable = {
      title: 'Plans of the goal queries at their p95 instance (EXPLAIN ANALYZE, BUFFERS; top nodes)',
      columns: ['query', 'statement', 'execution ms', 'shared hit/read', 'plan (top nodes)'],
      rows: [],
    };
    for (const figure of figures.filter((f) => f.kind.goalP95)) {
      for (const plan of await explainQuery(platform.db, figure.p95Query, figure.kind.facets))
        plans.rows.push([figure.kind.name, plan.statement, plan.executionMs, plan.buffers, plan.summary]);
    }
    return [library, pricing, ...(http ? [http] : []), plans];
  } finally {
    await bench.close();
  }
}
