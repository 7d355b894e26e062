import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { CSV_COLUMNS, purchasesCsv, refundPurchase } from '../../src/modules/marketplace/index.js';
import { csvField } from '../../src/modules/marketplace/purchases-export.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { type SignedUp, signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';
import { giveCredits, makeLeadWithContact, makePurchase } from './factories.js';

let platform: Platform;
let app: App;

beforeAll(async () => {
  platform = await createTestPlatform();
  app = await buildApp(platform, createModules(platform));
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await platform.close();
});

type Row = Record<string, string>;

async function exportCsv(buyer: SignedUp, query = '') {
  const response = await app.inject({ url: `/v1/purchases/export.csv${query}`, headers: buyer.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response;
}

const rowsOf = (csv: string): Row[] => parse(csv, { columns: true, relax_column_count: false });

async function buyer(credits = 500) {
  const signed = await signUp(app, platform.db);
  await giveCredits(platform.db, signed.userId, credits);
  return signed;
}

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://x.example","click")', `"'=HYPERLINK(""http://x.example"",""click"")"`],
    ['+1 234', "'+1 234"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['mid=dle', 'mid=dle'],
    ['', ''],
    [null, ''],
    [-106.65, '-106.65'],
    [3, '3'],
    [true, 'true'],
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('GET /v1/purchases/export.csv', () => {
  it('exports one RFC 4180 row per purchase with facts, full contact, DNC flags, price and status', async () => {
    const me = await buyer();
    const leadId = await makeLeadWithContact(
      platform.db,
      { city: 'Santa Fe', zip: '87501', property_type: 'house' },
      {
        name: '=cmd|" /C calc"!A0',
        phones: ['+15055550111', '+15055550112'],
        emails: ['owner@example.com', 'alt@example.com'],
      },
    );
    await platform.db.query(
      `UPDATE leads SET title = $2, description = $3, address_line = $4, price = 325000, bedrooms = 3
        WHERE id = $1`,
      [leadId, 'Adobe, 3 bd "as is"', 'Line one\r\nLine two, with comma', '12 Canyon Rd'],
    );
    await platform.db.query('UPDATE contacts SET dnc = $2 WHERE lead_id = $1', [
      leadId,
      {
        scrubbed_at: new Date().toISOString(),
        listed: [{ phone: '+15055550112', lists: ['national'] }],
        checked: ['+15055550111', '+15055550112'],
      },
    ]);
    const at = new Date('2026-11-20T10:00:00Z');
    const { purchaseId } = await makePurchase(platform.db, { buyerId: me.userId, leadId, credits: 17, at });
    // Someone else's purchase never shows.
    const other = await buyer();
    await makePurchase(platform.db, {
      buyerId: other.userId,
      leadId: await makeLeadWithContact(platform.db),
    });

    const response = await exportCsv(me);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="aiqleads-purchases-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const body = response.body;
    expect(body.split('\r\n')[0]).toBe(CSV_COLUMNS.map(([header]) => header).join(','));
    expect(body.endsWith('\r\n')).toBe(true);

    const rows = rowsOf(body);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      purchase_id: purchaseId,
      lead_id: leadId,
      purchased_at: at.toISOString(),
      status: 'active',
      refunded_at: '',
      exclusive: 'false',
      credits_paid: '17',
      title: 'Adobe, 3 bd "as is"',
      description: 'Line one\r\nLine two, with comma',
      asking_price: '325000',
      bedrooms: '3',
      address: '12 Canyon Rd',
      city: 'Santa Fe',
      zip: '87501',
      property_type: 'house',
      // A formula in the owner's name is neutralised; E.164 phones starting with + are kept as text too.
      contact_name: `'=cmd|" /C calc"!A0`,
      phones: "'+15055550111; +15055550112",
      emails: 'owner@example.com; alt@example.com',
      dnc_listed_phones: "'+15055550112",
      dnc_unchecked_phones: '',
      dnc_scrub_stale: 'false',
      contact_suppressed: 'false',
    });
    expect(row.contact_rules!.split('; ')).toContain('DNC_LISTED');
    expect(row.dispute_deadline).toBe(new Date(at.getTime() + 7 * 86_400_000).toISOString());
  });

  it('filters by since and status', async () => {
    const me = await buyer();
    const old = await makePurchase(platform.db, {
      buyerId: me.userId,
      leadId: await makeLeadWithContact(platform.db),
      at: new Date('2026-10-01T00:00:00Z'),
    });
    const recent = await makePurchase(platform.db, {
      buyerId: me.userId,
      leadId: await makeLeadWithContact(platform.db),
      at: new Date('2026-11-01T00:00:00Z'),
    });
    await refundPurchase(platform.db, old.purchaseId, { reason: 'lead_fraud', actor: { kind: 'system' } });

    const ids = async (query: string) =>
      rowsOf((await exportCsv(me, query)).body).map((row) => row.purchase_id);
    expect(await ids('')).toEqual([old.purchaseId, recent.purchaseId]);
    expect(await ids('?since=2026-10-15T00:00:00Z')).toEqual([recent.purchaseId]);
    expect(await ids('?status=refunded')).toEqual([old.purchaseId]);
    expect(await ids('?status=active&since=2026-01-01T00:00:00Z')).toEqual([recent.purchaseId]);
    const refunded = rowsOf((await exportCsv(me, '?status=refunded')).body)[0]!;
    expect(refunded).toMatchObject({ status: 'refunded', refund_reason: 'lead_fraud' });
    expect(refunded.refunded_at).not.toBe('');

    const bad = await app.inject({ url: '/v1/purchases/export.csv?since=yesterday', headers: me.headers });
    expect(bad.statusCode).toBe(400);
    expect(
      (await app.inject({ url: '/v1/purchases/export.csv?status=gone', headers: me.headers })).statusCode,
    ).toBe(400);
  });

  it('is documented in the OpenAPI document as text/csv, beside the CRM webhook routes', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json();
    const get = doc.paths['/v1/purchases/export.csv'].get;
    expect(Object.keys(get.responses['200'].content)).toEqual(['text/csv']);
    expect(get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['since', 'status']);
    expect(Object.keys(doc.paths['/v1/crm-webhook']).sort()).toEqual(['delete', 'get', 'put']);
    expect(doc.paths['/v1/crm-webhook/deliveries'].get).toBeDefined();
    expect(JSON.stringify(doc.paths['/v1/crm-webhook'].get.responses['200'])).not.toContain('secret');
  });

  it('gives a header-only file to a buyer with no purchases, and 401 without a session', async () => {
    const me = await buyer();
    expect((await exportCsv(me)).body).toBe(`${CSV_COLUMNS.map(([header]) => header).join(',')}\r\n`);
    expect((await app.inject({ url: '/v1/purchases/export.csv' })).statusCode).toBe(401);
  });

  it('pages by keyset: every purchase once, in order, also within one microsecond-precise instant', async () => {
    const me = await buyer(1000);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const leadId = await makeLeadWithContact(platform.db);
      ids.push((await makePurchase(platform.db, { buyerId: me.userId, leadId, credits: 3 })).purchaseId);
    }
    // Same millisecond, different microseconds, and an exact tie: what a millisecond keyset gets wrong.
    await platform.db.query(
      `UPDATE purchases SET purchased_at = CASE
          WHEN id = ANY($1::uuid[]) THEN timestamptz '2026-11-25 12:00:00.123456+00'
          WHEN id = ANY($2::uuid[]) THEN timestamptz '2026-11-25 12:00:00.123789+00'
          ELSE purchased_at END
        WHERE buyer_id = $3`,
      [ids.slice(0, 3), ids.slice(3, 5), me.userId],
    );
    const chunks: string[] = [];
    for await (const chunk of purchasesCsv(
      { db: platform.db, disputeWindowDays: 7, pageSize: 2 },
      me.userId,
    )) {
      chunks.push(chunk);
    }
    expect(chunks).toHaveLength(1 + 4);
    const exported = rowsOf(chunks.join('')).map((row) => row.purchase_id);
    expect(exported).toHaveLength(7);
    expect(new Set(exported)).toEqual(new Set(ids));
    expect(exported.slice(0, 3).sort()).toEqual(exported.slice(0, 3));
    expect(new Set(exported.slice(0, 3))).toEqual(new Set(ids.slice(0, 3)));
    expect(new Set(exported.slice(3, 5))).toEqual(new Set(ids.slice(3, 5)));
  });
});
