import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { qualityModule } from '../../src/modules/quality/index.js';
import { refreshMarketPriceStats, scoreLead } from '../../src/modules/quality/scoring/index.js';
import type { App } from '../../src/platform/http/app.types.js';
import type { Platform } from '../../src/platform/platform.js';
import { createTestPlatform } from '../support/test-platform.js';
import { makeLead, makeRentalComps, NOW } from './scoring.factories.js';

const TOKEN = 'admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const options = { now: NOW, fraudReviewThreshold: 60 };
const SCAM = 'I am currently overseas for work, so I cannot show the house. Wire the deposit to hold it.';

describe('admin fraud review API', () => {
  let platform: Platform;
  let app: App;
  const flagged: string[] = [];

  async function statusOf(leadId: string): Promise<string> {
    const { rows } = await platform.db.query<{ status: string }>('SELECT status FROM leads WHERE id = $1', [
      leadId,
    ]);
    return rows[0]!.status;
  }

  beforeAll(async () => {
    platform = await createTestPlatform({ env: { ADMIN_TOKEN: TOKEN } });
    // Only this module's routes: the test is about them, not the whole composition.
    app = await buildApp(platform, [qualityModule(platform)]);
    await app.ready();
    await makeRentalComps(platform.db);
    await refreshMarketPriceStats(platform.db, { now: NOW });
    // Three suspects with different scores: a scam text alone, plus a low price, plus a foreign phone.
    for (const spec of [
      { description: SCAM, price: 600 },
      { description: SCAM },
      { description: SCAM, price: 600, phones: ['+18765550100'] },
    ]) {
      const id = await makeLead(platform.db, spec);
      const result = await scoreLead(platform.db, id, options);
      expect(result!.reviewOpened).toBe(true);
      flagged.push(id);
    }
  });
  afterAll(async () => {
    await app.close();
    await platform.close();
  });

  it('documents both routes in the OpenAPI document', async () => {
    const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/admin/fraud', '/v1/admin/fraud/{leadId}/decision']));
  });

  it('refuses callers without the admin token', async () => {
    const res = await app.inject({ url: '/v1/admin/fraud' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('ADMIN_AUTH_REQUIRED');
  });

  it('lists open reviews highest score first with the lead summary and reasons, page by page', async () => {
    const all = await app.inject({ url: '/v1/admin/fraud', headers: auth });
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { score: number; lead: { id: string }; reasons: { code: string }[] }[];
    expect(items.map((item) => item.lead.id)).toEqual([flagged[2], flagged[0], flagged[1]]);
    expect(items[0]).toMatchObject({
      lead: { status: 'fraud_review', listing_type: 'owner_rental', zip: '87106', price: 600 },
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'AREA_CODE_FOREIGN' })]),
    });
    expect(JSON.stringify(items)).not.toContain('+1876');
    expect(all.json().next_cursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await app.inject({ url: `/v1/admin/fraud?limit=2${query}`, headers: auth });
      seen.push(...page.json().items.map((item: { lead: { id: string } }) => item.lead.id));
      cursor = page.json().next_cursor;
    } while (cursor);
    expect(seen).toEqual(items.map((item) => item.lead.id));

    const newest = await app.inject({ url: '/v1/admin/fraud?sort=newest&limit=1', headers: auth });
    expect(newest.json().items[0].lead.id).toBe(flagged[2]);
    const bad = await app.inject({ url: '/v1/admin/fraud?cursor=bm9wZQ', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_CURSOR');
  });

  it('clears a lead: published, decided by whom and when, and an event', async () => {
    const lead = flagged[1]!;
    const res = await app.inject({
      method: 'POST',
      url: `/v1/admin/fraud/${lead}/decision`,
      headers: auth,
      payload: { decision: 'clear', note: 'Called the owner; the listing is real.' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ lead_id: lead, decision: 'clear', status: 'published' });
    expect(await statusOf(lead)).toBe('published');
    const { rows } = await platform.db.query(
      'SELECT status, decided_by, note, decided_at IS NOT NULL AS decided FROM fraud_reviews WHERE lead_id = $1',
      [lead],
    );
    expect(rows).toEqual([
      {
        status: 'cleared',
        decided_by: 'admin-token',
        note: 'Called the owner; the listing is real.',
        decided: true,
      },
    ]);
    const events = await platform.db.query(`SELECT type FROM events WHERE aggregate_id = $1 ORDER BY id`, [
      lead,
    ]);
    expect(events.rows.map((row) => row.type)).toContain('lead.fraud_cleared');

    const again = await app.inject({
      method: 'POST',
      url: `/v1/admin/fraud/${lead}/decision`,
      headers: auth,
      payload: { decision: 'confirm' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('NO_OPEN_FRAUD_REVIEW');
  });

  it('does not re-queue a cleared lead rescored with the same score, but does when the score rises', async () => {
    const lead = flagged[1]!;
    const same = await scoreLead(platform.db, lead, options);
    expect(same!.reviewOpened).toBe(false);
    expect(await statusOf(lead)).toBe('published');
    await platform.db.query(`UPDATE leads SET price = 600 WHERE id = $1`, [lead]);
    const higher = await scoreLead(platform.db, lead, options);
    expect(higher!.reviewOpened).toBe(true);
    expect(await statusOf(lead)).toBe('fraud_review');
  });

  it('confirms a lead: withdrawn, never queued again', async () => {
    const lead = flagged[0]!;
    const res = await app.inject({
      method: 'POST',
      url: `/v1/admin/fraud/${lead}/decision`,
      headers: auth,
      payload: { decision: 'confirm' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'confirm', status: 'withdrawn' });
    expect(await statusOf(lead)).toBe('withdrawn');
    const events = await platform.db.query(
      `SELECT count(*)::int AS n FROM events WHERE aggregate_id = $1 AND type = 'lead.fraud_confirmed'`,
      [lead],
    );
    expect(events.rows[0]).toEqual({ n: 1 });
    await platform.db.query(`UPDATE leads SET price = 100 WHERE id = $1`, [lead]);
    expect((await scoreLead(platform.db, lead, options))!.reviewOpened).toBe(false);
    expect(await statusOf(lead)).toBe('withdrawn');
  });

  it('answers 404 for an unknown lead and 400 for a bad decision', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/admin/fraud/00000000-0000-4000-8000-000000000000/decision',
      headers: auth,
      payload: { decision: 'clear' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('LEAD_NOT_FOUND');
    const bad = await app.inject({
      method: 'POST',
      url: `/v1/admin/fraud/${flagged[2]}/decision`,
      headers: auth,
      payload: { decision: 'maybe' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
