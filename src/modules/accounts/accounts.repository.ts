import type { Queryable } from '../../platform/db/index.js';
import type { Role } from './auth.types.js';

// Every SQL statement for users and sessions. Each function takes a Queryable, so it runs inside a
// caller's transaction when given one.

export interface UserRow {
  id: string;
  email: string;
  role: Role;
  created_at: Date;
}

/** A user with what login needs; disabled users are not returned. */
export interface LoginRow extends UserRow {
  password_hash: string | null;
}

/** A resolved credential: the user it belongs to and, for sessions, the session. */
export interface SessionRow extends UserRow {
  session_id: string;
  expires_at: Date;
}

const USER_COLUMNS = 'u.id, u.email, u.role, u.created_at';

/** Creates a user; null when the email is already taken (the unique index decides, so no race). */
export async function insertUser(
  db: Queryable,
  email: string,
  passwordHash: string,
): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users AS u (email, password_hash) VALUES ($1, $2)
     ON CONFLICT (email) DO NOTHING RETURNING ${USER_COLUMNS}`,
    [email, passwordHash],
  );
  return rows[0] ?? null;
}

/** The active user with this email, with its password hash. */
export async function findLoginUser(db: Queryable, email: string): Promise<LoginRow | null> {
  const { rows } = await db.query<LoginRow>(
    `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = $1 AND u.disabled_at IS NULL`,
    [email],
  );
  return rows[0] ?? null;
}

/** The active user with this id. */
export async function findUser(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.disabled_at IS NULL`,
    [id],
  );
  return rows[0] ?? null;
}

/** Replaces a password hash (rehash at today's cost after a good login). */
export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [
    userId,
    passwordHash,
  ]);
}

/**
 * Opens a session for a user: records the login and sweeps that user's expired sessions, so the table
 * does not grow without a cleanup job.
 */
export async function insertSession(
  db: Queryable,
  userId: string,
  tokenHash: Buffer,
  ttlHours: number,
): Promise<{ id: string; expires_at: Date }> {
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM sessions WHERE user_id = $1 AND expires_at <= now()', [userId]);
    await tx.query('UPDATE users SET last_login_at = now() WHERE id = $1', [userId]);
    const { rows } = await tx.query<{ id: string; expires_at: Date }>(
      `INSERT INTO sessions (user_id, token_hash, expires_at)
       VALUES ($1, $2, now() + make_interval(hours => $3::int)) RETURNING id, expires_at`,
      [userId, tokenHash, ttlHours],
    );
    return rows[0]!;
  });
}

/** The live session with this token hash and its active user. */
export async function findSession(db: Queryable, tokenHash: Buffer): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${USER_COLUMNS}, s.id AS session_id, s.expires_at
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** Ends a session. */
export async function deleteSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
}
