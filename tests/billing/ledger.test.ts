import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantCredits,
  InsufficientCreditsError,
  ledgerDiscrepancies,
  listWalletEntries,
  reverseTransaction,
  spendCredits,
  takeBackCredits,
  walletBalance,
} from '../../src/modules/billing/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';
import { derivedBalance, makeUser } from './factories.js';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
});
afterAll(() => db.close());

const grant = (userId: string, amount: number, reference: string) =>
  grantCredits(db, { userId, amount, kind: 'grant', reference, description: `Welcome credits (${amount})` });

async function expectRefused(sql: string, pattern: RegExp): Promise<void> {
  await expect(db.transaction((tx) => tx.exec(sql))).rejects.toThrow(pattern);
}

describe('credit ledger', () => {
  it('grants once per reference, spends, and derives the balance from entries', async () => {
    const user = await makeUser(db);
    expect(await grant(user, 100, 'welcome:1')).toMatchObject({ created: true, balance: 100 });
    expect(await grant(user, 100, 'welcome:1')).toMatchObject({ created: false, balance: 100 });
    const spent = await spendCredits(db, {
      userId: user,
      amount: 30,
      reference: 'checkout:a',
      description: 'Lead',
    });
    expect(spent).toMatchObject({ created: true, balance: 70 });
    expect(await walletBalance(db, user)).toBe(70);
    expect(await derivedBalance(db, user)).toBe(70);
    const lines = await listWalletEntries(db, user, null, 10);
    expect(lines.map((line) => [line.kind, line.amount, line.balance_after])).toEqual([
      ['spend', -30, 70],
      ['grant', 100, 100],
    ]);
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });

  it('refuses a spend the wallet cannot cover with INSUFFICIENT_CREDITS and moves nothing', async () => {
    const user = await makeUser(db);
    await grant(user, 5, 'welcome:2');
    const attempt = spendCredits(db, {
      userId: user,
      amount: 6,
      reference: 'checkout:b',
      description: 'Lead',
    });
    await expect(attempt).rejects.toBeInstanceOf(InsufficientCreditsError);
    await expect(attempt).rejects.toMatchObject({ status: 402, details: { balance: 5, required: 6 } });
    expect(await walletBalance(db, user)).toBe(5);
  });

  it('enforces its rules in the database, whatever code writes to it', async () => {
    const user = await makeUser(db);
    await grant(user, 10, 'welcome:3');
    const { rows } = await db.query<{ id: number }>('SELECT id FROM credit_accounts WHERE user_id = $1', [
      user,
    ]);
    const wallet = rows[0]!.id;
    const post = (amount: number, counter: number) => `
      INSERT INTO credit_transactions (kind, description) VALUES ('grant', 'raw');
      INSERT INTO credit_entries (transaction_id, account_id, amount)
      VALUES (currval(pg_get_serial_sequence('credit_transactions', 'id')), ${wallet}, ${amount})
      ${counter ? `, (currval(pg_get_serial_sequence('credit_transactions', 'id')), (SELECT id FROM credit_accounts WHERE code = 'promotions'), ${counter})` : ''};`;
    await expectRefused(post(5, 0), /unbalanced/);
    await expectRefused(post(5, -4), /unbalanced/);
    await expectRefused(post(-11, 11), /credit_wallet_not_negative/);
    await expectRefused('UPDATE credit_entries SET amount = amount + 1', /append-only/);
    await expectRefused('DELETE FROM credit_entries', /append-only/);
    await expectRefused('DELETE FROM credit_transactions', /append-only/);
    await expectRefused(
      `UPDATE credit_accounts SET balance = 1000 WHERE id = ${wallet}`,
      /only through credit_entries/,
    );
    await db.transaction((tx) => tx.exec(post(-10, 10)));
    expect(await walletBalance(db, user)).toBe(0);
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });

  it('corrects by reversing transactions, once, and never below zero', async () => {
    const user = await makeUser(db);
    const granted = await grant(user, 50, 'welcome:4');
    await spendCredits(db, { userId: user, amount: 20, reference: 'checkout:c', description: 'Lead' });
    // Reversing the grant would need 50 of the 30 left: refused.
    await expect(reverseTransaction(db, granted.transactionId)).rejects.toBeInstanceOf(
      InsufficientCreditsError,
    );
    const spend = (await listWalletEntries(db, user, null, 1))[0]!;
    const reversal = await reverseTransaction(db, spend.transaction_id);
    expect(reversal.created).toBe(true);
    expect((await reverseTransaction(db, spend.transaction_id)).id).toBe(reversal.id);
    expect(await walletBalance(db, user)).toBe(50);
    const taken = await takeBackCredits(db, {
      userId: user,
      upTo: 80,
      reference: 'payment:x',
      description: 'Refund',
    });
    expect(taken).toMatchObject({ taken: 50, balance: 0 });
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });

  it('pages the ledger with a keyset cursor', async () => {
    const user = await makeUser(db);
    for (let i = 1; i <= 5; i++) await grant(user, i, `page:${user}:${i}`);
    const first = await listWalletEntries(db, user, null, 2);
    const second = await listWalletEntries(db, user, first.at(-1)!.entry_id, 2);
    const third = await listWalletEntries(db, user, second.at(-1)!.entry_id, 2);
    expect([...first, ...second, ...third].map((line) => line.amount)).toEqual([5, 4, 3, 2, 1]);
  });

  it('lets exactly 10 of 50 concurrent spends through a balance that covers 10', async () => {
    const user = await makeUser(db);
    await grant(user, 100, 'welcome:5');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        spendCredits(db, { userId: user, amount: 10, reference: `checkout:race:${i}`, description: 'Lead' }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter(
      (r) => r.status === 'rejected' && r.reason instanceof InsufficientCreditsError,
    );
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    expect(await walletBalance(db, user)).toBe(0);
    expect(await derivedBalance(db, user)).toBe(0);
    expect(await ledgerDiscrepancies(db)).toEqual([]);
  });
});
