import type { Queryable } from '../../platform/db/index.js';
import type { UserRow } from './accounts.repository.js';

// Every SQL statement for API keys. Each function takes a Queryable (a caller's transaction or the db).

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const KEY_COLUMNS = 'k.id, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at';

/** Stores a new key's hash. */
export async function insertApiKey(
  db: Queryable,
  row: { userId: string; name: string; prefix: string; keyHash: Buffer },
): Promise<ApiKeyRow> {
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys AS k (user_id, name, prefix, key_hash) VALUES ($1, $2, $3, $4)
     RETURNING ${KEY_COLUMNS}`,
    [row.userId, row.name, row.prefix, row.keyHash],
  );
  return rows[0]!;
}

/** A user's keys, newest first, revoked ones included (with revoked_at). */
export async function listApiKeys(db: Queryable, userId: string): Promise<ApiKeyRow[]> {
  const { rows } = await db.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.user_id = $1 ORDER BY k.created_at DESC, k.id`,
    [userId],
  );
  return rows;
}

/**
 * Revokes one of the user's keys. Returns false when the user has no key with this id: another user's
 * key looks exactly like a missing one. Revoking twice keeps the first revocation time.
 */
export async function revokeApiKey(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND user_id = $2`,
    [id, userId],
  );
  return rowCount > 0;
}

/** The active user owning the unrevoked key with this hash and prefix. */
export async function findApiKeyUser(
  db: Queryable,
  keyHash: Buffer,
  prefix: string,
): Promise<(UserRow & { key_id: string }) | null> {
  const { rows } = await db.query<UserRow & { key_id: string }>(
    `SELECT u.id, u.email, u.role, u.created_at, k.id AS key_id
     FROM api_keys k JOIN users u ON u.id = k.user_id
     WHERE k.key_hash = $1 AND k.prefix = $2 AND k.revoked_at IS NULL AND u.disabled_at IS NULL`,
    [keyHash, prefix],
  );
  return rows[0] ?? null;
}

/** Notes a key's use, at most once a minute per key so busy integrations do not write on every call. */
export async function touchApiKey(db: Queryable, keyId: string): Promise<void> {
  await db.query(
    `UPDATE api_keys SET last_used_at = now()
     WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [keyId],
  );
}
