import type { Queryable } from '../../platform/db/index.js';
import {
  BillingConflictError,
  InsufficientCreditsError,
  TransactionNotFoundError,
} from './billing.errors.js';
import {
  ensureUserWallet,
  findTransaction,
  insertTransaction,
  type LedgerKind,
  lockUserWallet,
  type PostedTransaction,
  type SystemAccount,
} from './ledger.repository.js';

/** What a posting did to the user's wallet. */
export interface CreditMovement {
  transactionId: number;
  /** False when the same (kind, reference) had been posted before: nothing moved this time. */
  created: boolean;
  /** The wallet's balance after the movement. */
  balance: number;
}

/** The database refused a wallet going negative: the backstop behind every check in code. */
function isNegativeWallet(error: unknown): boolean {
  const { constraint, message } = error as { constraint?: string; message?: string };
  return constraint === 'credit_wallet_not_negative' || /credit_wallet_not_negative/.test(message ?? '');
}

function assertPositiveAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new RangeError(`credit amounts are positive integers (got ${amount})`);
  }
}

async function walletMovement(db: Queryable, posted: PostedTransaction, walletId: number) {
  if (posted.created) {
    const entry = posted.entries.find((e) => e.account_id === walletId);
    return { transactionId: posted.id, created: true, balance: entry?.balance_after ?? 0 };
  }
  const { rows } = await db.query<{ balance: number }>('SELECT balance FROM credit_accounts WHERE id = $1', [
    walletId,
  ]);
  return { transactionId: posted.id, created: false, balance: rows[0]?.balance ?? 0 };
}

export interface GrantInput {
  userId: string;
  amount: number;
  /** purchase (paid pack), subscription (plan allotment) or grant (operator). */
  kind: Extract<LedgerKind, 'purchase' | 'subscription' | 'grant'>;
  /** Unique per kind: the same reference never grants twice. */
  reference: string;
  description: string;
  actorId?: string | null;
}

const GRANT_SOURCE: Record<GrantInput['kind'], SystemAccount> = {
  purchase: 'purchases',
  subscription: 'subscriptions',
  grant: 'promotions',
};

/** Adds credits to the user's wallet from the system account of their origin, once per reference. */
export async function grantCredits(db: Queryable, input: GrantInput): Promise<CreditMovement> {
  assertPositiveAmount(input.amount);
  return db.transaction(async (tx) => {
    const wallet = await ensureUserWallet(tx, input.userId);
    const posted = await insertTransaction(tx, {
      kind: input.kind,
      description: input.description,
      reference: input.reference,
      actorId: input.actorId,
      lines: [
        { system: GRANT_SOURCE[input.kind], amount: -input.amount },
        { accountId: wallet.id, amount: input.amount },
      ],
    });
    return walletMovement(tx, posted, wallet.id);
  });
}

export interface SpendInput {
  userId: string;
  amount: number;
  /** What the credits pay for (`checkout:<id>`): one spend per reference. */
  reference: string;
  description: string;
  actorId?: string | null;
}

/**
 * Takes credits from the user's wallet (to revenue). Throws INSUFFICIENT_CREDITS (402) when the
 * wallet can't cover it; concurrent spends queue on the wallet's row lock. Pass the caller's
 * transaction so the spend commits or rolls back with the purchase it pays for.
 */
export async function spendCredits(db: Queryable, input: SpendInput): Promise<CreditMovement> {
  assertPositiveAmount(input.amount);
  return db.transaction(async (tx) => {
    const wallet = await lockUserWallet(tx, input.userId);
    if (!wallet || wallet.balance < input.amount) {
      throw new InsufficientCreditsError(wallet?.balance ?? 0, input.amount);
    }
    try {
      const posted = await insertTransaction(tx, {
        kind: 'spend',
        description: input.description,
        reference: input.reference,
        actorId: input.actorId,
        lines: [
          { accountId: wallet.id, amount: -input.amount },
          { system: 'revenue', amount: input.amount },
        ],
      });
      return await walletMovement(tx, posted, wallet.id);
    } catch (error) {
      if (isNegativeWallet(error)) throw new InsufficientCreditsError(wallet.balance, input.amount);
      throw error;
    }
  });
}

export interface TakeBackInput {
  userId: string;
  /** The most to take back; less is taken when the wallet holds less (never below zero). */
  upTo: number;
  reference: string;
  description: string;
  actorId?: string | null;
}

/**
 * Moves up to `upTo` credits from the wallet to the refunds account (a refunded payment's unspent
 * credits). Returns how many were taken; 0 posts nothing.
 */
export async function takeBackCredits(
  db: Queryable,
  input: TakeBackInput,
): Promise<CreditMovement & { taken: number }> {
  return db.transaction(async (tx) => {
    const wallet = await lockUserWallet(tx, input.userId);
    const taken = Math.min(wallet?.balance ?? 0, Math.max(0, input.upTo));
    if (!wallet || taken === 0)
      return { transactionId: 0, created: false, balance: wallet?.balance ?? 0, taken };
    const posted = await insertTransaction(tx, {
      kind: 'refund',
      description: input.description,
      reference: input.reference,
      actorId: input.actorId,
      lines: [
        { accountId: wallet.id, amount: -taken },
        { system: 'refunds', amount: taken },
      ],
    });
    return { ...(await walletMovement(tx, posted, wallet.id)), taken: posted.created ? taken : 0 };
  });
}

/**
 * Posts the mirror image of a transaction (a correction), once: reversing it again returns the first
 * reversal. A reversal that would drive a wallet negative is refused with INSUFFICIENT_CREDITS.
 */
export async function reverseTransaction(
  db: Queryable,
  transactionId: number,
  options: { description?: string; actorId?: string | null } = {},
): Promise<PostedTransaction> {
  return db.transaction(async (tx) => {
    const original = await findTransaction(tx, transactionId);
    if (!original) throw new TransactionNotFoundError(transactionId);
    if (original.kind === 'reversal') {
      throw new BillingConflictError('CANNOT_REVERSE_REVERSAL', 'A reversal is corrected by a new posting');
    }
    try {
      return await insertTransaction(tx, {
        kind: 'reversal',
        description: options.description ?? `Correction: reverses “${original.description}”`,
        reference: `reversal:${original.id}`,
        reversesId: original.id,
        actorId: options.actorId,
        lines: original.entries.map((entry) => ({ accountId: entry.account_id, amount: -entry.amount })),
      });
    } catch (error) {
      if (!isNegativeWallet(error)) throw error;
      const spent = original.entries.find((entry) => entry.amount > 0)?.amount ?? 0;
      throw new InsufficientCreditsError(0, spent);
    }
  });
}
