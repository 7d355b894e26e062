import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/index.js';
import { createPgBossRunner, defineJob, type JobRunner } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { waitFor } from '../support/local-server.js';
import { openTestDatabase } from '../support/test-platform.js';

const poll = defineJob({
  name: 'test-scheduled-poll',
  payload: Type.Object({ owner: Type.String({ minLength: 1 }) }),
  retryLimit: 0,
});

describe('job runner schedules (pg-boss cron)', () => {
  let db: Database;
  let runner: JobRunner;
  const ran: string[] = [];
  const bossSchema = () => `${db.schema}_pgboss`;
  const runnerOn = (database: Database) =>
    createPgBossRunner({
      db: database,
      schema: `${database.schema}_pgboss`,
      log: createLogger({ level: 'silent' }),
      defaultConcurrency: 2,
      // pg-boss checks schedules every 30 s by default; a 1 s check keeps this test short.
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
    });

  beforeAll(async () => {
    db = await openTestDatabase();
    runner = runnerOn(db);
    runner.register(poll, async ({ owner }) => {
      ran.push(owner);
    });
    await runner.start({ work: true });
  });
  afterAll(async () => {
    await runner.stop(2000);
    await db.close();
  });

  it('stores one schedule per key: scheduling a key again replaces it instead of adding one', async () => {
    // 03:00 only, so these do not fire while the test runs (unless it runs at 03:00 UTC: harmless).
    await runner.schedule(poll, '0 3 * * *', { owner: 'acct-a' }, { key: 'acct-a' });
    await runner.schedule(poll, '0 3 * * *', { owner: 'acct-a (v2)' }, { key: 'acct-a' });
    await runner.schedule(poll, '0 3 * * *', { owner: 'acct-b' }, { key: 'acct-b' });
    await runner.schedule(poll, '30 2 * * *', { owner: 'all' });
    const schedules = await runner.listSchedules(poll);
    expect(schedules.sort((x, y) => String(x.key).localeCompare(String(y.key)))).toEqual([
      { key: 'acct-a', cron: '0 3 * * *', tz: 'UTC', payload: { owner: 'acct-a (v2)' } },
      { key: 'acct-b', cron: '0 3 * * *', tz: 'UTC', payload: { owner: 'acct-b' } },
      { key: null, cron: '30 2 * * *', tz: 'UTC', payload: { owner: 'all' } },
    ]);
    const { rows } = await db.query<{ name: string }>(
      `SELECT name FROM ${bossSchema()}.schedule ORDER BY name`,
    );
    expect(rows.map((row) => row.name)).toEqual([
      'test-scheduled-poll',
      'test-scheduled-poll@acct-a',
      'test-scheduled-poll@acct-b',
    ]);
  });

  it('refuses a payload that breaks the job schema, and a cron pg-boss cannot read', async () => {
    await expect(runner.schedule(poll, '* * * * *', { owner: '' }, { key: 'x' })).rejects.toThrow(
      'job test-scheduled-poll: payload /owner',
    );
    await expect(runner.schedule(poll, 'every minute', { owner: 'x' }, { key: 'x' })).rejects.toThrow();
    expect((await runner.listSchedules(poll)).map((s) => s.key)).not.toContain('x');
  });

  it("fires through pg-boss's own cron monitor into the job's queue, one job per key", async () => {
    // Every minute: the monitor's first check after this sends both (pg-boss debounces each to once a minute).
    await runner.schedule(poll, '* * * * *', { owner: 'acct-a' }, { key: 'acct-a' });
    await runner.schedule(poll, '* * * * *', { owner: 'acct-b' }, { key: 'acct-b' });
    await waitFor(async () => (ran.includes('acct-a') && ran.includes('acct-b') ? true : undefined), 15_000);
    const { rows } = await db.query<{ name: string; owner: string }>(
      `SELECT name, data->>'owner' AS owner FROM ${bossSchema()}.job WHERE data->>'owner' LIKE 'acct-%'`,
    );
    // The jobs ran in the definition's queue, not in the per-key schedule queues.
    expect(new Set(rows.map((row) => row.name))).toEqual(new Set(['test-scheduled-poll']));
    expect(ran).not.toContain('acct-a (v2)');
  });

  it('unschedules one key (dropping its schedule queue) and leaves the others', async () => {
    await runner.unschedule(poll, 'acct-a');
    await runner.unschedule(poll);
    await runner.unschedule(poll, 'never-scheduled');
    expect((await runner.listSchedules(poll)).map((s) => s.key)).toEqual(['acct-b']);
    const { rows } = await db.query(
      `SELECT 1 FROM ${bossSchema()}.queue WHERE name = 'test-scheduled-poll@acct-a'`,
    );
    expect(rows).toHaveLength(0);
  });

  it('an enqueue-only runner (the CLI) enqueues and schedules without working or firing anything', async () => {
    const cli = runnerOn(db);
    cli.register(poll, async () => {
      throw new Error('the CLI runner must not work jobs');
    });
    await cli.start({ work: false });
    try {
      expect(await cli.enqueue(poll, { owner: 'from-cli' })).toEqual(expect.any(String));
      await cli.schedule(poll, '0 4 * * *', { owner: 'cli' }, { key: 'cli' });
      expect((await runner.listSchedules(poll)).map((s) => s.key).sort()).toEqual(['acct-b', 'cli']);
      await waitFor(async () => (ran.includes('from-cli') ? true : undefined));
    } finally {
      await cli.stop(1000);
    }
  });
});
