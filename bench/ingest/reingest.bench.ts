import { contentHash } from '../../src/modules/sources/index.js';
import type { Database } from '../../src/platform/db/index.js';
import { ingestDepsFor, reparseSource } from '../../src/workflows/ingest/index.js';
import { sharedParsePool } from '../../src/workflows/ingest/parse-pool.js';
import type { BenchTable } from '../table.js';
import { openBenchPlatform } from './bench-platform.js';
import { loadCorpus, nthPosting } from './corpus.js';

const RECORDS = Number(process.env.REINGEST_RECORDS ?? 20_000);
const BATCH = 500;
const TIMEOUT_MS = 20 * 60_000;
const GOAL_PER_MIN = 50_000;

class Deadline extends Error {
  constructor(readonly done: number) {
    super('deadline');
  }
}

/**
 * Stores `count` posting pages (real pages with rewritten post ids) as pending raw records, in batches
 * of one multi-row INSERT each: the state a crawl leaves before parsing, reached without crawling.
 */
async function loadRawRecords(db: Database, count: number): Promise<void> {
  const corpus = loadCorpus();
  for (let start = 0; start < count; start += BATCH) {
    const ids: string[] = [];
    const urls: string[] = [];
    const payloads: string[] = [];
    const hashes: string[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const page = nthPosting(corpus, i);
      ids.push(page.id);
      urls.push(
        /<link rel="canonical" href="([^"]+)"/.exec(page.html)?.[1] ??
          `https://x.craigslist.org${page.pathname}`,
      );
      payloads.push(page.html);
      hashes.push(contentHash(page.html));
    }
    await db.query(
      `INSERT INTO raw_records (source_id, external_id, source_url, content_type, payload, content_hash, http_status)
       SELECT 'craigslist', id, url, 'text/html', payload, hash, 200
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, url, payload, hash)`,
      [ids, urls, payloads, hashes],
    );
  }
}

/**
 * End-to-end ingestion from stored raw records: 20,000 real posting pages loaded as pending raw records
 * into a fresh schema, then `reparseSource` (parse, normalise, upsert leads with contacts, provenance and
 * events, record the parse) over all of them.
 */
export async function reingestBench(): Promise<BenchTable> {
  const bench = await openBenchPlatform();
  const { platform } = bench;
  try {
    const loadStarted = performance.now();
    await loadRawRecords(platform.db, RECORDS);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    // Stored records have table statistics by the time anyone replays them (autovacuum analyses a table
    // after its first few thousand inserts); without them the planner sorts every remaining record per batch.
    await platform.db.query('ANALYZE raw_records');
    const deps = ingestDepsFor(platform);
    // A running worker's parse threads are up long before a replay: their start-up is not measured.
    await sharedParsePool().warm('craigslist');
    const started = performance.now();
    let records = 0;
    let note = '';
    let summary: Awaited<ReturnType<typeof reparseSource>> | undefined;
    try {
      summary = await reparseSource(deps, 'craigslist', (done) => {
        records = done;
        // reparseSource has no stop signal of its own: the bench stops it at a batch boundary.
        if (performance.now() - started > TIMEOUT_MS) throw new Deadline(done);
      });
      records = summary.records;
    } catch (error) {
      if (!(error instanceof Deadline)) throw error;
      note = ` [stopped after ${TIMEOUT_MS / 60_000} min]`;
    }
    const seconds = (performance.now() - started) / 1000;
    const perMinute = (records / seconds) * 60;
    return {
      title: `Re-ingest from stored raw records (reparseSource over ${RECORDS} real Craigslist posting pages)`,
      columns: [
        'database',
        'records',
        'load s (bulk insert)',
        'reparse s',
        'records/min',
        'leads created',
        'parsed / skipped / failed',
        `goal ≥ ${GOAL_PER_MIN.toLocaleString('en-US')}/min`,
      ],
      rows: [
        [
          `${bench.backend}${note}`,
          records,
          loadSeconds.toFixed(1),
          seconds.toFixed(1),
          Math.round(perMinute),
          summary?.leadsCreated ?? '-',
          summary ? `${summary.parsed} / ${summary.skipped} / ${summary.failed}` : '-',
          perMinute >= GOAL_PER_MIN ? 'yes' : 'no',
        ],
      ],
    };
  } finally {
    await bench.close();
  }
}
