import type { Queryable } from '../../../platform/db/index.js';
import type { DncScrub } from './dnc.schemas.js';
import type { DncList } from './dnc-file.js';

// Every SQL statement of DNC scrubbing. Each function takes a Queryable, so it runs inside a caller's
// transaction when given one.

/** Opens an import row; its counts are filled in by `finishImport` once the file is loaded. */
export async function insertImport(
  db: Queryable,
  row: { list: DncList; fileName: string; areaCodes: string[]; importedAt?: Date },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO dnc_imports (list, file_name, area_codes, imported_at)
     VALUES ($1, $2, $3::text[], coalesce($4::timestamptz, now())) RETURNING id`,
    [row.list, row.fileName, row.areaCodes, row.importedAt ?? null],
  );
  return rows[0]!.id;
}

/** Records an import's final counts. */
export async function finishImport(
  db: Queryable,
  id: number,
  counts: { rowsRead: number; rowsAdded: number; rowsRejected: number },
): Promise<void> {
  await db.query('UPDATE dnc_imports SET rows_read = $2, rows_added = $3, rows_rejected = $4 WHERE id = $1', [
    id,
    counts.rowsRead,
    counts.rowsAdded,
    counts.rowsRejected,
  ]);
}

/** Adds numbers to a list; numbers already on it are left as they are. Returns how many were new. */
export async function insertNumbers(
  db: Queryable,
  list: DncList,
  phones10: string[],
  importId: number | null,
): Promise<number> {
  if (phones10.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO dnc_numbers (phone10, list, import_id)
     SELECT phone10, $2, $3 FROM unnest($1::text[]) AS phone10
     ON CONFLICT (phone10, list) DO NOTHING`,
    [phones10, list, importId],
  );
  return rowCount;
}

/** Takes numbers off one list (the other list keeps its entries). Returns how many were removed. */
export async function deleteNumbers(db: Queryable, list: DncList, phones10: string[]): Promise<number> {
  if (phones10.length === 0) return 0;
  const { rowCount } = await db.query(
    'DELETE FROM dnc_numbers WHERE list = $1 AND phone10 = ANY($2::text[])',
    [list, phones10],
  );
  return rowCount;
}

/** The lists each of the given numbers is on; numbers on no list are absent from the map. */
export async function findListings(db: Queryable, phones10: string[]): Promise<Map<string, DncList[]>> {
  if (phones10.length === 0) return new Map();
  const { rows } = await db.query<{ phone10: string; lists: DncList[] }>(
    `SELECT phone10, array_agg(list ORDER BY list) AS lists
     FROM dnc_numbers WHERE phone10 = ANY($1::text[]) GROUP BY phone10`,
    [phones10],
  );
  return new Map(rows.map((row) => [row.phone10, row.lists]));
}

/** Contacts' phones by lead, locked until the caller's transaction ends; leads without a contact are absent. */
export async function lockContactPhones(
  db: Queryable,
  leadIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (leadIds.length === 0) return new Map();
  const { rows } = await db.query<{ lead_id: string; phones: string[] }>(
    'SELECT lead_id, phones FROM contacts WHERE lead_id = ANY($1::uuid[]) ORDER BY lead_id FOR UPDATE',
    [leadIds],
  );
  return new Map(rows.map((row) => [row.lead_id, row.phones]));
}

/** Stores scrub results on contacts. */
export async function saveContactScrubs(db: Queryable, scrubs: ReadonlyMap<string, DncScrub>): Promise<void> {
  if (scrubs.size === 0) return;
  const rows = [...scrubs].map(([leadId, scrub]) => ({ lead_id: leadId, dnc: scrub }));
  await db.query(
    `UPDATE contacts SET dnc = r.dnc
       FROM jsonb_to_recordset($1::jsonb) AS r(lead_id uuid, dnc jsonb)
      WHERE contacts.lead_id = r.lead_id`,
    [JSON.stringify(rows)],
  );
}

/**
 * Leads whose contact has phones and needs a scrub: never scrubbed, scrubbed before `staleBefore`, or
 * holding a phone the last scrub did not cover (phones changed since). Oldest first, never-scrubbed first.
 */
export async function findContactsToScrub(
  db: Queryable,
  staleBefore: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await db.query<{ lead_id: string }>(
    `SELECT lead_id FROM contacts
     WHERE cardinality(phones) > 0
       AND (dnc IS NULL
         OR (dnc ->> 'scrubbed_at')::timestamptz < $1
         OR NOT phones <@ (
           ARRAY(SELECT jsonb_array_elements_text(coalesce(dnc -> 'checked', '[]')))
           || ARRAY(SELECT jsonb_array_elements_text(coalesce(dnc -> 'unchecked', '[]')))))
     ORDER BY (dnc ->> 'scrubbed_at')::timestamptz NULLS FIRST, lead_id
     LIMIT $2`,
    [staleBefore.toISOString(), limit],
  );
  return rows.map((row) => row.lead_id);
}
