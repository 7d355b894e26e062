import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineJob, InvalidJobPayloadError } from '../../src/platform/jobs/index.js';
import type { Platform } from '../../src/platform/platform.js';
import { waitFor } from '../support/local-server.js';
import { createTestPlatform } from '../support/test-platform.js';

const recordVisit = defineJob({
  name: 'test-record-visit',
  payload: Type.Object({ page: Type.String({ minLength: 1 }) }),
  retryLimit: 0,
});
// Stately: at most one job per singleton key waits (the crawl's page jobs work this way).
const recordVisitOnce = defineJob({
  name: 'test-record-visit-once',
  payload: Type.Object({ page: Type.String({ minLength: 1 }) }),
  retryLimit: 0,
  policy: 'stately',
});
const flaky = defineJob({
  name: 'test-flaky',
  payload: Type.Object({ key: Type.String() }),
  retryLimit: 2,
  retryDelaySeconds: 1,
  retryBackoff: false,
});

// Worked a fetch at a time: the handler sees several jobs together and fails some of them.
const batched = defineJob({
  name: 'test-batched',
  payload: Type.Object({ key: Type.String() }),
  retryLimit: 2,
  retryDelaySeconds: 1,
  retryBackoff: false,
  concurrency: 4,
});

describe('job runner (pg-boss)', () => {
  let platform: Platform;
  const attempts = new Map<string, number>();
  const batches: string[][] = [];

  beforeAll(async () => {
    platform = await createTestPlatform();
    await platform.db.exec('CREATE TABLE visits (page text PRIMARY KEY)');
    platform.jobs.register(recordVisit, async ({ page }) => {
      await platform.db.query('INSERT INTO visits (page) VALUES ($1) ON CONFLICT DO NOTHING', [page]);
    });
    platform.jobs.register(recordVisitOnce, async ({ page }) => {
      await platform.db.query('INSERT INTO visits (page) VALUES ($1) ON CONFLICT DO NOTHING', [page]);
    });
    platform.jobs.register(flaky, async ({ key }) => {
      const seen = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, seen);
      if (seen < 3) throw new Error(`attempt ${seen} fails`);
    });
    platform.jobs.registerBatch(batched, async (payloads) => {
      batches.push(payloads.map(({ key }) => key));
      const failures = new Map<number, Error>();
      payloads.forEach(({ key }, index) => {
        const seen = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, seen);
        // "again" fails its first attempt only; "never" fails every attempt.
        if ((key === 'again' && seen === 1) || key === 'never')
          failures.set(index, new Error(`${key} fails`));
      });
      return failures;
    });
    await platform.jobs.start({ work: true });
  });
  afterAll(() => platform.close());

  const visited = async (page: string) =>
    (await platform.db.query('SELECT 1 FROM visits WHERE page = $1', [page])).rows.length > 0 || undefined;

  it('runs an enqueued job', async () => {
    await platform.jobs.enqueue(recordVisit, { page: 'home' });
    await waitFor(() => visited('home'));
  });

  it('enqueues inside a transaction: a rolled-back transaction leaves no job', async () => {
    await platform.db
      .transaction(async (tx) => {
        await platform.jobs.enqueue(recordVisit, { page: 'rolled-back' }, { tx });
        throw new Error('abort');
      })
      .catch(() => undefined);
    await platform.db.transaction(async (tx) => {
      await platform.jobs.enqueue(recordVisit, { page: 'committed' }, { tx });
    });
    await waitFor(() => visited('committed'));
    const { rows } = await platform.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${platform.db.schema}_pgboss.job WHERE name = $1 AND data->>'page' = 'rolled-back'`,
      [recordVisit.name],
    );
    expect(rows[0]!.n).toBe(0);
    expect(await visited('rolled-back')).toBeUndefined();
  });

  it('enqueues many jobs in one call, in the transaction, collapsing repeated singleton keys', async () => {
    const pages = ['bulk-1', 'bulk-2', 'bulk-3'];
    await platform.db.transaction(async (tx) => {
      await platform.jobs.enqueueMany(
        recordVisitOnce,
        [...pages, 'bulk-1'].map((page) => ({ page })),
        { tx, singletonKeyOf: ({ page }) => `visit:${page}` },
      );
    });
    for (const page of pages) await waitFor(() => visited(page));
    const { rows } = await platform.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${platform.db.schema}_pgboss.job WHERE singleton_key LIKE 'visit:bulk-%'`,
    );
    expect(rows[0]!.n, 'one job per key, whatever the number of payloads').toBe(3);
    await expect(platform.jobs.enqueueMany(recordVisit, [{ page: '' }])).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
  });

  it('refuses a payload that does not match the job schema', async () => {
    await expect(platform.jobs.enqueue(recordVisit, { page: '' })).rejects.toBeInstanceOf(
      InvalidJobPayloadError,
    );
  });

  it('retries a failing job until it succeeds', async () => {
    const id = await platform.jobs.enqueue(flaky, { key: 'k1' });
    const state = await waitFor(async () => {
      const { rows } = await platform.db.query<{ state: string }>(
        `SELECT state FROM ${platform.db.schema}_pgboss.job WHERE id = $1`,
        [id],
      );
      return rows[0]?.state === 'completed' ? rows[0].state : undefined;
    }, 20_000);
    expect(state).toBe('completed');
    expect(attempts.get('k1')).toBe(3);
  });

  it('hands a batch handler several jobs at once; only the jobs it fails are retried', async () => {
    await platform.jobs.enqueueMany(batched, [
      { key: 'ok-1' },
      { key: 'again' },
      { key: 'ok-2' },
      { key: 'never' },
    ]);
    await waitFor(
      async () => (attempts.get('never') === 3 && attempts.get('again') === 2) || undefined,
      20_000,
    );
    // Each was handed over once per attempt: the ones that succeeded were not run again.
    expect(attempts.get('ok-1')).toBe(1);
    expect(attempts.get('ok-2')).toBe(1);
    expect(batches.some((keys) => keys.length > 1)).toBe(true);
    const { rows } = await platform.db.query<{ key: string; state: string }>(
      `SELECT data->>'key' AS key, state FROM ${platform.db.schema}_pgboss.job WHERE name = $1`,
      [batched.name],
    );
    const states = Object.fromEntries(rows.map((row) => [row.key, row.state]));
    expect(states).toMatchObject({ 'ok-1': 'completed', 'ok-2': 'completed', again: 'completed' });
    await waitFor(async () => {
      const { rows: failed } = await platform.db.query(
        `SELECT 1 FROM ${platform.db.schema}_pgboss.job WHERE name = $1 AND data->>'key' = 'never' AND state = 'failed'`,
        [batched.name],
      );
      return failed.length > 0 || undefined;
    });
  });
});
