import type { Queryable } from '../../platform/db/index.js';
import type { Frequency, SavedQuery } from './saved-searches.schemas.js';

/** A saved search as stored (the webhook secret included: only the delivery job reads it). */
export interface SavedSearchRow {
  id: string;
  user_id: string;
  name: string;
  query: SavedQuery;
  email_enabled: boolean;
  webhook_url: string | null;
  webhook_secret: string | null;
  frequency: Frequency;
  created_at: Date;
  updated_at: Date;
}

export interface SavedSearchFields {
  name: string;
  query: SavedQuery;
  email_enabled: boolean;
  webhook_url: string | null;
  webhook_secret: string | null;
  frequency: Frequency;
}

const COLUMNS = `id, user_id, name, query, email_enabled, webhook_url, webhook_secret, frequency, created_at,
  updated_at`;

/** Locks the user's row so that concurrent creates cannot both pass the per-user limit; returns the count. */
export async function lockAndCountSavedSearches(tx: Queryable, userId: string): Promise<number> {
  await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
  const { rows } = await tx.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM saved_searches WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.count ?? 0;
}

export async function insertSavedSearch(
  tx: Queryable,
  userId: string,
  fields: SavedSearchFields,
): Promise<SavedSearchRow> {
  const { rows } = await tx.query<SavedSearchRow>(
    `INSERT INTO saved_searches (user_id, name, query, email_enabled, webhook_url, webhook_secret, frequency)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [
      userId,
      fields.name,
      JSON.stringify(fields.query),
      fields.email_enabled,
      fields.webhook_url,
      fields.webhook_secret,
      fields.frequency,
    ],
  );
  return rows[0]!;
}

export async function listSavedSearches(db: Queryable, userId: string): Promise<SavedSearchRow[]> {
  const { rows } = await db.query<SavedSearchRow>(
    `SELECT ${COLUMNS} FROM saved_searches WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return rows;
}

/** The user's saved search, or null (also when it belongs to someone else). */
export async function getSavedSearch(
  db: Queryable,
  userId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<SavedSearchRow | null> {
  const { rows } = await db.query<SavedSearchRow>(
    `SELECT ${COLUMNS} FROM saved_searches WHERE id = $1 AND user_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id, userId],
  );
  return rows[0] ?? null;
}

export async function updateSavedSearch(
  tx: Queryable,
  id: string,
  fields: SavedSearchFields,
  now: Date,
): Promise<SavedSearchRow> {
  const { rows } = await tx.query<SavedSearchRow>(
    `UPDATE saved_searches SET name = $2, query = $3::jsonb, email_enabled = $4, webhook_url = $5,
       webhook_secret = $6, frequency = $7, updated_at = $8
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [
      id,
      fields.name,
      JSON.stringify(fields.query),
      fields.email_enabled,
      fields.webhook_url,
      fields.webhook_secret,
      fields.frequency,
      now,
    ],
  );
  return rows[0]!;
}

/** Deletes the user's saved search (its keys, notifications and pending deliveries go with it). */
export async function deleteSavedSearch(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM saved_searches WHERE id = $1 AND user_id = $2', [
    id,
    userId,
  ]);
  return rowCount > 0;
}

/** Replaces the interest keys a saved search listens on. */
export async function replaceInterestKeys(tx: Queryable, id: string, keys: string[]): Promise<void> {
  await tx.query('DELETE FROM saved_search_keys WHERE saved_search_id = $1', [id]);
  await tx.query(
    `INSERT INTO saved_search_keys (key, saved_search_id)
     SELECT DISTINCT key, $2::uuid FROM unnest($1::text[]) AS key`,
    [keys, id],
  );
}

/** Whether a text query reduces to no search terms at all (only stop words), which would never match. */
export async function isEmptyTextQuery(db: Queryable, q: string): Promise<boolean> {
  const { rows } = await db.query<{ nodes: number }>(
    `SELECT numnode(websearch_to_tsquery('english', $1)) AS nodes`,
    [q],
  );
  return (rows[0]?.nodes ?? 0) === 0;
}
