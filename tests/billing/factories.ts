import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/platform/db/index.js';

/** A buyer row straight in the users table (billing tests need owners, not the accounts API). */
export async function makeUser(db: Queryable, role = 'buyer'): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO users (email, role) VALUES ($1, $2) RETURNING id',
    [`buyer-${randomUUID()}@example.com`, role],
  );
  return rows[0]!.id;
}

/** Sum of a user's wallet entries: the balance as the ledger derives it. */
export async function derivedBalance(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ total: number }>(
    `SELECT coalesce(sum(e.amount), 0)::bigint AS total
       FROM credit_entries e JOIN credit_accounts a ON a.id = e.account_id WHERE a.user_id = $1`,
    [userId],
  );
  return rows[0]!.total;
}
