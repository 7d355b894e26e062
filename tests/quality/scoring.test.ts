import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findLeadsToRescore,
  findMarketStats,
  refreshMarketPriceStats,
  SCORE_VERSION,
  scoreLead,
  scoreLeads,
} from '../../src/modules/quality/scoring/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';
import { makeLead, makeRentalComps, NOW } from './scoring.factories.js';

const options = { now: NOW, fraudReviewThreshold: 60 };
let db: Database;
const codesOf = (reasons: { code: string }[]) => reasons.map((reason) => reason.code);

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
  await makeRentalComps(db);
  // Sales in the same ZIP: never compared with rentals.
  for (const price of [280_000, 300_000, 310_000, 325_000, 350_000]) {
    await makeLead(db, { listing_type: 'fsbo_sale', price, sqft: 1600 });
  }
  // Two more rentals across town (87108): too few for a ZIP median, enough for the city with 87106.
  await makeLead(db, { zip: '87108', price: 1900 });
  await makeLead(db, { zip: '87108', price: 2100 });
  await refreshMarketPriceStats(db, { now: NOW });
});
afterAll(() => db.close());

describe('market price stats', () => {
  it('keeps the median and MAD per ZIP, market and type, rentals apart from sales', async () => {
    const { rows } = await db.query(
      `SELECT comps, price_median, price_mad FROM market_price_stats
       WHERE scope = 'zip' AND area = '87106' AND property_type = 'house' ORDER BY market`,
    );
    // Rentals: median of the ten is 2,000; |x − 2000| = 150 100 50 25 0 0 50 100 200 300 → MAD 75.
    // Sales (five): median 310,000; deviations 30k 10k 0 15k 40k → MAD 15,000.
    expect(rows).toEqual([
      { comps: 10, price_median: 2000, price_mad: 75 },
      { comps: 5, price_median: 310_000, price_mad: 15_000 },
    ]);
  });

  it('falls back to the city when the ZIP has too few comps', async () => {
    const lead = await makeLead(db, { zip: '87108', price: 2000 });
    const stats = await findMarketStats(db, [lead]);
    expect(stats.get(lead)).toMatchObject({
      scope: 'city',
      area: 'ALBUQUERQUE|NM',
      propertyType: 'house',
      comps: 12,
    });
  });

  it('is rebuilt, not appended to, on every refresh', async () => {
    const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM market_price_stats');
    const { groups } = await refreshMarketPriceStats(db, { now: NOW });
    expect(groups).toBe(before.rows[0]!.n);
  });
});

describe('scoreLead', () => {
  it('flags a cheap rental in a ZIP with real comps with the robust z-score reason', async () => {
    const lead = await makeLead(db, { price: 650 });
    const result = await scoreLead(db, lead, options);
    const reason = result!.fraud.reasons.find((r) => r.code === 'PRICE_FAR_BELOW_MEDIAN');
    // MAD 75 is under 5% of the median, so the spread is floored at 100: z = 0.6745 × (650 − 2000) / 100.
    expect(reason?.detail).toBe(
      '$650/mo is 68% below the median $2,000/mo of 10 house comps in ZIP 87106 (robust z -9.1)',
    );
    expect(result!.reviewOpened).toBe(false);
    const { rows } = await db.query(
      'SELECT fraud_score, fraud_reasons, quality_score, score_version, scored_at, status FROM leads WHERE id = $1',
      [lead],
    );
    expect(rows[0]).toMatchObject({
      fraud_score: result!.fraud.score,
      fraud_reasons: result!.fraud.reasons,
      quality_score: result!.quality.score,
      score_version: SCORE_VERSION,
      scored_at: NOW,
      status: 'published',
    });
  });

  it('finds nothing wrong with a normal rental and gives it a good quality score', async () => {
    const lead = await makeLead(db, { price: 1995, attributes: { motivation: ['relocating'] } });
    const result = await scoreLead(db, lead, options);
    expect(result!.fraud).toEqual({ score: 0, reasons: [] });
    expect(codesOf(result!.quality.reasons)).toEqual(
      expect.arrayContaining(['PHONE_UNVERIFIED', 'EMAIL_UNVERIFIED', 'OWNER_LISTING', 'MOTIVATED_SELLER']),
    );
    expect(result!.quality.score).toBeGreaterThanOrEqual(70);
  });

  it('raises fraud for a phone reused across 6 leads', async () => {
    const phone = '+15052687777';
    const ids = [];
    for (let i = 0; i < 6; i += 1) ids.push(await makeLead(db, { phones: [phone] }));
    const result = await scoreLead(db, ids[0]!, options);
    expect(result!.fraud.reasons).toContainEqual({
      code: 'CONTACT_REUSED_MANY',
      points: 35,
      detail: 'the same phone is on 5 other unrelated listings',
    });
  });

  it('does not count a lead merged into another, nor one at the same address, as reuse', async () => {
    const phone = '+15052687778';
    const kept = await makeLead(db, { phones: [phone], address_canonical: '9 SAME ST' });
    await makeLead(db, { phones: [phone], address_canonical: '9 SAME ST' });
    const merged = await makeLead(db, { phones: [phone] });
    await db.query(`UPDATE leads SET status = 'merged', merged_into = $1 WHERE id = $2`, [kept, merged]);
    const result = await scoreLead(db, kept, options);
    expect(codesOf(result!.fraud.reasons)).not.toContain('CONTACT_REUSED');
    expect(await scoreLead(db, merged, options)).toBeNull();
  });

  it('flags a description copied from an earlier lead with a different contact, not the same owner reposting', async () => {
    const description =
      'Charming two bedroom bungalow with hardwood floors, a sunny kitchen, washer and dryer, and a large ' +
      'fenced yard for pets. Close to the university and the bus line.';
    const original = await makeLead(db, {
      description,
      first_seen_at: new Date(NOW.getTime() - 9 * 86_400_000),
    });
    const sameOwner = await makeLead(db, {
      description,
      phones: ['+15052681111'],
      emails: ['owner@example.com'],
      first_seen_at: new Date(NOW.getTime() - 8 * 86_400_000),
    });
    await db.query(`UPDATE contacts SET emails = '{owner@example.com}' WHERE lead_id = $1`, [original]);
    const copy = await makeLead(db, { description, phones: ['+12125550199'] });
    const scored = await scoreLeads(db, [original, sameOwner, copy], options);
    const byId = new Map(scored.map((row) => [row.leadId, codesOf(row.fraud.reasons)]));
    expect(byId.get(original)).not.toContain('DESCRIPTION_COPIED');
    expect(byId.get(sameOwner)).not.toContain('DESCRIPTION_COPIED');
    expect(byId.get(copy)).toEqual(expect.arrayContaining(['DESCRIPTION_COPIED', 'AREA_CODE_FAR']));
  });

  it('reads the DNC scrub of the contact', async () => {
    const lead = await makeLead(db, { phones: ['+15052682222'], emails: [] });
    await db.query(`UPDATE contacts SET dnc = $2::jsonb WHERE lead_id = $1`, [
      lead,
      JSON.stringify({
        scrubbed_at: NOW.toISOString(),
        listed: [{ phone: '+15052682222', lists: ['national'] }],
        checked: ['+15052682222'],
        unchecked: [],
      }),
    ]);
    const result = await scoreLead(db, lead, options);
    expect(codesOf(result!.quality.reasons)).toContain('PHONE_DNC');
  });

  it('scores a batch, skips unknown ids, and records a score change only when a score moved', async () => {
    const a = await makeLead(db);
    const b = await makeLead(db, { noContact: true, price: null });
    const results = await scoreLeads(db, [a, b, '00000000-0000-4000-8000-000000000000', a], options);
    expect(results.map((row) => row.leadId).sort()).toEqual([a, b].sort());
    await scoreLeads(db, [a, b], options);
    const { rows } = await db.query<{ aggregate_id: string; payload: Record<string, unknown> }>(
      `SELECT aggregate_id, payload FROM events WHERE type = 'lead.scores_changed' AND aggregate_id = ANY($1)`,
      [[a, b]],
    );
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.aggregate_id === a)?.payload).toMatchObject({
      quality: { from: null, to: expect.any(Number) },
      fraud: { from: null, to: 0 },
      version: SCORE_VERSION,
    });
  });

  it('sends a lead over the threshold to review once, keeping the open review current', async () => {
    const lead = await makeLead(db, {
      price: 600,
      description: 'I am currently overseas on a mission trip, so I cannot show the house. Wire the deposit.',
    });
    const first = await scoreLead(db, lead, options);
    expect(first!.fraud.score).toBeGreaterThanOrEqual(60);
    expect(first!.reviewOpened).toBe(true);
    await db.query(`UPDATE leads SET description = description || ' Western Union.' WHERE id = $1`, [lead]);
    const second = await scoreLead(db, lead, options);
    expect(second!.reviewOpened).toBe(false);
    const reviews = await db.query('SELECT status, score FROM fraud_reviews WHERE lead_id = $1', [lead]);
    expect(reviews.rows).toEqual([{ status: 'open', score: second!.fraud.score }]);
    const lead_ = await db.query('SELECT status FROM leads WHERE id = $1', [lead]);
    expect(lead_.rows[0]).toEqual({ status: 'fraud_review' });
    const events = await db.query(
      `SELECT payload FROM events WHERE type = 'lead.fraud_review_opened' AND aggregate_id = $1`,
      [lead],
    );
    expect(events.rows).toHaveLength(1);
  });

  it('finds the leads left to score by the current rules', async () => {
    const fresh = await makeLead(db);
    const pending = await findLeadsToRescore(db, SCORE_VERSION, 1000);
    expect(pending).toContain(fresh);
    await scoreLead(db, fresh, options);
    expect(await findLeadsToRescore(db, SCORE_VERSION, 1000)).not.toContain(fresh);
    expect(await findLeadsToRescore(db, SCORE_VERSION + 1, 1000)).toContain(fresh);
  });
});
