import { createHash } from 'node:crypto';
import type { Queryable, Transaction } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/errors.js';
import { IdempotencyKeyRequiredError, IdempotencyKeyReusedError } from './billing.errors.js';

/** An HTTP answer as stored with its key and replayed verbatim. */
export interface IdempotentResponse {
  status: number;
  body: unknown;
}

export interface IdempotentResult extends IdempotentResponse {
  /** True when this answer is the stored one of an earlier request with the same key. */
  replayed: boolean;
}

export interface IdempotencyRequest {
  /** Whose key space this is (a user id; `admin:<id>` for operator commands). */
  scope: string;
  key: string;
  /** `requestFingerprint(...)` of what the request asks for: method, route and parameters. */
  fingerprint: string;
}

/** JSON with object keys sorted, so equal parameters give equal fingerprints. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** SHA-256 over the canonical JSON of what a request asks for. */
export function requestFingerprint(parts: unknown): string {
  return createHash('sha256').update(stableJson(parts)).digest('hex');
}

/** Reads and checks the Idempotency-Key header; throws IDEMPOTENCY_KEY_REQUIRED (400) when absent or bad. */
export function idempotencyKeyFrom(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers['idempotency-key'];
  const key = typeof raw === 'string' ? raw.trim() : '';
  if (key.length < 1 || key.length > 255) throw new IdempotencyKeyRequiredError();
  return key;
}

/** The error body a 4xx AppError produces, so a stored failure replays exactly as first sent. */
function errorResponse(error: AppError): IdempotentResponse {
  return {
    status: error.status,
    body: {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    },
  };
}

/**
 * Runs `command` once per (scope, key). The key row is inserted first, in the command's transaction:
 * a concurrent request with the same key waits on that row and then replays the stored answer, so
 * exactly one executes. A 4xx AppError is stored and replayed like a success (the command's writes are
 * rolled back to a savepoint); any other failure rolls everything back and the key stays unused.
 * The same key with another fingerprint throws IDEMPOTENCY_KEY_REUSED (422).
 */
export async function runIdempotent(
  db: Queryable,
  request: IdempotencyRequest,
  command: (tx: Transaction) => Promise<IdempotentResponse>,
): Promise<IdempotentResult> {
  return db.transaction(async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO idempotency_keys (scope, key, fingerprint) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [request.scope, request.key, request.fingerprint],
    );
    if (inserted.rows.length === 0) {
      const { rows } = await tx.query<{
        fingerprint: string;
        response_status: number | null;
        response_body: unknown;
      }>(
        'SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [request.scope, request.key],
      );
      const stored = rows[0]!;
      if (stored.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError();
      if (stored.response_status === null) {
        throw new AppError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this key is still running', 409);
      }
      return { status: stored.response_status, body: stored.response_body, replayed: true };
    }
    let response: IdempotentResponse;
    try {
      response = await tx.transaction((inner) => command(inner));
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      response = errorResponse(error);
    }
    // The first answer is the stored JSON too (dates as strings), so it and every replay are identical.
    const json = JSON.stringify(response.body ?? null);
    await tx.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4::jsonb, completed_at = now()
        WHERE scope = $1 AND key = $2`,
      [request.scope, request.key, response.status, json],
    );
    return { status: response.status, body: JSON.parse(json), replayed: false };
  });
}

/** Forgets keys older than the cutoff (clients retry within hours, not weeks); returns how many. */
export async function pruneIdempotencyKeys(db: Queryable, olderThan: Date): Promise<number> {
  const result = await db.query('DELETE FROM idempotency_keys WHERE created_at < $1', [olderThan]);
  return result.rowCount;
}
