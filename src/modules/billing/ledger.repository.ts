import type { Queryable } from '../../platform/db/index.js';

/** Transaction kinds, as the migration allows them. */
export type LedgerKind = 'purchase' | 'subscription' | 'grant' | 'spend' | 'refund' | 'reversal';
/** The system accounts the migration creates. */
export type SystemAccount = 'purchases' | 'subscriptions' | 'promotions' | 'revenue' | 'refunds';

/** One side of a posting: a wallet by id or a system account by code. */
export type PostingLine = { amount: number } & ({ accountId: number } | { system: SystemAccount });

export interface NewTransaction {
  kind: LedgerKind;
  description: string;
  reference?: string | null;
  reversesId?: number | null;
  actorId?: string | null;
  lines: PostingLine[];
}

export interface PostedEntry {
  account_id: number;
  amount: number;
  balance_after: number | null;
}

export interface PostedTransaction {
  id: number;
  kind: LedgerKind;
  /** False when a transaction with the same kind and reference already existed (nothing posted). */
  created: boolean;
  entries: PostedEntry[];
}

export interface Wallet {
  id: number;
  balance: number;
}

/** The user's wallet, created empty on first use. */
export async function ensureUserWallet(db: Queryable, userId: string): Promise<Wallet> {
  const { rows } = await db.query<Wallet>(
    `WITH created AS (
       INSERT INTO credit_accounts (kind, user_id) VALUES ('wallet', $1)
       ON CONFLICT (user_id) WHERE user_id IS NOT NULL DO NOTHING
       RETURNING id, balance)
     SELECT id, balance FROM created
     UNION ALL SELECT id, balance FROM credit_accounts WHERE user_id = $1`,
    [userId],
  );
  if (rows[0]) return rows[0];
  // A concurrent first use committed the wallet after this statement's snapshot: read it now.
  const again = await db.query<Wallet>('SELECT id, balance FROM credit_accounts WHERE user_id = $1', [
    userId,
  ]);
  return again.rows[0]!;
}

/** The user's wallet locked for this transaction (concurrent spends queue here), or null. */
export async function lockUserWallet(db: Queryable, userId: string): Promise<Wallet | null> {
  const { rows } = await db.query<Wallet>(
    'SELECT id, balance FROM credit_accounts WHERE user_id = $1 FOR UPDATE',
    [userId],
  );
  return rows[0] ?? null;
}

/** Reads a wallet's cached balance (0 when it has none yet). */
export async function walletBalance(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ balance: number }>(
    'SELECT balance FROM credit_accounts WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.balance ?? 0;
}

/**
 * Inserts a transaction and its entries in one statement (entries in account order, so two postings
 * never lock the same wallets in opposite orders). A repeated (kind, reference) posts nothing and
 * returns the existing transaction with `created: false`.
 */
export async function insertTransaction(db: Queryable, input: NewTransaction): Promise<PostedTransaction> {
  const ids = input.lines.map((line) => ('accountId' in line ? line.accountId : null));
  const codes = input.lines.map((line) => ('system' in line ? line.system : null));
  const amounts = input.lines.map((line) => line.amount);
  const { rows } = await db.query<{ id: number; entries: PostedEntry[] | null }>(
    `WITH t AS (
       INSERT INTO credit_transactions (kind, description, reference, reverses_id, actor_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, reference) WHERE reference IS NOT NULL DO NOTHING
       RETURNING id),
     e AS (
       INSERT INTO credit_entries (transaction_id, account_id, amount)
       SELECT t.id, l.account_id, l.amount
         FROM t, (SELECT coalesce(u.account_id, (SELECT id FROM credit_accounts WHERE code = u.code)) AS account_id,
                         u.amount
                    FROM unnest($6::bigint[], $7::text[], $8::bigint[]) AS u(account_id, code, amount)) AS l
        ORDER BY l.account_id
       RETURNING account_id, amount, balance_after)
     SELECT t.id, (SELECT json_agg(e ORDER BY e.account_id) FROM e) AS entries FROM t`,
    [
      input.kind,
      input.description,
      input.reference ?? null,
      input.reversesId ?? null,
      input.actorId ?? null,
      ids,
      codes,
      amounts,
    ],
  );
  const row = rows[0];
  if (row) return { id: row.id, kind: input.kind, created: true, entries: row.entries ?? [] };
  const existing = await findByReference(db, input.kind, input.reference!);
  return { ...existing!, created: false };
}

/** A transaction with its entries, by kind and reference. */
export async function findByReference(
  db: Queryable,
  kind: LedgerKind,
  reference: string,
): Promise<Omit<PostedTransaction, 'created'> | null> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM credit_transactions WHERE kind = $1 AND reference = $2',
    [kind, reference],
  );
  return rows[0] ? findTransaction(db, rows[0].id) : null;
}

export interface StoredTransaction {
  id: number;
  kind: LedgerKind;
  description: string;
  reference: string | null;
  reverses_id: number | null;
  reversed_by: number | null;
  entries: PostedEntry[];
}

/** A transaction with its entries and the id of its reversal, if any. */
export async function findTransaction(db: Queryable, id: number): Promise<StoredTransaction | null> {
  const { rows } = await db.query<StoredTransaction>(
    `SELECT t.id, t.kind, t.description, t.reference, t.reverses_id,
            (SELECT r.id FROM credit_transactions r WHERE r.reverses_id = t.id) AS reversed_by,
            (SELECT json_agg(json_build_object('account_id', e.account_id, 'amount', e.amount,
                                               'balance_after', e.balance_after) ORDER BY e.id)
               FROM credit_entries e WHERE e.transaction_id = t.id) AS entries
       FROM credit_transactions t WHERE t.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export interface LedgerLine {
  entry_id: number;
  transaction_id: number;
  kind: LedgerKind;
  description: string;
  reference: string | null;
  amount: number;
  balance_after: number;
  created_at: Date;
}

/** A wallet's entries, newest first, after the keyset cursor (an entry id) when given. */
export async function listWalletEntries(
  db: Queryable,
  userId: string,
  before: number | null,
  limit: number,
): Promise<LedgerLine[]> {
  const { rows } = await db.query<LedgerLine>(
    `SELECT e.id AS entry_id, t.id AS transaction_id, t.kind, t.description, t.reference, e.amount,
            e.balance_after, e.created_at
       FROM credit_accounts a
       JOIN credit_entries e ON e.account_id = a.id
       JOIN credit_transactions t ON t.id = e.transaction_id
      WHERE a.user_id = $1 AND ($2::bigint IS NULL OR e.id < $2)
      ORDER BY e.id DESC
      LIMIT $3`,
    [userId, before, limit],
  );
  return rows;
}

export interface Discrepancy {
  problem: 'wallet_balance' | 'unbalanced_transaction';
  ref_id: number;
  expected: number;
  actual: number;
}

/** Wallets whose cached balance differs from their entries and unbalanced transactions (none when sound). */
export async function ledgerDiscrepancies(db: Queryable): Promise<Discrepancy[]> {
  const { rows } = await db.query<Discrepancy>('SELECT * FROM credit_ledger_discrepancies()');
  return rows;
}
