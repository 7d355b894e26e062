import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantCredits,
  IdempotencyKeyReusedError,
  requestFingerprint,
  runIdempotent,
  spendCredits,
} from '../../src/modules/billing/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { AppError } from '../../src/platform/http/errors.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';
import { derivedBalance, makeUser } from './factories.js';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
});
afterAll(() => db.close());

const spendOnce = (userId: string, key: string, amount: number) =>
  runIdempotent(db, { scope: userId, key, fingerprint: requestFingerprint({ amount }) }, async (tx) => {
    const moved = await spendCredits(tx, {
      userId,
      amount,
      reference: `checkout:${key}`,
      description: 'Lead',
    });
    return { status: 201, body: { balance: moved.balance, transaction_id: moved.transactionId } };
  });

describe('idempotent commands', () => {
  it('fingerprints parameters whatever their key order', () => {
    expect(requestFingerprint({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(
      requestFingerprint({ b: { d: [1, 2], c: 2 }, a: 1 }),
    );
    expect(requestFingerprint({ a: 1 })).not.toBe(requestFingerprint({ a: 2 }));
  });

  it('replays a success and refuses the key with other parameters', async () => {
    const user = await makeUser(db);
    await grantCredits(db, {
      userId: user,
      amount: 10,
      kind: 'grant',
      reference: `w:${user}`,
      description: 'Welcome',
    });
    const first = await spendOnce(user, 'k1', 4);
    expect(first).toMatchObject({ status: 201, replayed: false, body: { balance: 6 } });
    expect(await spendOnce(user, 'k1', 4)).toEqual({ ...first, replayed: true });
    await expect(spendOnce(user, 'k1', 5)).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await derivedBalance(db, user)).toBe(6);
  });

  it('stores a 4xx outcome (its writes rolled back) and replays it; a 5xx leaves the key unused', async () => {
    const user = await makeUser(db);
    const refused = await spendOnce(user, 'k2', 1);
    expect(refused).toMatchObject({ status: 402, body: { error: { code: 'INSUFFICIENT_CREDITS' } } });
    expect(await spendOnce(user, 'k2', 1)).toEqual({ ...refused, replayed: true });

    const crash = () =>
      runIdempotent(db, { scope: user, key: 'k3', fingerprint: 'f' }, async () => {
        throw new AppError('UPSTREAM_DOWN', 'down', 503);
      });
    await expect(crash()).rejects.toThrow('down');
    const retried = await runIdempotent(db, { scope: user, key: 'k3', fingerprint: 'f' }, async () => ({
      status: 200,
      body: { ok: true },
    }));
    expect(retried).toEqual({ status: 200, body: { ok: true }, replayed: false });
  });

  it('executes 50 concurrent identical requests once: one ledger transaction, 49 replays', async () => {
    const user = await makeUser(db);
    await grantCredits(db, {
      userId: user,
      amount: 100,
      kind: 'grant',
      reference: `w:${user}`,
      description: 'Welcome',
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => spendOnce(user, 'same', 7)));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify([r.status, r.body]))).size).toBe(1);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM credit_transactions WHERE kind = 'spend' AND reference = 'checkout:same'`,
    );
    expect(rows[0]!.n).toBe(1);
    expect(await derivedBalance(db, user)).toBe(93);
  });

  it('lets exactly 10 of 50 concurrent different spends through a balance covering 10; the rest get 402', async () => {
    const user = await makeUser(db);
    await grantCredits(db, {
      userId: user,
      amount: 10,
      kind: 'grant',
      reference: `w:${user}`,
      description: 'Welcome',
    });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => spendOnce(user, `race-${i}`, 1)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 402)).toHaveLength(40);
    expect(await derivedBalance(db, user)).toBe(0);
  });
});
