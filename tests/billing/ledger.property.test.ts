import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandboxProvider,
  grantPeriodCredits,
  type IdempotentResult,
  ledgerDiscrepancies,
  type Plan,
  purchasePack,
  refundPayment,
  requestFingerprint,
  runIdempotent,
  type Subscription,
  spendCredits,
} from '../../src/modules/billing/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { DEFAULT_BACKEND, openTestDatabase } from '../support/test-platform.js';

/**
 * Model-based test of the ledger over the real database: random sequences of top-ups (sandbox pack
 * purchases), spends, payment refunds, subscription renewals and replays of earlier idempotent
 * commands, each checked against a model of the wallets, with the ledger rules checked after every
 * step. BILLING_PROPERTY_RUNS sets the run count (CI on PostgreSQL: 1,000).
 */
const RUNS = Number(process.env.BILLING_PROPERTY_RUNS ?? (DEFAULT_BACKEND === 'postgres' ? 1000 : 60));
const PACKS = { starter: 100, growth: 550 } as const;
const USERS = 2;

interface Model {
  balances: number[];
  payments: { id: string; user: number; credits: number; refunded: boolean }[];
  periods: Set<string>;
  /** Earlier idempotent commands: how to send them again and what they answered. */
  sent: { send: () => Promise<IdempotentResult>; answer: IdempotentResult }[];
}

interface Real {
  db: Database;
  users: string[];
  keys: number;
}

let db: Database;
let runs = 0;
const RESET_EVERY = 50;
let pro: Plan;
const provider = createSandboxProvider();

async function checkLedger(model: Model, real: Real): Promise<void> {
  expect(await ledgerDiscrepancies(real.db)).toEqual([]);
  const { rows } = await real.db.query<{ user_id: string; balance: number }>(
    `SELECT user_id, balance FROM credit_accounts WHERE user_id = ANY($1::uuid[])`,
    [real.users],
  );
  const byUser = new Map(rows.map((row) => [row.user_id, row.balance]));
  expect(real.users.map((user) => byUser.get(user) ?? 0)).toEqual(model.balances);
}

function idempotent(
  real: Real,
  scope: string,
  params: unknown,
  command: Parameters<typeof runIdempotent>[2],
) {
  real.keys += 1;
  const request = { scope, key: `k${real.keys}`, fingerprint: requestFingerprint(params) };
  const send = () => runIdempotent(real.db, request, command);
  return { send };
}

class TopUp implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly pack: keyof typeof PACKS,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const userId = real.users[this.user]!;
    const { send } = idempotent(real, userId, { pack: this.pack }, async (tx) => ({
      status: 201,
      body: await purchasePack({ provider }, tx, { userId, packId: this.pack }),
    }));
    const answer = await send();
    expect(answer.status).toBe(201);
    model.balances[this.user]! += PACKS[this.pack];
    model.payments.push({
      id: (answer.body as { id: string }).id,
      user: this.user,
      credits: PACKS[this.pack],
      refunded: false,
    });
    model.sent.push({ send, answer });
    await checkLedger(model, real);
  }
  toString = () => `topUp(${this.user}, ${this.pack})`;
}

class Spend implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly amount: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const userId = real.users[this.user]!;
    const reference = `checkout:${userId}:${real.keys + 1}`;
    const { send } = idempotent(real, userId, { amount: this.amount }, async (tx) => {
      const moved = await spendCredits(tx, { userId, amount: this.amount, reference, description: 'Lead' });
      return { status: 201, body: { balance: moved.balance } };
    });
    const answer = await send();
    if (this.amount > model.balances[this.user]!) {
      expect(answer.status).toBe(402);
    } else {
      expect(answer).toMatchObject({
        status: 201,
        body: { balance: model.balances[this.user]! - this.amount },
      });
      model.balances[this.user]! -= this.amount;
    }
    model.sent.push({ send, answer });
    await checkLedger(model, real);
  }
  toString = () => `spend(${this.user}, ${this.amount})`;
}

class Refund implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.payments.length > 0;
  async run(model: Model, real: Real) {
    const payment = model.payments[this.pick % model.payments.length]!;
    const { send } = idempotent(real, `admin:${real.users[0]}`, { payment: payment.id }, async (tx) => ({
      status: 200,
      body: await refundPayment({ provider }, tx, {
        paymentId: payment.id,
        actorId: null,
        callProvider: true,
      }),
    }));
    const answer = await send();
    expect(answer.status).toBe(200);
    if (!payment.refunded) {
      // Only unspent credits come back, and never more than the wallet holds.
      const taken = Math.min(payment.credits, model.balances[payment.user]!);
      expect(answer.body).toMatchObject({
        credits_reversed: taken,
        credits_unrecovered: payment.credits - taken,
      });
      model.balances[payment.user]! -= taken;
      payment.refunded = true;
    }
    model.sent.push({ send, answer });
    await checkLedger(model, real);
  }
  toString = () => `refund(#${this.pick})`;
}

class Renew implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly user: number,
    readonly period: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const userId = real.users[this.user]!;
    const sub = { id: userId, user_id: userId } as Subscription;
    await grantPeriodCredits(real.db, sub, pro, new Date(Date.UTC(2026, this.period, 1)));
    const key = `${this.user}:${this.period}`;
    if (!model.periods.has(key)) {
      model.periods.add(key);
      model.balances[this.user]! += pro.monthly_credits;
    }
    await checkLedger(model, real);
  }
  toString = () => `renew(${this.user}, month ${this.period})`;
}

class Replay implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.sent.length > 0;
  async run(model: Model, real: Real) {
    const earlier = model.sent[this.pick % model.sent.length]!;
    expect(await earlier.send()).toEqual({ ...earlier.answer, replayed: true });
    await checkLedger(model, real);
  }
  toString = () => `replay(#${this.pick})`;
}

const user = fc.integer({ min: 0, max: USERS - 1 });
const commands = fc.commands(
  [
    fc.tuple(user, fc.constantFrom<keyof typeof PACKS>('starter', 'growth')).map(([u, p]) => new TopUp(u, p)),
    fc.tuple(user, fc.integer({ min: 1, max: 700 })).map(([u, a]) => new Spend(u, a)),
    fc.nat(20).map((n) => new Refund(n)),
    fc.tuple(user, fc.integer({ min: 0, max: 2 })).map(([u, p]) => new Renew(u, p)),
    fc.nat(20).map((n) => new Replay(n)),
  ],
  { maxCommands: 8 },
);

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
  const { rows } = await db.query<Plan>(`SELECT * FROM plans WHERE id = 'pro'`);
  pro = rows[0]!;
});
afterAll(() => db.close());

describe('ledger model', () => {
  it(`keeps the ledger rules over ${RUNS} random command sequences`, { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        // One schema for every run, fresh buyers per run; the money tables are emptied with TRUNCATE every
        // RESET_EVERY runs (a TRUNCATE costs 20–60 ms here, one per run would double the wall time), which
        // keeps the whole-ledger checks after each step cheap.
        runs += 1;
        if (runs % RESET_EVERY === 0) {
          await db.exec(
            `TRUNCATE credit_entries, credit_transactions, idempotency_keys, payments, payment_events, subscriptions CASCADE;
             DELETE FROM credit_accounts WHERE kind = 'wallet';`,
          );
        }
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO users (email) SELECT 'p' || gen_random_uuid() || '@example.com' FROM generate_series(1, $1)
           RETURNING id`,
          [USERS],
        );
        const model: Model = { balances: Array(USERS).fill(0), payments: [], periods: new Set(), sent: [] };
        const users = rows.map((row) => row.id);
        await fc.asyncModelRun(() => ({ model, real: { db, users, keys: 0 } }), cmds);
      }),
      { numRuns: RUNS },
    );
  });
});
