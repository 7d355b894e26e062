import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/platform/platform.js';
import { COMMON_WORD, generateLead, seedSynthetic } from '../../src/workflows/seed-synthetic/index.js';
import { AVAILABLE_BACKENDS, createTestPlatform, TEST_DATABASE_URL } from '../support/test-platform.js';

const NOW = new Date('2026-11-01T12:00:00Z');

describe.each(AVAILABLE_BACKENDS)('seed --synthetic on %s', (backend) => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await createTestPlatform({ backend });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('loads 500 published leads with contacts and provenance, the same ones the generator makes', async () => {
    const summary = await seedSynthetic(platform, { count: 500, seed: 7, now: NOW, batchSize: 200 });
    expect(summary).toMatchObject({ requested: 500, inserted: 500, alreadyLoaded: 0, batches: 3 });
    expect(summary.method).toBe(backend === 'postgres' ? 'copy' : 'insert');

    const { rows } = await platform.db.query<Record<string, number>>(
      `SELECT count(*)::int AS leads,
              count(*) FILTER (WHERE status = 'published')::int AS published,
              (SELECT count(*)::int FROM contacts) AS contacts,
              (SELECT count(*)::int FROM lead_sources WHERE source_id = 'csv') AS sources,
              (SELECT count(*)::int FROM raw_records WHERE fetch_meta ->> 'channel' = 'synthetic') AS raw,
              count(*) FILTER (WHERE search_document @@ plainto_tsquery('english', $1))::int AS common
         FROM leads`,
      [COMMON_WORD],
    );
    expect(rows[0]).toMatchObject({ leads: 500, published: 500, contacts: 500, sources: 500, raw: 3 });
    expect(rows[0]?.common).toBeGreaterThan(100);
    expect(rows[0]?.common).toBeLessThan(250);

    const expected = generateLead(7, 123, NOW);
    const { rows: stored } = await platform.db.query<Record<string, unknown>>(
      `SELECT l.title, l.price, l.zip, l.state, ST_Y(l.location::geometry) AS lat, ST_X(l.location::geometry) AS lng,
              c.phones, c.emails, ls.external_id
         FROM leads l JOIN contacts c ON c.lead_id = l.id JOIN lead_sources ls ON ls.lead_id = l.id
        WHERE l.id = $1`,
      [expected.id],
    );
    expect(stored[0]).toMatchObject({
      title: expected.title,
      price: expected.price,
      zip: expected.zip,
      state: expected.state,
      phones: expected.contact.phones,
      emails: expected.contact.emails,
      external_id: 'synthetic-7-123',
    });
    expect(stored[0]?.lat).toBeCloseTo(expected.latitude, 5);
    expect(stored[0]?.lng).toBeCloseTo(expected.longitude, 5);

    // The masked view the search reads works on the generated contacts.
    const { rows: masked } = await platform.db.query<{ has_phone: boolean; phones_masked: string[] }>(
      'SELECT has_phone, phones_masked FROM contacts_masked WHERE lead_id = $1',
      [expected.id],
    );
    expect(masked[0]?.has_phone).toBe(expected.contact.phones.length > 0);
  });

  it('skips batches an earlier run of the same seed loaded, and adds another seed beside them', async () => {
    const again = await seedSynthetic(platform, { count: 500, seed: 7, now: NOW, batchSize: 200 });
    expect(again).toMatchObject({ inserted: 0, alreadyLoaded: 500 });
    const indexCount = async () =>
      (
        await platform.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'leads'",
        )
      ).rows[0]?.n;
    const indexesBefore = await indexCount();
    // On PostgreSQL, 'rebuild' drops the secondary indexes for the load and builds them again after it.
    const other = await seedSynthetic(platform, { count: 50, seed: 8, now: NOW, indexes: 'rebuild' });
    expect(other.inserted).toBe(50);
    expect(other.rebuiltIndexes).toBe(backend === 'postgres');
    expect(await indexCount()).toBe(indexesBefore);
    const { rows } = await platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads');
    expect(rows[0]?.n).toBe(550);
  });
});

describe.runIf(TEST_DATABASE_URL)('aiqleads seed --synthetic (CLI, PostgreSQL)', () => {
  const schema = `t_cli_seed_${process.pid}`;
  const env = {
    ...process.env,
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    RUN_JOBS: 'false',
  };
  afterAll(async () => {
    const platform = await createTestPlatform({ backend: 'postgres' });
    await platform.db.exec(
      `DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_pgboss CASCADE;`,
    );
    await platform.close();
  });

  it('loads 500 leads through COPY and prints a summary', () => {
    const run = spawnSync(
      process.execPath,
      [path.resolve('bin/aiqleads.js'), 'seed', '--synthetic', '500', '--seed', '3'],
      {
        env,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/inserted\s+500/);
    expect(run.stdout).toMatch(/COPY \(PostgreSQL\)/);
  });

  it('refuses a count that is not a positive integer', () => {
    const run = spawnSync(
      process.execPath,
      [path.resolve('bin/aiqleads.js'), 'seed', '--synthetic', 'many'],
      {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--synthetic takes a lead count');
  });
});
