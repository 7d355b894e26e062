import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createModules } from '../../src/composition.js';
import { storeRawRecord } from '../../src/modules/sources/index.js';
import type { Platform } from '../../src/platform/platform.js';
import { importCsv, ingestDepsFor, ingestPayload, reparseSource } from '../../src/workflows/ingest/index.js';
import { saveSearch } from '../saved-searches/factories.js';
import { signUp } from '../support/auth.js';
import { createTestPlatform } from '../support/test-platform.js';

const CORPUS = 'fixtures/craigslist/corpus/postings';
const page = (file: string) => readFileSync(path.join(CORPUS, file), 'utf8');
const urlOf = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)![1]!;

// Real reposts from the corpus (fixtures/dedupe/craigslist-pairs.json): both later posts repost the first.
const ORIGINAL = 'misc_7495568357.html';
const REPOSTS = ['misc_7496777933.html', 'misc_7501922456.html'];

describe('ingest with the lead-quality stages', () => {
  let platform: Platform;
  const count = async (sql: string, params: unknown[] = []) =>
    (await platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n;

  beforeAll(async () => {
    platform = await createTestPlatform();
  });
  afterAll(() => platform.close());

  it('makes one lead of a posting and its reposts arriving in one reparse batch, with the match evidence', async () => {
    for (const file of [ORIGINAL, ...REPOSTS]) {
      const html = page(file);
      await storeRawRecord(platform.db, {
        sourceId: 'craigslist',
        externalId: file.replace(/\D/g, ''),
        sourceUrl: urlOf(html),
        contentType: 'text/html',
        payload: html,
      });
    }
    const summary = await reparseSource(ingestDepsFor(platform), 'craigslist');
    expect(summary).toMatchObject({ records: 3, parsed: 3, leadsCreated: 1, leadsMatched: 2 });
    const sources = await platform.db.query<{
      lead_id: string;
      external_id: string;
      match: { reason: string };
    }>('SELECT lead_id, external_id, match FROM lead_sources ORDER BY external_id');
    expect(new Set(sources.rows.map((row) => row.lead_id)).size).toBe(1);
    expect(sources.rows.map((row) => row.match.reason)).toEqual(['created', 'duplicate', 'duplicate']);
    expect(sources.rows[1]!.match).toMatchObject({ score: expect.any(Number), reasons: expect.any(Array) });
    expect(await count(`events WHERE type = 'lead.duplicate_attached'`)).toBe(2);

    // A second replay changes nothing: each record is now held by the lead it joined.
    const again = await reparseSource(ingestDepsFor(platform), 'craigslist');
    expect(again).toMatchObject({ records: 3, leadsCreated: 0, leadsMatched: 0, leadsUnchanged: 3 });
    expect(await count('leads')).toBe(1);
  });

  it('joins a repost ingested later to the lead its original made', async () => {
    const deps = ingestDepsFor(platform);
    const original = page('sanmarcos_7492365771.html');
    const repost = page('sanmarcos_7493516626.html');
    const first = await ingestPayload(deps, {
      sourceId: 'craigslist',
      payload: original,
      url: urlOf(original),
    });
    const second = await ingestPayload(deps, { sourceId: 'craigslist', payload: repost, url: urlOf(repost) });
    expect(first.leads[0]!.change).toBe('created');
    expect(second.leads).toEqual([{ id: first.leads[0]!.id, change: 'matched', external_id: '7493516626' }]);
  });

  it('adds motivation signals and facts the text states but the source fields lack, saying which', async () => {
    const deps = ingestDepsFor(platform);
    const csv = [
      'name,phone,title,description,city,state',
      'Pat Owner,505-555-0142,Adobe home,"Must sell, we are relocating for work. 3 bed 2 bath, 1,850 sq ft.",Santa Fe,NM',
    ].join('\n');
    const result = await importCsv(deps, { csv, filename: 'owners.csv' });
    expect(result.leads_created).toBe(1);
    const lead = await platform.db.query<{
      bedrooms: number;
      sqft: number;
      attributes: Record<string, unknown>;
    }>(`SELECT bedrooms, sqft, attributes FROM leads WHERE title = 'Adobe home'`);
    expect(lead.rows[0]).toMatchObject({ bedrooms: 3, sqft: 1850 });
    expect(lead.rows[0]!.attributes).toMatchObject({
      motivation: expect.arrayContaining(['must_sell', 'relocating']),
      from_text: expect.arrayContaining(['bedrooms', 'bathrooms', 'sqft']),
    });
  });
  it('scores every new lead with reasons, stores the contact validation, and keeps the passport events masked', async () => {
    const { rows } = await platform.db.query<{
      quality_score: number | null;
      fraud_score: number | null;
      quality_reasons: unknown[];
    }>(`SELECT quality_score, fraud_score, quality_reasons FROM leads WHERE status <> 'merged'`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.quality_score).toEqual(expect.any(Number));
      expect(row.fraud_score).toEqual(expect.any(Number));
      expect(row.quality_reasons.length).toBeGreaterThan(0);
    }
    const contacts = await platform.db.query<{ phones: string[]; emails: string[]; validation: unknown }>(
      'SELECT phones, emails, validation FROM contacts WHERE cardinality(phones) + cardinality(emails) > 0',
    );
    expect(contacts.rows.length).toBeGreaterThan(0);
    for (const contact of contacts.rows) {
      expect(contact.validation).toMatchObject({ phones: expect.any(Array), emails: expect.any(Array) });
    }
    const events = await platform.db.query<{ payload: unknown }>(
      `SELECT payload FROM events WHERE type = 'lead.contact_checked'`,
    );
    expect(events.rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(events.rows);
    for (const contact of contacts.rows) {
      for (const value of [...contact.phones, ...contact.emails]) expect(text).not.toContain(value);
    }
  });

  it('alerts the saved searches a newly published lead matches, and a lead cleared from fraud review', async () => {
    const app = await buildApp(platform, createModules(platform));
    try {
      const buyer = await signUp(app, platform.db, { email: 'alerts@example.com' });
      await saveSearch(app, buyer.headers, {
        name: 'Santa Fe owners',
        query: { city: 'Santa Fe', state: 'NM' },
      });
      const csv = 'name,phone,title,city,state,zip\nLee Owner,505-555-0177,Casita for sale,Santa Fe,NM,87501';
      await importCsv(ingestDepsFor(platform), { csv, filename: 'more-owners.csv' });
      const inbox = await app.inject({ url: '/v1/notifications', headers: buyer.headers });
      const titles = inbox.json<{ items: { lead: { title: string } }[] }>().items.map((n) => n.lead.title);
      expect(titles).toContain('Casita for sale');

      // A lead held for fraud review alerts no one; once an admin clears it, it does.
      const held = 'name,phone,title,city,state,zip\nKim Owner,505-555-0166,Adobe duplex,Santa Fe,NM,87505';
      const imported = await importCsv(ingestDepsFor(platform), { csv: held, filename: 'held.csv' });
      expect(imported.leads_created).toBe(1);
      const { rows } = await platform.db.query<{ id: string }>(
        `UPDATE leads SET status = 'fraud_review' WHERE title = 'Adobe duplex' RETURNING id`,
      );
      const heldId = rows[0]!.id;
      await platform.db.query(
        `INSERT INTO fraud_reviews (lead_id, score, reasons, score_version) VALUES ($1, 80, '[]', 1)`,
        [heldId],
      );
      // As if it had been held at ingest: the alert it raised when it was published goes.
      await platform.db.query('DELETE FROM notifications WHERE lead_id = $1', [heldId]);
      const before = await app.inject({ url: '/v1/notifications', headers: buyer.headers });
      expect(before.json<{ items: { lead: { id: string } }[] }>().items.map((n) => n.lead.id)).not.toContain(
        heldId,
      );
      const admin = await signUp(app, platform.db, { email: 'admin@example.com', role: 'admin' });
      const decided = await app.inject({
        method: 'POST',
        url: `/v1/admin/fraud/${heldId}/decision`,
        headers: admin.headers,
        payload: { decision: 'clear', note: 'called the owner' },
      });
      expect(decided.statusCode).toBe(200);
      const after = await app.inject({ url: '/v1/notifications', headers: buyer.headers });
      const leads = after.json<{ items: { lead: { id: string } }[] }>().items.map((n) => n.lead.id);
      expect(leads).toContain(heldId);
    } finally {
      await app.close();
    }
  });
});
