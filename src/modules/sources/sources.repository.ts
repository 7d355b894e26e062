import type { Queryable } from '../../platform/db/index.js';

export interface SourceStatus {
  id: string;
  name: string;
  channel: 'crawl' | 'webhook' | 'poll' | 'upload';
  enabled: boolean;
  last_record_at: Date | null;
  last_run: { id: string; status: string; started_at: Date; finished_at: Date | null } | null;
  records_24h: number;
  parsed_24h: number;
  skipped_24h: number;
  failed_24h: number;
}

/** Every source with its recent activity: last record, last crawl run and 24-hour parse outcomes. */
export async function listSourceStatus(db: Queryable): Promise<SourceStatus[]> {
  const { rows } = await db.query<SourceStatus>(
    `SELECT s.id, s.name, s.channel, s.enabled,
            (SELECT max(r.fetched_at) FROM raw_records r WHERE r.source_id = s.id) AS last_record_at,
            (SELECT json_build_object('id', c.id, 'status', c.status, 'started_at', c.started_at,
                                      'finished_at', c.finished_at)
               FROM crawl_runs c WHERE c.source_id = s.id ORDER BY c.started_at DESC LIMIT 1) AS last_run,
            count(r.id) AS records_24h,
            count(r.id) FILTER (WHERE r.parse_status = 'parsed') AS parsed_24h,
            count(r.id) FILTER (WHERE r.parse_status = 'skipped') AS skipped_24h,
            count(r.id) FILTER (WHERE r.parse_status = 'failed') AS failed_24h
       FROM sources s
       LEFT JOIN raw_records r ON r.source_id = s.id AND r.fetched_at > now() - interval '24 hours'
      GROUP BY s.id
      ORDER BY s.id`,
  );
  return rows;
}
