import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, ClaimedRow } from './outbox.repository.js';
import { createOutboxRunner, type OutboxStore } from './outbox.runner.js';
import type { RetryPolicy, SendResult } from './retry.js';

interface Row extends ClaimedRow {
  to: string;
}

interface Recorded {
  id: string;
  attempt: number;
  outcome: AttemptOutcome;
  now: Date;
}

/** An in-memory outbox with the SQL store's claim rules: due pending rows, attempt counted, leased. */
function memoryStore(ids: string[]) {
  const rows = ids.map((id) => ({ id, to: `to-${id}`, attempts: 0, status: 'pending', next: 0 }));
  const recorded: Recorded[] = [];
  const claims: { now: Date; limit: number; leaseSeconds: number }[] = [];
  const store: OutboxStore<Row> = {
    async claim(now, limit, leaseSeconds) {
      claims.push({ now, limit, leaseSeconds });
      const due = rows.filter((row) => row.status === 'pending' && row.next <= now.getTime()).slice(0, limit);
      for (const row of due) {
        row.attempts++;
        row.next = now.getTime() + leaseSeconds * 1000;
      }
      return due.map(({ id, to, attempts }) => ({ id, to, attempts }));
    },
    async record(delivery, outcome, now) {
      recorded.push({ id: delivery.id, attempt: delivery.attempts, outcome, now });
      const row = rows.find((candidate) => candidate.id === delivery.id)!;
      row.status = outcome.status;
      if (outcome.nextAttemptAt) row.next = outcome.nextAttemptAt.getTime();
    },
  };
  return { store, rows, recorded, claims };
}

const policy: RetryPolicy = { maxAttempts: 2, baseSeconds: 10, jitter: 'none' };
const now = new Date('2026-03-01T12:00:00Z');

describe('createOutboxRunner', () => {
  it('sends each due row once, records every attempt and counts the outcomes', async () => {
    const { store, recorded } = memoryStore(['1', '2', '3', '4']);
    const results: Record<string, SendResult> = {
      'to-1': { ok: true, httpStatus: 200, retryable: false },
      'to-2': { ok: false, httpStatus: 503, error: 'HTTP 503', retryable: true },
      'to-3': { ok: false, httpStatus: 400, error: 'HTTP 400', retryable: false },
      'to-4': { ok: false, retryable: false, skipped: true, error: 'gone' },
    };
    const runner = createOutboxRunner<Row>({ store, policy, send: async (row) => results[row.to]! });
    expect(await runner.deliverDue(now)).toEqual({ sent: 1, pending: 1, failed: 1, skipped: 1 });
    expect(recorded.map((r) => [r.id, r.attempt, r.outcome.status])).toEqual([
      ['1', 1, 'sent'],
      ['2', 1, 'pending'],
      ['3', 1, 'failed'],
      ['4', 1, 'skipped'],
    ]);
    expect(recorded[1]!.outcome).toMatchObject({
      ok: false,
      httpStatus: 503,
      error: 'HTTP 503',
      nextAttemptAt: new Date(now.getTime() + 10_000),
    });
    expect(recorded[0]!.outcome.nextAttemptAt).toBeUndefined();
  });

  it('retries on the next due run and gives up once the attempts are spent', async () => {
    const { store, recorded } = memoryStore(['7']);
    const failedRows: string[] = [];
    const runner = createOutboxRunner<Row>({
      store,
      policy,
      send: async () => ({ ok: false, retryable: true, error: 'HTTP 502' }),
      onFailed: (row, sent) => failedRows.push(`${row.id}:${sent.error}`),
    });
    expect(await runner.deliverDue(now)).toMatchObject({ pending: 1 });
    // Not due before the backoff has passed.
    expect(await runner.deliverDue(new Date(now.getTime() + 9_999))).toMatchObject({ pending: 0, failed: 0 });
    expect(await runner.deliverDue(new Date(now.getTime() + 10_000))).toMatchObject({ failed: 1 });
    expect(recorded.map((r) => r.attempt)).toEqual([1, 2]);
    expect(failedRows).toEqual(['7:HTTP 502']);
  });

  it('records a send that throws as a retryable unexpected attempt', async () => {
    const { store, recorded } = memoryStore(['1']);
    const runner = createOutboxRunner<Row>({
      store,
      policy,
      send: async () => {
        throw new Error('connection reset');
      },
    });
    expect(await runner.deliverDue(now)).toMatchObject({ pending: 1 });
    expect(recorded[0]!.outcome).toMatchObject({ ok: false, error: 'unexpected: connection reset' });
  });

  it("keeps the sender's own duration, else times the whole try", async () => {
    const { store, recorded } = memoryStore(['1', '2']);
    const runner = createOutboxRunner<Row>({
      store,
      policy,
      send: async (row) => {
        if (row.id === '1') return { ok: true, retryable: false, durationMs: 1234 };
        await new Promise((resolve) => setTimeout(resolve, 25));
        return { ok: true, retryable: false };
      },
    });
    await runner.deliverDue(now);
    expect(recorded[0]!.outcome.durationMs).toBe(1234);
    expect(recorded[1]!.outcome.durationMs).toBeGreaterThanOrEqual(20);
  });

  it.each([
    { concurrency: undefined, batchSize: undefined, peak: 1, claims: [[50, 300]] },
    {
      concurrency: 2,
      batchSize: 2,
      peak: 2,
      claims: [
        [2, 60],
        [2, 60],
        [2, 60],
      ],
    },
  ])(
    'claims in batches until a short one, sending $peak at once (concurrency $concurrency)',
    async ({ concurrency, batchSize, peak, claims: expected }) => {
      const { store, claims, recorded } = memoryStore(['1', '2', '3', '4', '5']);
      let inFlight = 0;
      let most = 0;
      const runner = createOutboxRunner<Row>({
        store,
        policy,
        batchSize,
        concurrency,
        leaseSeconds: batchSize === undefined ? undefined : 60,
        send: async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          return { ok: true, retryable: false };
        },
      });
      expect(await runner.deliverDue(now)).toMatchObject({ sent: 5 });
      expect(claims.map((claim) => [claim.limit, claim.leaseSeconds])).toEqual(expected);
      expect(most).toBe(peak);
      expect(recorded.every((r) => r.now === now)).toBe(true);
    },
  );

  it('stamps each send with the clock when no time is given', async () => {
    const { store, recorded } = memoryStore(['1', '2']);
    const before = Date.now();
    const runner = createOutboxRunner<Row>({
      store,
      policy,
      send: async () => ({ ok: true, retryable: false }),
    });
    await runner.deliverDue();
    expect(recorded).toHaveLength(2);
    for (const r of recorded) expect(r.now.getTime()).toBeGreaterThanOrEqual(before);
    expect(recorded[0]!.now).not.toBe(recorded[1]!.now);
  });
});
