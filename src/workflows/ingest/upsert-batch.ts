import { randomUUID } from 'node:crypto';
import {
  attachSources,
  changedFields,
  findLeadsBySourceRecords,
  getLeadFactsMany,
  insertLeads,
  type LeadContact,
  type LeadFacts,
  mergeContacts,
  type SourceLink,
  sourceRecordKey,
  touchLeads,
  updateLeadsFacts,
  upsertContacts,
} from '../../modules/leads/index.js';
import { normalizeListing, scrubLeadContacts } from '../../modules/quality/index.js';
import type { ParsedListing } from '../../modules/sources/index.js';
import type { Queryable } from '../../platform/db/index.js';
import { appendEvents, type DomainEvent } from '../../platform/events.js';
import { listingToLead, suppliedFields } from './listing-to-lead.js';

export type LeadChange = 'created' | 'updated' | 'unchanged';

export interface UpsertedLead {
  id: string;
  change: LeadChange;
  external_id: string | null;
}

/** One raw record's listings, normalised and split into lead facts and contact, ready to write. */
export interface PreparedRecord {
  rawRecordId: number;
  listings: { listing: ParsedListing; facts: LeadFacts; contact: LeadContact }[];
}

/** Normalises a record's listings; throws (naming the problem) when a listing can't become a lead. */
export function prepareRecord(rawRecordId: number, listings: readonly ParsedListing[]): PreparedRecord {
  return {
    rawRecordId,
    listings: listings.map((listing) => ({ listing, ...listingToLead(normalizeListing(listing)) })),
  };
}

/** What the batch will write, planned in record order before any statement runs. */
interface WritePlan {
  inserts: Map<string, LeadFacts>;
  updates: Map<string, LeadFacts>;
  touched: Set<string>;
  contacts: Map<string, LeadContact[]>;
  links: SourceLink[];
  events: DomainEvent[];
  results: UpsertedLead[][];
}

/**
 * Upserts the listings of many raw records, set-based, in the caller's transaction: one lookup of the
 * leads earlier records made, one read of their facts, then one statement per table. Records are planned
 * in order, so a listing seen twice in the batch (a page and its later edit) updates the lead the first
 * one created, exactly as one-at-a-time ingestion would. Returns the leads of each record, in order.
 */
export async function upsertPreparedRecords(
  tx: Queryable,
  records: readonly PreparedRecord[],
  now = new Date(),
): Promise<UpsertedLead[][]> {
  const keys = records.flatMap((record) =>
    record.listings
      .filter(({ listing }) => listing.external_id !== null)
      .map(({ listing }) => ({ sourceId: listing.source, externalId: listing.external_id as string })),
  );
  const existing = await findLeadsBySourceRecords(tx, keys);
  const current = await getLeadFactsMany(tx, [...new Set(existing.values())]);
  const plan = planWrites(records, existing, current);
  await insertLeads(
    tx,
    [...plan.inserts].map(([id, facts]) => ({ id, facts })),
  );
  await updateLeadsFacts(
    tx,
    [...plan.updates].map(([id, facts]) => ({ id, facts })),
  );
  await touchLeads(
    tx,
    [...plan.touched].filter((id) => !plan.updates.has(id) && !plan.inserts.has(id)),
  );
  await upsertContacts(
    tx,
    [...plan.contacts].map(([leadId, contacts]) => ({ leadId, contact: mergeContacts(contacts) })),
  );
  // Every stored phone is checked against the DNC lists as it arrives; the scrub date goes with it.
  await scrubLeadContacts(tx, [...plan.contacts.keys()], now);
  await attachSources(tx, plan.links);
  await appendEvents(tx, plan.events);
  return plan.results;
}

function planWrites(
  records: readonly PreparedRecord[],
  existing: ReadonlyMap<string, string>,
  current: Map<string, LeadFacts>,
): WritePlan {
  const plan: WritePlan = {
    inserts: new Map(),
    updates: new Map(),
    touched: new Set(),
    contacts: new Map(),
    links: [],
    events: [],
    results: [],
  };
  const createdInBatch = new Map<string, string>();
  for (const record of records) {
    const leads: UpsertedLead[] = [];
    for (const { listing, facts, contact } of record.listings) {
      const key = listing.external_id === null ? null : sourceRecordKey(listing.source, listing.external_id);
      const knownId = key ? (createdInBatch.get(key) ?? existing.get(key)) : undefined;
      let leadId: string;
      let change: LeadChange;
      if (knownId) {
        leadId = knownId;
        const before = current.get(leadId);
        const changed = before ? changedFields(before, facts) : [];
        change = changed.length > 0 ? 'updated' : 'unchanged';
        plan.touched.add(leadId);
        if (change === 'updated') {
          current.set(leadId, facts);
          // A lead created earlier in this batch is inserted with its latest facts.
          (plan.inserts.has(leadId) ? plan.inserts : plan.updates).set(leadId, facts);
          plan.events.push(leadEvent('lead.updated', leadId, { changed, raw_record_id: record.rawRecordId }));
        }
      } else {
        leadId = randomUUID();
        change = 'created';
        if (key) createdInBatch.set(key, leadId);
        current.set(leadId, facts);
        plan.inserts.set(leadId, facts);
        plan.events.push(
          leadEvent('lead.created', leadId, {
            source: listing.source,
            external_id: listing.external_id,
            raw_record_id: record.rawRecordId,
          }),
        );
      }
      plan.contacts.set(leadId, [...(plan.contacts.get(leadId) ?? []), contact]);
      plan.links.push({
        leadId,
        rawRecordId: record.rawRecordId,
        sourceId: listing.source,
        externalId: listing.external_id,
        url: listing.url,
        match: { reason: knownId ? 'same_source_record' : 'created' },
        fields: suppliedFields(facts, contact),
      });
      leads.push({ id: leadId, change, external_id: listing.external_id });
    }
    plan.results.push(leads);
  }
  return plan;
}

function leadEvent(type: string, leadId: string, payload: Record<string, unknown>): DomainEvent {
  return { type, aggregateType: 'lead', aggregateId: leadId, payload };
}
