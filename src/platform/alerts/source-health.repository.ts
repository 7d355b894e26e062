import type { Queryable } from '../db/index.js';

/** What the source-health rules need to know about one source. */
export interface SourceHealthRow {
  id: string;
  enabled: boolean;
  created_at: Date;
  /** `settings->>'silence_alert_hours'`, unparsed. */
  silence_hours: string | null;
  last_fetched_at: Date | null;
  /** Parse outcomes (parsed, skipped, failed) among the latest in the window. */
  total: number;
  failed: number;
}

// Per source: the newest fetch, and the outcomes of its latest parses within the window (newest first,
// at most $3 of them). Both read through the (source_id, fetched_at / parsed_at) indexes of 0003.
const SOURCE_HEALTH = `
SELECT s.id, s.enabled, s.created_at, s.settings->>'silence_alert_hours' AS silence_hours,
       (SELECT max(r.fetched_at) FROM raw_records r WHERE r.source_id = s.id) AS last_fetched_at,
       p.total, p.failed
FROM sources s
CROSS JOIN LATERAL (
  SELECT count(*)::int AS total, (count(*) FILTER (WHERE recent.parse_status = 'failed'))::int AS failed
  FROM (
    SELECT r.parse_status FROM raw_records r
    WHERE r.source_id = s.id AND r.parsed_at > $1 AND r.parsed_at <= $2
      AND r.parse_status IN ('parsed', 'skipped', 'failed')
    ORDER BY r.parsed_at DESC
    LIMIT $3
  ) recent
) p
ORDER BY s.id`;

/** Per source: its newest fetch and the outcomes of at most `sampleSize` parses in (windowStart, now]. */
export async function readSourceHealth(
  db: Queryable,
  windowStart: Date,
  now: Date,
  sampleSize: number,
): Promise<SourceHealthRow[]> {
  const { rows } = await db.query<SourceHealthRow>(SOURCE_HEALTH, [windowStart, now, sampleSize]);
  return rows;
}
