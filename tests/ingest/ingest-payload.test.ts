import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSourceRegistry,
  defaultSourceAdapters,
  emptyListing,
  storeRawRecord,
} from '../../src/modules/sources/index.js';
import type { Platform } from '../../src/platform/platform.js';
import {
  ingestPayload,
  reparseSource,
  storePayloads,
  upsertListings,
} from '../../src/workflows/ingest/index.js';
import { createTestPlatform } from '../support/test-platform.js';

const fsboHouse = readFileSync('fixtures/fsbo/jsonld_realestatelisting_house_HANDMADE.html', 'utf8');
const zillowFsbo = readFileSync('fixtures/zillow/property_2023_DERIVED_fsbo.json', 'utf8');
const zillowCaptcha = readFileSync('fixtures/zillow/captcha_block_HANDMADE.html', 'utf8');

describe('ingest flow', () => {
  let platform: Platform;
  let throwing = false;
  const sources = createSourceRegistry(
    defaultSourceAdapters().map((adapter) =>
      adapter.id === 'fsbo'
        ? {
            ...adapter,
            // A parser with a bug, on demand: the raw record must survive and say why.
            parse: (payload: string, url?: string) => {
              if (throwing) throw new Error('selector exploded');
              return adapter.parse(payload, url);
            },
          }
        : adapter,
    ),
  );
  const deps = () => ({ db: platform.db, log: platform.log, sources });
  const count = async (sql: string, params: unknown[] = []) =>
    (await platform.db.query<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]!.n;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.close());

  it('stores the raw payload, creates the lead with its contact, provenance and a lead.created event', async () => {
    const result = await ingestPayload(deps(), { sourceId: 'zillow', payload: zillowFsbo, url: null });
    expect(result).toMatchObject({ status: 'parsed', newRawRecord: true });
    expect(result.leads).toEqual([{ id: expect.any(String), change: 'created', external_id: '15192198' }]);
    const id = result.leads[0]!.id;
    const lead = await platform.db.query(
      `SELECT listing_type, price, bedrooms, sqft, city, state, zip, ST_Y(location::geometry) AS lat, status FROM leads WHERE id = $1`,
      [id],
    );
    expect(lead.rows[0]).toMatchObject({
      listing_type: 'fsbo_sale',
      price: 850000,
      bedrooms: 2,
      sqft: 900,
      city: 'San Francisco',
      state: 'CA',
      zip: '94112',
      status: 'published',
    });
    expect(
      await count('lead_sources WHERE lead_id = $1 AND raw_record_id = $2', [id, result.rawRecordId]),
    ).toBe(1);
    // Search reads a lead's sources from the lead itself.
    expect(await count(`leads WHERE id = $1 AND source_ids = '{zillow}'`, [id])).toBe(1);
    expect(await count(`events WHERE type = 'lead.created' AND aggregate_id = $1`, [id])).toBe(1);
    const raw = await platform.db.query<{ payload: string; parse_status: string }>(
      'SELECT payload, parse_status FROM raw_records WHERE id = $1',
      [result.rawRecordId],
    );
    expect(raw.rows[0]).toEqual({ payload: zillowFsbo, parse_status: 'parsed' });
  });

  it('changes nothing when the same payload comes again', async () => {
    const before = await count('raw_records');
    const again = await ingestPayload(deps(), { sourceId: 'zillow', payload: zillowFsbo, url: null });
    expect(again).toMatchObject({ status: 'unchanged', newRawRecord: false, leads: [] });
    expect(await count('raw_records')).toBe(before);
    expect(await count(`events WHERE type = 'lead.updated'`)).toBe(0);
  });

  it('updates the lead from a changed page, keeping both versions and the changed fields', async () => {
    const cheaper = zillowFsbo.replace('"price": 850000', '"price": 799000');
    expect(cheaper).not.toBe(zillowFsbo);
    const result = await ingestPayload(deps(), { sourceId: 'zillow', payload: cheaper, url: null });
    expect(result.leads).toEqual([{ id: expect.any(String), change: 'updated', external_id: '15192198' }]);
    expect(await count(`raw_records WHERE source_id = 'zillow' AND external_id IS NULL`)).toBe(2);
    const event = await platform.db.query<{ payload: { changed: string[] } }>(
      `SELECT payload FROM events WHERE type = 'lead.updated' AND aggregate_id = $1`,
      [result.leads[0]!.id],
    );
    expect(event.rows[0]!.payload.changed).toEqual(['price']);
    expect(await count('leads')).toBe(1);
  });

  it('records a page that is not a listing as skipped, with the reason, and makes no lead', async () => {
    const result = await ingestPayload(deps(), {
      sourceId: 'zillow',
      payload: zillowCaptcha,
      url: 'https://www.zillow.com/x',
    });
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/^blocked/);
    const raw = await platform.db.query('SELECT parse_status, parse_error FROM raw_records WHERE id = $1', [
      result.rawRecordId,
    ]);
    expect(raw.rows[0]).toMatchObject({
      parse_status: 'skipped',
      parse_error: expect.stringMatching(/^blocked/),
    });
    expect(await count('leads')).toBe(1);
  });

  it('keeps the raw record of a payload whose parser throws, and replays it once the parser is fixed', async () => {
    throwing = true;
    const failed = await ingestPayload(deps(), {
      sourceId: 'fsbo',
      payload: fsboHouse,
      url: 'https://fsbo.example/house/1',
    });
    expect(failed).toMatchObject({ status: 'failed', reason: 'parser threw: selector exploded' });
    expect(await count(`raw_records WHERE source_id = 'fsbo' AND parse_status = 'failed'`)).toBe(1);

    throwing = false;
    const summary = await reparseSource(deps(), 'fsbo');
    expect(summary).toMatchObject({ records: 1, parsed: 1, failed: 0, leadsCreated: 1 });
    expect(await count(`raw_records WHERE source_id = 'fsbo' AND parse_status = 'parsed'`)).toBe(1);
    const again = await reparseSource(deps(), 'fsbo');
    expect(again).toMatchObject({ records: 1, parsed: 1, leadsCreated: 0, leadsUnchanged: 1 });
  });

  it('fails a record whose listing breaks the ParsedListing schema, naming the field, and writes no lead', async () => {
    const before = await count('leads');
    const raw = await storeRawRecord(platform.db, {
      sourceId: 'csv',
      externalId: 'bad-1',
      sourceUrl: null,
      contentType: 'text/csv',
      payload: 'bad listing',
    });
    const listing = { ...emptyListing('csv'), listing_type: 'contact_import' as const, latitude: 200 };
    const result = await upsertListings(deps(), { id: 'csv', parserVersion: 'test' }, raw.id, [listing]);
    expect(result).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^listing \/latitude must be <= 90/),
    });
    expect(await count('leads')).toBe(before);
  });

  it('stores many payloads with one call: new ones created, known ones found, a copy in the same call stored once', async () => {
    const known = await ingestPayload(deps(), {
      sourceId: 'fsbo',
      payload: fsboHouse,
      url: 'https://fsbo.example/known',
    });
    const page = (n: number) => `<html><body>page ${n}</body></html>`;
    const before = await count('raw_records');
    const stored = await storePayloads(deps(), [
      { sourceId: 'fsbo', payload: page(1), url: 'https://fsbo.example/batch/1' },
      { sourceId: 'fsbo', payload: fsboHouse, url: 'https://fsbo.example/known' },
      { sourceId: 'fsbo', payload: page(2), url: 'https://fsbo.example/batch/2' },
      { sourceId: 'fsbo', payload: page(1), url: 'https://fsbo.example/batch/1' },
    ]);
    expect(await count('raw_records')).toBe(before + 2);
    expect(stored.map((record) => record.created)).toEqual([true, false, true, false]);
    expect(stored[1]).toEqual({ id: known.rawRecordId, created: false, parseStatus: 'parsed' });
    expect(stored[3]!.id).toBe(stored[0]!.id);
    expect(stored[0]!.parseStatus).toBe('pending');
    expect(new Set(stored.map((record) => record.id)).size).toBe(3);
  });

  it('refuses an unknown source with the known ones listed', async () => {
    await expect(ingestPayload(deps(), { sourceId: 'myspace', payload: 'x' })).rejects.toThrow(
      /unknown source "myspace" \(known: /,
    );
  });
});
