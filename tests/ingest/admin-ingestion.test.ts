import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { createTestPlatform } from '../support/test-platform.js';

const TOKEN = 'admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const mixedCsv = readFileSync('fixtures/csv/leads-mixed.csv', 'utf8');

describe('admin ingestion API', () => {
  let platform: Platform;
  let app: App;

  beforeAll(async () => {
    platform = await createTestPlatform({ env: { ADMIN_TOKEN: TOKEN } });
    app = await buildApp(platform, createModules(platform));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  it('refuses callers without the admin token', async () => {
    const none = await app.inject({ url: '/v1/admin/sources' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('ADMIN_AUTH_REQUIRED');
    const wrong = await app.inject({
      url: '/v1/admin/sources',
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('imports good CSV rows, reports bad ones by line, and imports the same file only once', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/admin/imports',
      headers: auth,
      payload: { csv: mixedCsv, filename: 'mixed.csv' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.already_imported).toBe(false);
    expect(body.rows_imported).toBeGreaterThan(0);
    expect(body.leads_created).toBe(body.rows_imported);
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors[0]).toMatchObject({ line: 3, reason: expect.any(String) });
    const { rows } = await platform.db.query<{ n: number }>(
      `SELECT count(*) AS n FROM lead_sources WHERE source_id = 'csv'`,
    );
    expect(rows[0]!.n).toBe(body.rows_imported);

    const again = await app.inject({
      method: 'POST',
      url: '/v1/admin/imports',
      headers: auth,
      payload: { csv: mixedCsv, filename: 'mixed.csv' },
    });
    expect(again.json()).toMatchObject({ already_imported: true, leads_created: 0 });
  });

  it('refuses a file none of whose rows can be imported with 422 and the reasons by line', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/admin/imports',
      headers: auth,
      payload: { csv: 'Name,Phone\nA,(415) 555-0110\n', mapping: { contact_name: 'Owner', phone: 'Phone' } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'CSV_NO_USABLE_ROWS',
      details: [{ line: 1, column: 'Owner', reason: 'no column "Owner" (for contact_name)' }],
    });
  });

  it('refuses a mapping to an unknown field with 400 and stores nothing', async () => {
    const before = await platform.db.query<{ n: number }>(`SELECT count(*) AS n FROM raw_records`);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/admin/imports',
      headers: auth,
      payload: { csv: 'Name,Phone\nB,(415) 555-0111\n', mapping: { favourite_colour: 'Name' } },
    });
    expect(res.statusCode).toBe(400);
    const after = await platform.db.query<{ n: number }>(`SELECT count(*) AS n FROM raw_records`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('lists sources with their 24-hour outcomes and breaker state', async () => {
    const res = await app.inject({ url: '/v1/admin/sources', headers: auth });
    expect(res.statusCode).toBe(200);
    const csv = res.json().items.find((s: { id: string }) => s.id === 'csv');
    expect(csv).toMatchObject({
      channel: 'upload',
      enabled: true,
      parsed_24h: 1,
      failed_24h: 0,
      success_rate_24h: 1,
      breaker_state: 'closed',
    });
    expect(res.json().items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['craigslist', 'zillow', 'fsbo', 'facebook_leadads', 'linkedin', 'csv']),
    );
  });

  it('refuses to crawl a source that is not crawled, and an unknown run', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/admin/crawls',
      headers: auth,
      payload: { source: 'csv' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CRAWL_NOT_STARTED');
    const missing = await app.inject({
      url: '/v1/admin/crawls/6f1c5bb4-8f0a-4c59-9d59-3e0f1f7a1a11',
      headers: auth,
    });
    expect(missing.statusCode).toBe(404);
    const bad = await app.inject({ url: '/v1/admin/crawls/not-a-uuid', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('params.id');
  });
});
