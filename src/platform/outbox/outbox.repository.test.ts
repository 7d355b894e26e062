import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../tests/support/test-platform.js';
import type { Database } from '../db/index.js';
import { type ClaimedRow, claimDue, defineOutbox, recordAttempt } from './outbox.repository.js';

// Two scratch outboxes of the shape both modules' migrations give theirs, on the suite's database
// (PGlite, or PostgreSQL with DATABASE_URL), so the SQL is checked apart from either module.

let db: Database;
const whole = defineOutbox({
  deliveries: 'test_deliveries',
  attempts: 'test_delivery_attempts',
  claimColumns: 'd.id::text AS id, d.label, d.attempts',
});
const cut = defineOutbox({ ...whole, attemptErrorChars: 10 });
const now = new Date('2026-05-01T10:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

interface Row extends ClaimedRow {
  label: string;
}

beforeAll(async () => {
  db = await openTestDatabase();
  await db.exec(`
    CREATE TABLE test_deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      label text NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_status integer,
      last_error text,
      delivered_at timestamptz);
    CREATE TABLE test_delivery_attempts (
      delivery_id bigint NOT NULL REFERENCES test_deliveries (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      attempted_at timestamptz NOT NULL,
      ok boolean NOT NULL,
      http_status integer,
      error text,
      duration_ms integer NOT NULL,
      PRIMARY KEY (delivery_id, attempt));`);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.exec('TRUNCATE test_deliveries, test_delivery_attempts RESTART IDENTITY');
});

async function queue(label: string, due: Date, status = 'pending'): Promise<void> {
  await db.query('INSERT INTO test_deliveries (label, next_attempt_at, status) VALUES ($1, $2, $3)', [
    label,
    due,
    status,
  ]);
}

async function deliveries() {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id::text AS id, label, status, attempts, next_attempt_at, last_status, last_error, delivered_at
       FROM test_deliveries ORDER BY id`,
  );
  return rows;
}

describe('defineOutbox', () => {
  it.each(['crm_deliveries; DROP TABLE users', 'Deliveries', 'a.b', '', '1x'])('refuses %j', (name) => {
    expect(() => defineOutbox({ ...whole, deliveries: name })).toThrow(/plain identifier/);
    expect(() => defineOutbox({ ...whole, attempts: name })).toThrow(/plain identifier/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(whole)).toBe(true);
  });
});

describe('claimDue', () => {
  it('takes due pending rows oldest first, counts the attempt and leases them', async () => {
    await queue('late', later(10));
    await queue('first', later(-60));
    await queue('second', later(-30));
    await queue('done', later(-90), 'sent');
    await queue('third', now);

    const claimed = await claimDue<Row>(db, whole, now, 2, 300);
    expect(claimed).toEqual([
      { id: '2', label: 'first', attempts: 1 },
      { id: '3', label: 'second', attempts: 1 },
    ]);
    const rows = await deliveries();
    expect(rows.find((row) => row.label === 'first')).toMatchObject({
      attempts: 1,
      status: 'pending',
      next_attempt_at: later(300),
    });

    // Leased rows stay hidden; the rest comes next, in id order.
    expect(await claimDue<Row>(db, whole, now, 10, 300)).toEqual([{ id: '5', label: 'third', attempts: 1 }]);
    expect(await claimDue<Row>(db, whole, now, 10, 300)).toEqual([]);
    // Once the lease ends (a worker died mid-send) the row is due again, with its next attempt number;
    // a claim returns its rows in id order.
    const again = await claimDue<Row>(db, whole, later(300), 10, 300);
    expect(again.map((row) => [row.label, row.attempts])).toEqual([
      ['late', 1],
      ['first', 2],
      ['second', 2],
      ['third', 2],
    ]);
  });
});

describe('recordAttempt', () => {
  it('logs the attempt and moves the row on, once per attempt', async () => {
    await queue('a', now);
    const [row] = await claimDue<Row>(db, whole, now, 1, 300);
    await recordAttempt(
      db,
      whole,
      row!,
      {
        ok: false,
        httpStatus: 503,
        error: 'HTTP 503',
        durationMs: 42,
        status: 'pending',
        nextAttemptAt: later(60),
      },
      now,
    );
    expect((await deliveries())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status: 503,
      last_error: 'HTTP 503',
      next_attempt_at: later(60),
      delivered_at: null,
    });
    // A replay of the same attempt (a retried job) logs nothing twice.
    await recordAttempt(db, whole, row!, { ok: false, durationMs: 1, status: 'pending' }, now);
    const { rows: attempts } = await db.query(
      'SELECT delivery_id::text AS delivery_id, attempt, attempted_at, ok, http_status, error, duration_ms FROM test_delivery_attempts',
    );
    expect(attempts).toEqual([
      {
        delivery_id: '1',
        attempt: 1,
        attempted_at: now,
        ok: false,
        http_status: 503,
        error: 'HTTP 503',
        duration_ms: 42,
      },
    ]);

    const [second] = await claimDue<Row>(db, whole, later(60), 1, 300);
    await recordAttempt(
      db,
      whole,
      second!,
      { ok: true, httpStatus: 200, durationMs: 7, status: 'sent' },
      later(60),
    );
    expect((await deliveries())[0]).toMatchObject({
      status: 'sent',
      attempts: 2,
      last_status: 200,
      last_error: null,
      // Without a next attempt the lease time stays; nothing claims a sent row.
      next_attempt_at: later(360),
      delivered_at: later(60),
    });
  });

  it('cuts last_error at 1000 characters and the logged error only where the outbox says so', async () => {
    await queue('a', now);
    await queue('b', now);
    const [a, b] = await claimDue<Row>(db, whole, now, 2, 300);
    const error = 'x'.repeat(1500);
    await recordAttempt(db, whole, a!, { ok: false, error, durationMs: 0, status: 'failed' }, now);
    await recordAttempt(db, cut, b!, { ok: false, error, durationMs: 0, status: 'failed' }, now);
    const { rows } = await db.query<{ label: string; last: number; logged: number }>(
      `SELECT d.label, length(d.last_error) AS last, length(a.error) AS logged
         FROM test_deliveries d JOIN test_delivery_attempts a ON a.delivery_id = d.id ORDER BY d.id`,
    );
    expect(rows).toEqual([
      { label: 'a', last: 1000, logged: 1500 },
      { label: 'b', last: 1000, logged: 10 },
    ]);
  });
});
