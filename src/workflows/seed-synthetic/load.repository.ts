import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Queryable } from '../../platform/db/index.js';
import {
  type Cell,
  CONTACT_COLUMNS,
  copyLine,
  GENERATOR_VERSION,
  LEAD_COLUMNS,
  rowObject,
  SOURCE_COLUMNS,
  SYNTHETIC_SOURCE,
} from './rows.js';

// Bulk writes of synthetic batches. PostgreSQL gets COPY (one round trip per table per batch); PGlite,
// which has no COPY FROM STDIN over this API, gets multi-row INSERTs from jsonb_to_recordset.

/** The rows of one batch, already in column order. */
export interface BatchRows {
  leads: Cell[][];
  contacts: Cell[][];
  sources: Cell[][];
}

/** What the batch's raw record says: enough to regenerate the batch (the generator is deterministic). */
export interface BatchRecord {
  seed: number;
  from: number;
  count: number;
  now: string;
}

const batchExternalId = (batch: BatchRecord) => `synthetic-${batch.seed}-batch-${batch.from}`;

/** True when this batch (same seed, same first index) was loaded before. */
export async function batchLoaded(db: Pick<Queryable, 'query'>, batch: BatchRecord): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM raw_records WHERE source_id = $1 AND external_id = $2 LIMIT 1',
    [SYNTHETIC_SOURCE, batchExternalId(batch)],
  );
  return rows.length > 0;
}

/** Stores the batch's raw record (the generator's parameters) and returns its id. */
export async function insertBatchRecord(db: Pick<Queryable, 'query'>, batch: BatchRecord): Promise<number> {
  const payload = JSON.stringify({ generator: GENERATOR_VERSION, ...batch });
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO raw_records (source_id, external_id, content_type, payload, content_hash, fetch_meta,
                              parse_status, parser_version, parsed_at)
     VALUES ($1, $2, 'application/json', $3, $4, '{"channel":"synthetic"}', 'parsed', $5, now())
     RETURNING id`,
    [
      SYNTHETIC_SOURCE,
      batchExternalId(batch),
      payload,
      createHash('sha256').update(payload).digest('hex'),
      GENERATOR_VERSION,
    ],
  );
  return (rows[0] as { id: number }).id;
}

/** A pg client of its own for COPY (the pool's Queryable has no streams), on the app schema. */
export async function openCopyClient(connectionString: string, schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, options: `-c search_path=${schema},public` });
  await client.connect();
  return client;
}

async function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: Cell[][]) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  // Chunks of a few hundred lines keep the stream busy without one huge string per batch.
  async function* lines() {
    for (let i = 0; i < rows.length; i += 500)
      yield rows
        .slice(i, i + 500)
        .map(copyLine)
        .join('');
  }
  await pipeline(Readable.from(lines()), stream);
}

/** Loads one batch on PostgreSQL through COPY, inside the transaction the caller opened on `client`. */
export async function copyBatch(
  client: pg.Client,
  batch: BatchRecord,
  rows: (rawRecordId: number) => BatchRows,
) {
  const runner: Pick<Queryable, 'query'> = {
    query: async <R>(sql: string, params?: readonly unknown[]) => {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
  };
  const rawRecordId = await insertBatchRecord(runner, batch);
  const { leads, contacts, sources } = rows(rawRecordId);
  await copyRows(client, 'leads', LEAD_COLUMNS, leads);
  await copyRows(client, 'contacts', CONTACT_COLUMNS, contacts);
  await copyRows(client, 'lead_sources', SOURCE_COLUMNS, sources);
}

/** Tables whose secondary indexes a bulk load drops and rebuilds. */
export const BULK_TABLES = ['leads', 'contacts', 'lead_sources'] as const;

/** Rows the planner believes `leads` has (pg_class.reltuples; -1 or 0 before the first ANALYZE). */
export async function estimatedLeadRows(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = to_regclass('leads')",
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Drops the secondary indexes of the bulk tables (not those behind a primary key or unique constraint)
 * and returns their definitions, for rebuildIndexes. Run inside a transaction: a failed load rolls the
 * drop back with it.
 */
export async function dropSecondaryIndexes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT quote_ident(ci.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class ci ON ci.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY ci.relname`,
    [BULK_TABLES],
  );
  for (const row of rows) await client.query(`DROP INDEX ${row.name}`);
  return rows.map((row) => row.definition);
}

/** Recreates indexes from their definitions, with enough memory for a sorted build. */
export async function rebuildIndexes(client: pg.Client, definitions: readonly string[]): Promise<void> {
  await client.query("SET LOCAL maintenance_work_mem = '512MB'");
  for (const definition of definitions) await client.query(definition);
}

const INSERT_CHUNK = 1000;

/** Loads one batch through multi-row INSERTs (PGlite, or any Queryable), in one transaction. */
export async function insertBatch(
  db: Queryable,
  batch: BatchRecord,
  rows: (rawRecordId: number) => BatchRows,
) {
  await db.transaction(async (tx) => {
    const rawRecordId = await insertBatchRecord(tx, batch);
    const { leads, contacts, sources } = rows(rawRecordId);
    for (let i = 0; i < leads.length; i += INSERT_CHUNK) {
      const chunk = (table: Cell[][], columns: readonly string[]) =>
        JSON.stringify(table.slice(i, i + INSERT_CHUNK).map((cells) => rowObject(columns, cells)));
      await tx.query(
        `INSERT INTO leads (${LEAD_COLUMNS.join(', ')})
         SELECT r.id::uuid, r.status, r.listing_type, r.property_type, r.title, r.description, r.price::numeric,
                r.bedrooms::numeric, r.bathrooms::numeric, r.sqft::integer, r.lot_sqft::integer,
                r.year_built::smallint, r.address_line, r.city, r.state, r.zip, r.address_canonical,
                r.location::geography, r.geo_precision, r.posted_at::timestamptz, r.attributes::jsonb,
                r.quality_score::smallint, r.fraud_score::smallint, r.quality_reasons::jsonb,
                r.fraud_reasons::jsonb, r.score_version::smallint, r.scored_at::timestamptz,
                r.first_seen_at::timestamptz, r.last_seen_at::timestamptz, r.created_at::timestamptz,
                r.updated_at::timestamptz, r.source_ids::text[]
           FROM jsonb_to_recordset($1::jsonb) AS r(${LEAD_COLUMNS.map((c) => `${c} text`).join(', ')})`,
        [chunk(leads, LEAD_COLUMNS)],
      );
      await tx.query(
        `INSERT INTO contacts (${CONTACT_COLUMNS.join(', ')})
         SELECT r.lead_id::uuid, r.name, r.phones::text[], r.emails::text[], r.dnc::jsonb
           FROM jsonb_to_recordset($1::jsonb) AS r(${CONTACT_COLUMNS.map((c) => `${c} text`).join(', ')})`,
        [chunk(contacts, CONTACT_COLUMNS)],
      );
      await tx.query(
        `INSERT INTO lead_sources (${SOURCE_COLUMNS.join(', ')})
         SELECT r.lead_id::uuid, r.raw_record_id::bigint, r.source_id, r.external_id, r.fields::text[]
           FROM jsonb_to_recordset($1::jsonb) AS r(${SOURCE_COLUMNS.map((c) => `${c} text`).join(', ')})`,
        [chunk(sources, SOURCE_COLUMNS)],
      );
    }
  });
}

/**
 * VACUUM (ANALYZE) of the tables the seed filled: statistics for the planner, and hint bits and the
 * visibility map set once here, not by the first searches (which would otherwise write while reading).
 * One statement per table: VACUUM can't run in a transaction, and a script would be one.
 */
export async function analyzeSeededTables(db: Pick<Queryable, 'query'>): Promise<void> {
  for (const table of [...BULK_TABLES, 'raw_records']) await db.query(`VACUUM (ANALYZE) ${table}`);
}
