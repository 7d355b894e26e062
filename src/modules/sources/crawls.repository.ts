import type { Queryable } from '../../platform/db/index.js';

export type CrawlTrigger = 'cli' | 'schedule' | 'api';
export type CrawlRunStatus = 'running' | 'done' | 'failed' | 'cancelled';
export type CrawlPageStatus =
  | 'queued'
  | 'stored'
  | 'parsed'
  | 'skipped'
  | 'failed'
  | 'robots'
  | 'blocked'
  | 'unchanged';

export interface CrawlRun {
  id: string;
  source_id: string;
  trigger: CrawlTrigger;
  params: Record<string, unknown>;
  status: CrawlRunStatus;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface CrawlPage {
  id: number;
  crawl_run_id: string;
  url: string;
  kind: 'search' | 'listing';
  status: CrawlPageStatus;
  http_status: number | null;
  raw_record_id: number | null;
  leads_created: number;
  leads_updated: number;
  detail: string | null;
  attempts: number;
}

/** Per-status page counts of a run, plus lead totals: what the crawl summary and admin API show. */
export interface CrawlCounts {
  pages: number;
  queued: number;
  /** Fetched and stored, waiting for the batch parse. */
  stored: number;
  parsed: number;
  skipped: number;
  failed: number;
  robots: number;
  blocked: number;
  unchanged: number;
  leads_created: number;
  leads_updated: number;
}

/** Starts a crawl run. */
export async function createCrawlRun(
  db: Queryable,
  sourceId: string,
  trigger: CrawlTrigger,
  params: Record<string, unknown>,
): Promise<CrawlRun> {
  const { rows } = await db.query<CrawlRun>(
    'INSERT INTO crawl_runs (source_id, trigger, params) VALUES ($1, $2, $3) RETURNING *',
    [sourceId, trigger, JSON.stringify(params)],
  );
  return rows[0]!;
}

/** Queues pages of a run; URLs already queued in this run are ignored. Returns the new pages' ids. */
export async function queueCrawlPages(
  db: Queryable,
  runId: string,
  kind: 'search' | 'listing',
  urls: string[],
): Promise<{ id: number; url: string }[]> {
  if (urls.length === 0) return [];
  const { rows } = await db.query<{ id: number; url: string }>(
    `INSERT INTO crawl_pages (crawl_run_id, kind, url)
     SELECT $1, $2, url FROM unnest($3::text[]) AS url
     ON CONFLICT (crawl_run_id, url) DO NOTHING
     RETURNING id, url`,
    [runId, kind, urls],
  );
  return rows;
}

/** A page claimed for processing, with what the worker needs of its run. */
export type ClaimedPage = CrawlPage & {
  source_id: string;
  run_status: CrawlRunStatus;
  run_params: Record<string, unknown>;
};

/**
 * Reads pages for processing (each with its run's source, status and params) and counts the attempt, in
 * one statement; ids that don't exist are left out.
 */
export async function claimCrawlPages(db: Queryable, pageIds: readonly number[]): Promise<ClaimedPage[]> {
  if (pageIds.length === 0) return [];
  const { rows } = await db.query<ClaimedPage>(
    `UPDATE crawl_pages p SET attempts = attempts + 1
       FROM crawl_runs r
      WHERE p.id = ANY($1::bigint[]) AND r.id = p.crawl_run_id
      RETURNING p.*, r.source_id, r.status AS run_status, r.params AS run_params`,
    [pageIds],
  );
  return rows;
}

export interface PageOutcome {
  status: Exclude<CrawlPageStatus, 'queued'>;
  httpStatus?: number | null;
  rawRecordId?: number | null;
  leadsCreated?: number;
  leadsUpdated?: number;
  detail?: string | null;
}

/**
 * Records how pages ended and, in the same statement, closes each of their runs that has no other page
 * still queued or waiting for its parse; returns the ids of the runs this call closed.
 */
export async function finishCrawlPages(
  db: Queryable,
  finished: readonly { id: number; runId: string; outcome: PageOutcome }[],
): Promise<string[]> {
  if (finished.length === 0) return [];
  const rows = finished.map(({ id, runId, outcome }) => ({
    id,
    run_id: runId,
    status: outcome.status,
    http_status: outcome.httpStatus ?? null,
    raw_record_id: outcome.rawRecordId ?? null,
    leads_created: outcome.leadsCreated ?? 0,
    leads_updated: outcome.leadsUpdated ?? 0,
    detail: outcome.detail ?? null,
  }));
  // The run check can't see this statement's own page updates (one snapshot), so it skips these pages
  // and counts them as open only when they are left waiting for their parse.
  const { rows: closed } = await db.query<{ id: string }>(
    `WITH outcome AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS o(id bigint, run_id uuid, status text, http_status integer, raw_record_id bigint,
              leads_created integer, leads_updated integer, detail text))
     , page AS (
       UPDATE crawl_pages p SET status = o.status, http_status = o.http_status, raw_record_id = o.raw_record_id,
              leads_created = o.leads_created, leads_updated = o.leads_updated, detail = o.detail,
              finished_at = now()
         FROM outcome o
        WHERE p.id = o.id)
     UPDATE crawl_runs r SET status = 'done', finished_at = now()
      WHERE r.id IN (SELECT run_id FROM outcome) AND r.status = 'running'
        AND NOT EXISTS (SELECT 1 FROM outcome o WHERE o.run_id = r.id AND o.status = 'stored')
        AND NOT EXISTS (SELECT 1 FROM crawl_pages p
                         WHERE p.crawl_run_id = r.id AND p.status IN ('queued', 'stored')
                           AND p.id NOT IN (SELECT id FROM outcome))
      RETURNING r.id`,
    [JSON.stringify(rows)],
  );
  return closed.map((row) => row.id);
}

/** What parsing made of a stored page's raw record. */
export interface StoredPageOutcome {
  rawRecordId: number;
  status: 'parsed' | 'skipped' | 'failed';
  leadsCreated: number;
  leadsUpdated: number;
  detail: string | null;
}

/**
 * Settles the pages waiting for these raw records' parse, then closes the runs that have nothing left
 * open; returns the ids of the runs it closed.
 */
export async function settleStoredPages(
  db: Queryable,
  outcomes: readonly StoredPageOutcome[],
): Promise<string[]> {
  if (outcomes.length === 0) return [];
  const rows = outcomes.map((outcome) => ({
    raw_record_id: outcome.rawRecordId,
    status: outcome.status,
    leads_created: outcome.leadsCreated,
    leads_updated: outcome.leadsUpdated,
    detail: outcome.detail,
  }));
  const settled = await db.query<{ crawl_run_id: string }>(
    `UPDATE crawl_pages p SET status = r.status, leads_created = r.leads_created, leads_updated = r.leads_updated,
            detail = coalesce(r.detail, p.detail)
       FROM jsonb_to_recordset($1::jsonb)
         AS r(raw_record_id bigint, status text, leads_created integer, leads_updated integer, detail text)
      WHERE p.raw_record_id = r.raw_record_id AND p.status = 'stored'
      RETURNING p.crawl_run_id`,
    [JSON.stringify(rows)],
  );
  const runIds = [...new Set(settled.rows.map((row) => row.crawl_run_id))];
  if (runIds.length === 0) return [];
  const closed = await db.query<{ id: string }>(
    `UPDATE crawl_runs r SET status = 'done', finished_at = now()
      WHERE r.id = ANY($1::uuid[]) AND r.status = 'running'
        AND NOT EXISTS (SELECT 1 FROM crawl_pages p
                         WHERE p.crawl_run_id = r.id AND p.status IN ('queued', 'stored'))
      RETURNING r.id`,
    [runIds],
  );
  return closed.rows.map((row) => row.id);
}

/** What a source's batch parse would find now, counted up to `cap`. */
export interface ParseBacklog {
  /** Raw records waiting for their first parse. */
  pending: number;
  /** Pages of the source's running crawls not fetched yet (more records on the way). */
  queued: number;
  /** How long the oldest pending record has waited, in ms (0 when none). */
  oldestPendingMs: number;
}

/** One statement: pending records, queued pages of running crawls (each counted up to `cap`), oldest wait. */
export async function parseBacklog(db: Queryable, sourceId: string, cap: number): Promise<ParseBacklog> {
  const { rows } = await db.query<ParseBacklog>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM raw_records
                                         WHERE source_id = $1 AND parse_status = 'pending' LIMIT $2) AS p) AS pending,
            (SELECT count(*)::int FROM (SELECT 1 FROM crawl_pages p JOIN crawl_runs r ON r.id = p.crawl_run_id
                                         WHERE r.source_id = $1 AND r.status = 'running' AND p.status = 'queued'
                                         LIMIT $2) AS q) AS queued,
            coalesce((SELECT extract(epoch FROM now() - fetched_at) * 1000 FROM raw_records
                       WHERE source_id = $1 AND parse_status = 'pending' ORDER BY id LIMIT 1), 0)::float8
              AS "oldestPendingMs"`,
    [sourceId, cap],
  );
  return rows[0]!;
}

/** Page counts of a run by outcome. */
export async function crawlCounts(db: Queryable, runId: string): Promise<CrawlCounts> {
  const { rows } = await db.query<CrawlCounts>(
    `SELECT count(*) AS pages,
            count(*) FILTER (WHERE status = 'queued') AS queued,
            count(*) FILTER (WHERE status = 'stored') AS stored,
            count(*) FILTER (WHERE status = 'parsed') AS parsed,
            count(*) FILTER (WHERE status = 'skipped') AS skipped,
            count(*) FILTER (WHERE status = 'failed') AS failed,
            count(*) FILTER (WHERE status = 'robots') AS robots,
            count(*) FILTER (WHERE status = 'blocked') AS blocked,
            count(*) FILTER (WHERE status = 'unchanged') AS unchanged,
            coalesce(sum(leads_created), 0) AS leads_created,
            coalesce(sum(leads_updated), 0) AS leads_updated
       FROM crawl_pages WHERE crawl_run_id = $1`,
    [runId],
  );
  return rows[0]!;
}

/** Marks a run failed with a reason (e.g. the start page could not be fetched). */
export async function failCrawlRun(db: Queryable, runId: string, error: string): Promise<void> {
  await db.query(`UPDATE crawl_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [
    runId,
    error,
  ]);
}

/** A run by id. */
export async function getCrawlRun(db: Queryable, runId: string): Promise<CrawlRun | null> {
  const { rows } = await db.query<CrawlRun>('SELECT * FROM crawl_runs WHERE id = $1', [runId]);
  return rows[0] ?? null;
}

/** Recent runs, newest first, optionally of one source. */
export async function listCrawlRuns(
  db: Queryable,
  sourceId: string | null,
  limit: number,
): Promise<CrawlRun[]> {
  const { rows } = await db.query<CrawlRun>(
    `SELECT * FROM crawl_runs WHERE ($1::text IS NULL OR source_id = $1) ORDER BY started_at DESC LIMIT $2`,
    [sourceId, limit],
  );
  return rows;
}

/** Pages of a run in queue order (paged by id). */
export async function listCrawlPages(
  db: Queryable,
  runId: string,
  afterId: number,
  limit: number,
): Promise<CrawlPage[]> {
  const { rows } = await db.query<CrawlPage>(
    'SELECT * FROM crawl_pages WHERE crawl_run_id = $1 AND id > $2 ORDER BY id LIMIT $3',
    [runId, afterId, limit],
  );
  return rows;
}
