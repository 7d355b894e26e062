import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachSource, insertLead, type LeadFacts, upsertContact } from '../../src/modules/leads/index.js';
import {
  fieldSources,
  findDuplicate,
  LeadMergeRefusedError,
  matchEvidence,
  mergeLeads,
  recordFieldSources,
  recordMatchKeys,
} from '../../src/modules/quality/dedupe/index.js';
import { makeFacts } from '../../src/modules/quality/dedupe/test-records.js';
import { storeRawRecord } from '../../src/modules/sources/index.js';
import { type Database, migrate } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logger/index.js';
import { openTestDatabase } from '../support/test-platform.js';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db, createLogger({ level: 'silent' }));
});
afterAll(() => db.close());

interface Made {
  leadId: string;
  rawRecordId: number;
  externalId: string;
}

/** Stores a raw record and creates its lead the way ingest does: lead, contact, source, keys. */
async function makeLead(facts: LeadFacts, phones = ['+17735550142'], emails: string[] = []): Promise<Made> {
  const externalId = String(7_000_000_000 + randomBytes(3).readUIntBE(0, 3));
  return db.transaction(async (tx) => {
    const raw = await storeRawRecord(tx, {
      sourceId: 'craigslist',
      externalId,
      sourceUrl: `https://chicago.craigslist.org/chc/apa/d/x/${externalId}.html`,
      contentType: 'text/html',
      payload: `<html>${externalId}</html>`,
    });
    const leadId = await insertLead(tx, facts);
    await upsertContact(tx, leadId, { name: null, phones, emails, consent: null });
    const fields = ['title', 'description', 'price', 'bedrooms', 'address_line', 'contact.phones'].filter(
      (f) => f === 'contact.phones' || facts[f as keyof LeadFacts] !== null,
    );
    await attachSource(tx, {
      leadId,
      rawRecordId: raw.id,
      sourceId: 'craigslist',
      externalId,
      url: null,
      match: { reason: 'created' },
      fields,
    });
    await recordFieldSources(tx, leadId, raw.id, 'craigslist', fields);
    await recordMatchKeys(tx, leadId, { facts, contact: { phones, emails } });
    return { leadId, rawRecordId: raw.id, externalId };
  });
}

async function countSources(leadId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM lead_sources WHERE lead_id = $1',
    [leadId],
  );
  return rows[0]!.n;
}

const candidate = (facts: LeadFacts, phones = ['+17735550142']) => ({
  facts,
  contact: { name: null, phones, emails: [], consent: null },
  sourceId: 'craigslist',
  externalId: '7999999999',
});

describe('findDuplicate (incremental matching against stored leads)', () => {
  it('finds the lead a repost duplicates: new post id, new title, same phone and text', async () => {
    const original = await makeLead(
      makeFacts({ address_line: '1520 W Huron St', zip: '60642', latitude: 41.8944, longitude: -87.6656 }),
    );
    const repost = makeFacts({
      title: 'REDUCED! 2br West Town',
      price: 1800,
      address_line: null,
      latitude: 41.8944,
      longitude: -87.6656,
      zip: '60642',
      posted_at: new Date('2026-06-12T09:00:00Z'),
    });
    const match = await db.transaction((tx) => findDuplicate(tx, candidate(repost)));
    expect(match).toMatchObject({ leadId: original.leadId, decision: 'match' });
    const fields = match!.reasons.filter((r) => r.weight > 0).map((r) => r.field);
    expect(fields).toEqual(expect.arrayContaining(['phone', 'description', 'distance', 'price']));
    // The evidence is what lead_sources.match stores: it names the fields and the matcher version.
    const evidence = matchEvidence(match!);
    expect(evidence).toMatchObject({
      reason: 'duplicate',
      lead_id: original.leadId,
      matcher: expect.stringMatching(/^dedupe-/),
    });
    expect(JSON.stringify(evidence)).toContain('"field":"phone"');
  });

  it('does not merge another unit of the same building, however alike the ads', async () => {
    const unit2 = makeFacts({
      address_line: '3300 N Lake Shore Dr Apt 12B',
      zip: '60657',
      latitude: 41.9402,
      longitude: -87.6393,
    });
    await makeLead(unit2, ['+13125550111']);
    const unit5 = { ...unit2, address_line: '3300 N Lake Shore Dr Apt 5C' };
    expect(await db.transaction((tx) => findDuplicate(tx, candidate(unit5, ['+13125550111'])))).toBeNull();
  });

  it('does not merge a sale and a rental of the same address', async () => {
    const rental = makeFacts({
      address_line: '4810 N Winchester Ave',
      zip: '60640',
      latitude: 41.9697,
      longitude: -87.6757,
    });
    await makeLead(rental, ['+17735550177']);
    const sale = {
      ...rental,
      listing_type: 'fsbo_sale' as const,
      price: 489000,
      title: 'For sale by owner: 2br',
    };
    expect(await db.transaction((tx) => findDuplicate(tx, candidate(sale, ['+17735550177'])))).toBeNull();
  });

  it('never offers a record its own lead (same source record), nor a lead the caller excludes', async () => {
    const facts = makeFacts({
      address_line: '2045 W Belmont Ave',
      zip: '60618',
      latitude: 41.9397,
      longitude: -87.6805,
    });
    const own = await makeLead(facts, ['+17735550188']);
    const sameRecord = { ...candidate(facts, ['+17735550188']), externalId: own.externalId };
    expect(await db.transaction((tx) => findDuplicate(tx, sameRecord))).toBeNull();
    const otherRecord = candidate(facts, ['+17735550188']);
    expect((await db.transaction((tx) => findDuplicate(tx, otherRecord)))?.leadId).toBe(own.leadId);
    const excluded = await db.transaction((tx) =>
      findDuplicate(tx, otherRecord, { excludeLeadIds: [own.leadId] }),
    );
    expect(excluded).toBeNull();
  });

  it('never returns a merged lead, even if keys still point at it', async () => {
    const facts = makeFacts({
      address_line: '3150 N Sheffield Ave',
      zip: '60657',
      latitude: 41.9393,
      longitude: -87.6539,
    });
    const merged = await makeLead(facts, ['+17735550166']);
    const survivor = await makeLead(
      makeFacts({
        listing_type: 'owner_rental',
        address_line: '77 W Polk St',
        zip: '60605',
        latitude: 41.872,
        longitude: -87.63,
        bedrooms: 4,
        price: 4200,
        description:
          'Four bedroom loft, totally unlike the other one, with a roof deck and two parking spaces.',
      }),
      ['+13125550177'],
    );
    await db.transaction(async (tx) => {
      await mergeLeads(tx, survivor.leadId, merged.leadId, { reason: 'test' });
      // Stale keys (e.g. written by a concurrent ingest) must not resurrect the merged lead.
      await recordMatchKeys(tx, merged.leadId, { facts, contact: { phones: ['+17735550166'], emails: [] } });
    });
    const found = await db.transaction((tx) => findDuplicate(tx, candidate(facts, ['+17735550166'])));
    expect(found).toBeNull();
  });

  it('finds nothing for a record that shares no key', async () => {
    const lonely = makeFacts({
      address_line: '1 Nowhere Rd',
      city: 'Peoria',
      zip: '61602',
      latitude: 40.69,
      longitude: -89.59,
      description:
        'Nothing like any other description in this database, a unique farmhouse with a silo and a pond.',
      title: 'Farmhouse',
    });
    expect(await db.transaction((tx) => findDuplicate(tx, candidate(lonely, ['+13095550100'])))).toBeNull();
  });
});

describe('mergeLeads', () => {
  it('moves sources, keys and contact to the kept lead, keeps field provenance and records the merge', async () => {
    const facts = makeFacts({
      address_line: '2130 W Division St',
      zip: '60622',
      latitude: 41.9031,
      longitude: -87.6807,
    });
    const keep = await makeLead({ ...facts, sqft: null, bedrooms: null }, ['+17735550101']);
    const dup = await makeLead(
      { ...facts, price: 1900, sqft: 1010 },
      ['+17735550102'],
      ['owner@example.com'],
    );
    const evidence = { reason: 'admin_merge', note: 'same flat, found by review' };
    const result = await db.transaction((tx) => mergeLeads(tx, keep.leadId, dup.leadId, evidence));
    expect(result).toEqual({
      keptId: keep.leadId,
      mergedId: dup.leadId,
      movedSources: 1,
      filledFields: ['bedrooms', 'sqft'],
    });

    const sources = await db.query<{ raw_record_id: number; match: Record<string, unknown> }>(
      'SELECT raw_record_id, match FROM lead_sources WHERE lead_id = $1 ORDER BY raw_record_id',
      [keep.leadId],
    );
    expect(sources.rows.map((r) => r.raw_record_id)).toEqual([keep.rawRecordId, dup.rawRecordId]);
    expect(sources.rows[1]!.match).toEqual({
      reason: 'merged',
      merged_from: dup.leadId,
      evidence,
      previous: { reason: 'created' },
    });
    expect(await countSources(dup.leadId)).toBe(0);
    // The kept lead's own list of sources follows the moved provenance (search reads it).
    const kept = await db.query<{ source_ids: string[] }>('SELECT source_ids FROM leads WHERE id = $1', [
      keep.leadId,
    ]);
    const sourceRows = await db.query<{ source_id: string }>(
      'SELECT DISTINCT source_id FROM lead_sources WHERE lead_id = $1 ORDER BY 1',
      [keep.leadId],
    );
    expect(kept.rows[0]!.source_ids).toEqual(sourceRows.rows.map((row) => row.source_id));

    const lead = await db.query<{
      status: string;
      merged_into: string | null;
      price: number;
      sqft: number;
      bedrooms: number;
    }>(
      'SELECT id, status, merged_into, price, sqft, bedrooms FROM leads WHERE id = ANY($1::uuid[]) ORDER BY status',
      [[keep.leadId, dup.leadId]],
    );
    expect(lead.rows).toEqual([
      expect.objectContaining({ status: 'merged', merged_into: keep.leadId }),
      // The kept lead keeps its own price and takes the sqft and bedrooms it lacked.
      expect.objectContaining({
        status: 'published',
        merged_into: null,
        price: 1850,
        sqft: 1010,
        bedrooms: 2,
      }),
    ]);

    const provenance = await db.transaction((tx) => fieldSources(tx, keep.leadId));
    expect(provenance.price).toEqual({
      raw_record_id: keep.rawRecordId,
      source_id: 'craigslist',
      merged_from: null,
    });
    expect(provenance.bedrooms).toEqual({
      raw_record_id: dup.rawRecordId,
      source_id: 'craigslist',
      merged_from: dup.leadId,
    });

    const contact = await db.query<{ phones: string[]; emails: string[] }>(
      'SELECT phones, emails FROM contacts WHERE lead_id = $1',
      [keep.leadId],
    );
    expect(contact.rows[0]!.phones.sort()).toEqual(['+17735550101', '+17735550102']);
    expect(contact.rows[0]!.emails).toEqual(['owner@example.com']);

    const keys = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM lead_match_keys WHERE lead_id = $1',
      [dup.leadId],
    );
    expect(keys.rows[0]!.n).toBe(0);
    const event = await db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM events WHERE type = 'lead.merged' AND aggregate_id = $1`,
      [keep.leadId],
    );
    expect(event.rows).toEqual([
      { payload: { merged_id: dup.leadId, evidence, moved_sources: 1, filled_fields: ['bedrooms', 'sqft'] } },
    ]);

    // The duplicate's phone now finds the kept lead; the merged lead is never a candidate.
    const again = await db.transaction((tx) =>
      findDuplicate(tx, candidate({ ...facts, price: 1900 }, ['+17735550102'])),
    );
    expect(again?.leadId).toBe(keep.leadId);
  });

  it('points earlier merges at the new survivor (no merge chains)', async () => {
    const facts = makeFacts({
      address_line: '900 W Armitage Ave',
      zip: '60614',
      latitude: 41.918,
      longitude: -87.65,
    });
    const [a, b, c] = [await makeLead(facts), await makeLead(facts), await makeLead(facts)];
    await db.transaction((tx) => mergeLeads(tx, b.leadId, c.leadId, { reason: 'test' }));
    await db.transaction((tx) => mergeLeads(tx, a.leadId, b.leadId, { reason: 'test' }));
    const { rows } = await db.query<{ merged_into: string }>(
      'SELECT merged_into FROM leads WHERE id = ANY($1::uuid[])',
      [[b.leadId, c.leadId]],
    );
    expect(rows.map((r) => r.merged_into)).toEqual([a.leadId, a.leadId]);
    expect(await countSources(a.leadId)).toBe(3);
  });

  it.each([
    ['the same lead twice', 'same', /into itself/],
    ['a sale into a rental', 'sale', /sale and a rental/],
    ['an already merged lead', 'merged', /already merged/],
  ])('refuses %s and changes nothing', async (_name, kind, message) => {
    const facts = makeFacts({ address_line: '1700 N Damen Ave', zip: '60647' });
    const keep = await makeLead(facts);
    const other = await makeLead(kind === 'sale' ? { ...facts, listing_type: 'fsbo_sale' } : facts);
    if (kind === 'merged') await db.transaction((tx) => mergeLeads(tx, keep.leadId, other.leadId, {}));
    const dupId = kind === 'same' ? keep.leadId : other.leadId;
    await expect(db.transaction((tx) => mergeLeads(tx, keep.leadId, dupId, {}))).rejects.toThrow(
      LeadMergeRefusedError,
    );
    await expect(db.transaction((tx) => mergeLeads(tx, keep.leadId, dupId, {}))).rejects.toThrow(message);
    if (kind === 'sale') {
      const { rows } = await db.query<{ status: string }>('SELECT status FROM leads WHERE id = $1', [
        other.leadId,
      ]);
      expect(rows[0]!.status).toBe('published');
    }
  });

  it('names a lead that does not exist', async () => {
    const keep = await makeLead(makeFacts({ address_line: '10 E Elm St', zip: '60611' }));
    await expect(
      db.transaction((tx) => mergeLeads(tx, keep.leadId, '00000000-0000-4000-8000-000000000000', {})),
    ).rejects.toMatchObject({ code: 'LEAD_NOT_FOUND', status: 404 });
  });
});
