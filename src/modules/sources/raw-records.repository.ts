import { createHash } from 'node:crypto';
import type { Queryable } from '../../platform/db/index.js';

export interface NewRawRecord {
  sourceId: string;
  externalId: string | null;
  sourceUrl: string | null;
  contentType: string;
  payload: string;
  httpStatus?: number | null;
  /** Facts of the fetch kept for the lead passport (robots decision, consent, headers). */
  fetchMeta?: Record<string, unknown>;
  fetchedAt?: Date;
}

export interface RawRecord {
  id: number;
  source_id: string;
  external_id: string | null;
  source_url: string | null;
  content_type: string;
  payload: string;
  content_hash: string;
  fetched_at: Date;
  fetch_meta: Record<string, unknown>;
  parse_status: 'pending' | 'parsed' | 'skipped' | 'failed';
}

export type ParseStatus = RawRecord['parse_status'];

/** sha256 of the payload: the same bytes from the same place are stored once. */
export function contentHash(payload: string): string {
  return createHash('sha256').update(payload).digest('hex');
}

/**
 * Stores a payload verbatim before anything parses it. Idempotent on source + external id (or URL) +
 * content hash: storing the same content again returns the existing row with `created: false`.
 */
export async function storeRawRecord(
  db: Queryable,
  record: NewRawRecord,
): Promise<{ id: number; created: boolean; parseStatus: ParseStatus }> {
  const hash = contentHash(record.payload);
  const inserted = await db.query<{ id: number }>(
    `INSERT INTO raw_records (source_id, external_id, source_url, content_type, payload, content_hash,
                              http_status, fetch_meta, fetched_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()))
     ON CONFLICT (source_id, (coalesce(external_id, source_url, '')), content_hash) DO NOTHING
     RETURNING id`,
    [
      record.sourceId,
      record.externalId,
      record.sourceUrl,
      record.contentType,
      record.payload,
      hash,
      record.httpStatus ?? null,
      JSON.stringify(record.fetchMeta ?? {}),
      record.fetchedAt ?? null,
    ],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true, parseStatus: 'pending' };
  const existing = await db.query<{ id: number; parse_status: ParseStatus }>(
    `SELECT id, parse_status FROM raw_records
      WHERE source_id = $1 AND coalesce(external_id, source_url, '') = coalesce($2, $3, '') AND content_hash = $4`,
    [record.sourceId, record.externalId, record.sourceUrl, hash],
  );
  const row = existing.rows[0];
  if (!row) throw new Error('raw record vanished between insert and select');
  return { id: row.id, created: false, parseStatus: row.parse_status };
}

/** Records what today's parser made of a raw record. */
export async function markParsed(
  db: Queryable,
  id: number,
  status: Exclude<ParseStatus, 'pending'>,
  parserVersion: string,
  error: string | null,
): Promise<void> {
  await db.query(
    `UPDATE raw_records SET parse_status = $2, parser_version = $3, parse_error = $4, parsed_at = now() WHERE id = $1`,
    [id, status, parserVersion, error],
  );
}

/** markParsed for many raw records in one statement. */
export async function markParsedMany(
  db: Queryable,
  outcomes: readonly { id: number; status: Exclude<ParseStatus, 'pending'>; error: string | null }[],
  parserVersion: string,
): Promise<void> {
  if (outcomes.length === 0) return;
  await db.query(
    `UPDATE raw_records SET parse_status = r.status, parser_version = $2, parse_error = r.error, parsed_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, status text, error text)
      WHERE raw_records.id = r.id`,
    [JSON.stringify(outcomes), parserVersion],
  );
}

/**
 * Raw records of a source in arrival order, a page at a time: all of them (for reparse), or only those
 * still waiting for their first parse (`pendingOnly`, for the batch parse of crawled pages).
 */
export async function listRawRecords(
  db: Queryable,
  sourceId: string,
  afterId: number,
  limit: number,
  options: { pendingOnly?: boolean } = {},
): Promise<RawRecord[]> {
  const { rows } = await db.query<RawRecord>(
    `SELECT id, source_id, external_id, source_url, content_type, payload, content_hash, fetched_at, fetch_meta,
            parse_status
       FROM raw_records
      WHERE source_id = $1 AND id > $2 AND ($4::boolean IS FALSE OR parse_status = 'pending')
      ORDER BY id LIMIT $3`,
    [sourceId, afterId, limit, options.pendingOnly ?? false],
  );
  return rows;
}
