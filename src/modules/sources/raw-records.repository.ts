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

export interface StoredRawRecord {
  id: number;
  created: boolean;
  parseStatus: ParseStatus;
}

/**
 * Stores a payload verbatim before anything parses it. Idempotent on source + external id (or URL) +
 * content hash: storing the same content again returns the existing row with `created: false`.
 */
export async function storeRawRecord(db: Queryable, record: NewRawRecord): Promise<StoredRawRecord> {
  const [stored] = await storeRawRecords(db, [record]);
  return stored!;
}

const COLUMNS_PER_RECORD = 9;

/**
 * storeRawRecord for many payloads: one insert (each payload its own parameter, so nothing is escaped
 * into an array literal) and, for those already stored, one lookup. Answers in the input's order.
 */
export async function storeRawRecords(
  db: Queryable,
  records: readonly NewRawRecord[],
): Promise<StoredRawRecord[]> {
  if (records.length === 0) return [];
  const hashes = records.map((record) => contentHash(record.payload));
  const identity = (sourceId: string, key: string, hash: string) => `${sourceId}\u0000${key}\u0000${hash}`;
  const keyOf = (record: NewRawRecord) => record.externalId ?? record.sourceUrl ?? '';
  const values: unknown[] = [];
  const tuples = records.map((record, index) => {
    const first = index * COLUMNS_PER_RECORD;
    values.push(
      record.sourceId,
      record.externalId,
      record.sourceUrl,
      record.contentType,
      record.payload,
      hashes[index],
      record.httpStatus ?? null,
      JSON.stringify(record.fetchMeta ?? {}),
      record.fetchedAt ?? null,
    );
    const p = (n: number) => `$${first + n}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::integer, ${p(8)}::jsonb, coalesce(${p(9)}::timestamptz, now()))`;
  });
  const inserted = await db.query<{ id: number; source_id: string; key: string; content_hash: string }>(
    `INSERT INTO raw_records (source_id, external_id, source_url, content_type, payload, content_hash,
                              http_status, fetch_meta, fetched_at)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (source_id, (coalesce(external_id, source_url, '')), content_hash) DO NOTHING
     RETURNING id, source_id, coalesce(external_id, source_url, '') AS key, content_hash`,
    values,
  );
  const found = new Map<string, StoredRawRecord>();
  for (const row of inserted.rows)
    found.set(identity(row.source_id, row.key, row.content_hash), {
      id: row.id,
      created: true,
      parseStatus: 'pending',
    });
  // The rest were stored before (or twice in this call: the first copy is the created one).
  const missing = records
    .map((record, index) => ({ record, hash: hashes[index]! }))
    .filter(({ record, hash }) => !found.has(identity(record.sourceId, keyOf(record), hash)));
  if (missing.length > 0) {
    const existing = await db.query<{
      id: number;
      source_id: string;
      key: string;
      content_hash: string;
      parse_status: ParseStatus;
    }>(
      `SELECT r.id, r.source_id, k.key, r.content_hash, r.parse_status
         FROM unnest($1::text[], $2::text[], $3::text[]) AS k(source_id, key, content_hash)
         JOIN raw_records r ON r.source_id = k.source_id
                           AND coalesce(r.external_id, r.source_url, '') = k.key
                           AND r.content_hash = k.content_hash`,
      [
        missing.map(({ record }) => record.sourceId),
        missing.map(({ record }) => keyOf(record)),
        missing.map(({ hash }) => hash),
      ],
    );
    for (const row of existing.rows) {
      const key = identity(row.source_id, row.key, row.content_hash);
      if (!found.has(key)) found.set(key, { id: row.id, created: false, parseStatus: row.parse_status });
    }
  }
  const seen = new Set<string>();
  return records.map((record, index) => {
    const key = identity(record.sourceId, keyOf(record), hashes[index]!);
    const stored = found.get(key);
    if (!stored) throw new Error('raw record vanished between insert and select');
    // A second copy in the same call was not created by it.
    const answer = seen.has(key) ? { ...stored, created: false } : stored;
    seen.add(key);
    return answer;
  });
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

/** A stored record's payload and where it came from: what parsing it needs. */
export type StoredPayload = Pick<RawRecord, 'id' | 'source_url' | 'payload'>;

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
): Promise<StoredPayload[]> {
  // Only what a parse reads: a replay lists every stored record, and each column costs the driver per row.
  const { rows } = await db.query<StoredPayload>(
    `SELECT id, source_url, payload
       FROM raw_records
      WHERE source_id = $1 AND id > $2 AND ($4::boolean IS FALSE OR parse_status = 'pending')
      ORDER BY id LIMIT $3`,
    [sourceId, afterId, limit, options.pendingOnly ?? false],
  );
  return rows;
}
