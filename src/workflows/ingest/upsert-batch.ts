import { randomUUID } from 'node:crypto';
import {
  attachSources,
  changedFields,
  contactAdds,
  findLeadsBySourceRecords,
  getContactsAndSources,
  getLeadFactsMany,
  type HeldRecord,
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
import {
  matchEvidence,
  type Resolution,
  recordFieldSourcesMany,
  recordMatchKeysMany,
  resolveBatchDuplicates,
  scoreLeads,
  scrubLeadContacts,
} from '../../modules/quality/index.js';
import { matchNewLeads } from '../../modules/saved-searches/index.js';
import type { Queryable } from '../../platform/db/index.js';
import { appendEvents, type DomainEvent } from '../../platform/events.js';
import { suppliedFields } from './listing-to-lead.js';
import type { PreparedListing, PreparedRecord } from './parse-records.js';
import { checkContacts, type QualityStages } from './quality-stages.js';

/** What a record did to a lead: made it, changed it, saw it again, or joined it as a duplicate. */
export type LeadChange = 'created' | 'updated' | 'unchanged' | 'matched';

export interface UpsertedLead {
  id: string;
  change: LeadChange;
  external_id: string | null;
}

/** What the batch will write, planned in record order before any statement runs. */
interface WritePlan {
  inserts: Map<string, LeadFacts>;
  updates: Map<string, LeadFacts>;
  touched: Set<string>;
  /** Leads whose facts, contact or sources changed: validated and scored again. */
  changed: Set<string>;
  contacts: Map<string, LeadContact[]>;
  links: SourceLink[];
  fieldSources: { leadId: string; rawRecordId: number; sourceId: string; fields: string[] }[];
  events: DomainEvent[];
  results: UpsertedLead[][];
  /** The lead each listing went to, by position (`record:listing`). */
  leadAt: Map<string, string>;
  /** Updated listings, whose new facts may bring new blocking keys. */
  rekey: { leadId: string; record: { facts: LeadFacts; contact: LeadContact } }[];
}

/** A listing no lead holds yet, with how the resolver placed it. */
interface NewListing {
  position: string;
  resolution: Resolution;
}

function position(recordIndex: number, listingIndex: number): string {
  return `${recordIndex}:${listingIndex}`;
}

/**
 * Upserts the listings of many raw records, set-based, in the caller's transaction. Listings already
 * held by a lead (same source and id) update it; the others are matched against stored leads and each
 * other (de-duplication) and join a lead or make one. Records are planned in order, so a page and its
 * later edit in one batch behave as one-at-a-time ingestion would. Then contacts are scrubbed and
 * validated, and changed leads scored, all in the same transaction.
 */
export async function upsertPreparedRecords(
  tx: Queryable,
  records: readonly PreparedRecord[],
  stages: QualityStages,
  now = new Date(),
): Promise<UpsertedLead[][]> {
  const keys = records.flatMap((record) =>
    record.listings
      .filter(({ listing }) => listing.external_id !== null)
      .map(({ listing }) => ({ sourceId: listing.source, externalId: listing.external_id as string })),
  );
  const existing = await findLeadsBySourceRecords(tx, keys);
  const current = await getLeadFactsMany(tx, [...new Set([...existing.values()].map((held) => held.leadId))]);
  const fresh = newListings(records, existing);
  const resolved = await resolveBatchDuplicates(
    tx,
    fresh.map(({ facts, contact }) => ({ facts, contact })),
  );
  const newByPosition = new Map<string, NewListing>(
    fresh.map((item, i) => [
      item.position,
      { position: item.position, resolution: resolved.resolutions[i]! },
    ]),
  );
  const plan = planWrites(records, existing, current, newByPosition, fresh);
  await skipNoOpContacts(tx, plan);
  const sourcesOf = new Map<string, string[]>();
  for (const link of plan.links) {
    const sources = sourcesOf.get(link.leadId);
    if (sources) sources.push(link.sourceId);
    else sourcesOf.set(link.leadId, [link.sourceId]);
  }
  await insertLeads(
    tx,
    [...plan.inserts].map(([id, facts]) => ({ id, facts, sourceIds: sourcesOf.get(id) ?? [] })),
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
  await attachSources(tx, plan.links);
  await recordFieldSourcesMany(tx, plan.fieldSources);
  // A lead keeps the blocking keys of every record it took in, so a repost of any version finds it.
  await recordMatchKeysMany(
    tx,
    [
      ...fresh.map((item, i) => ({ leadId: plan.leadAt.get(item.position)!, record: resolved.records[i]! })),
      ...plan.rekey,
    ],
    resolved.storedKeys,
  );
  // Every stored phone is checked against the DNC lists as it arrives; the scrub date goes with it.
  const scrubs = await scrubLeadContacts(tx, [...plan.contacts.keys()], now);
  await checkContacts(tx, stages, [...plan.changed], scrubs, plan.events, now);
  await appendEvents(tx, plan.events);
  await scoreLeads(tx, [...plan.changed], { now, fraudReviewThreshold: stages.fraudReviewThreshold });
  // New leads that came out published (not held for fraud review) alert the saved searches they match.
  await matchNewLeads(tx, [...plan.inserts.keys()], now);
  return plan.results;
}

/**
 * Leads the batch saw again or joined a duplicate to, whose stored contact the batch would not extend: no
 * contact upsert, DNC scrub or validation for them, and, when no new source came with the duplicate, no
 * re-scoring (nothing the scores read changed). A replay of stored pages or a burst of reposts then costs
 * a provenance row per record, not a lead's worth of quality work.
 */
async function skipNoOpContacts(tx: Queryable, plan: WritePlan): Promise<void> {
  const seenAgain = [...plan.contacts.keys()].filter((id) => !plan.inserts.has(id) && !plan.updates.has(id));
  const stored = await getContactsAndSources(tx, seenAgain, [
    ...new Set(plan.links.map((link) => link.sourceId)),
  ]);
  const newSourceLeads = new Set(
    plan.links
      .filter((link) => !stored.get(link.leadId)?.sourceIds.includes(link.sourceId))
      .map((link) => link.leadId),
  );
  for (const id of seenAgain) {
    const before = stored.get(id);
    if (!before || contactAdds(before.contact, mergeContacts(plan.contacts.get(id)!))) continue;
    plan.contacts.delete(id);
    if (!newSourceLeads.has(id)) plan.changed.delete(id);
  }
}

type FreshListing = PreparedListing & { position: string };

/** The listings no lead holds yet, in order: no known source id and not seen earlier in the batch. */
function newListings(
  records: readonly PreparedRecord[],
  existing: ReadonlyMap<string, HeldRecord>,
): FreshListing[] {
  const seen = new Set<string>();
  const fresh: FreshListing[] = [];
  records.forEach((record, r) => {
    record.listings.forEach((prepared, l) => {
      const { listing } = prepared;
      const key = listing.external_id === null ? null : sourceRecordKey(listing.source, listing.external_id);
      if (key && (existing.has(key) || seen.has(key))) return;
      if (key) seen.add(key);
      fresh.push({ ...prepared, position: position(r, l) });
    });
  });
  return fresh;
}

function planWrites(
  records: readonly PreparedRecord[],
  existing: ReadonlyMap<string, HeldRecord>,
  current: Map<string, LeadFacts>,
  newByPosition: ReadonlyMap<string, NewListing>,
  fresh: readonly FreshListing[],
): WritePlan {
  const plan: WritePlan = {
    inserts: new Map(),
    updates: new Map(),
    touched: new Set(),
    changed: new Set(),
    contacts: new Map(),
    links: [],
    fieldSources: [],
    events: [],
    results: [],
    leadAt: new Map(),
    rekey: [],
  };
  const leadAtPosition = plan.leadAt;
  const heldInBatch = new Map<string, HeldRecord>();
  records.forEach((record, r) => {
    const leads: UpsertedLead[] = [];
    record.listings.forEach(({ listing, facts, contact }, l) => {
      const at = position(r, l);
      const key = listing.external_id === null ? null : sourceRecordKey(listing.source, listing.external_id);
      const placed = newByPosition.get(at);
      let leadId: string;
      let change: LeadChange;
      let match: Record<string, unknown>;
      if (!placed) {
        const held = (key && (heldInBatch.get(key) ?? existing.get(key))) as HeldRecord;
        leadId = held.leadId;
        const before = current.get(leadId);
        // A record that joined the lead as a duplicate adds provenance and contact, never its facts.
        const changed = before && held.primary ? changedFields(before, facts) : [];
        change = changed.length > 0 ? 'updated' : 'unchanged';
        match = held.primary ? { reason: 'same_source_record' } : { reason: 'duplicate_record_again' };
        plan.touched.add(leadId);
        if (change === 'updated') {
          current.set(leadId, facts);
          // A lead created earlier in this batch is inserted with its latest facts.
          (plan.inserts.has(leadId) ? plan.inserts : plan.updates).set(leadId, facts);
          plan.rekey.push({ leadId, record: { facts, contact } });
          plan.events.push(leadEvent('lead.updated', leadId, { changed, raw_record_id: record.rawRecordId }));
        }
      } else if (placed.resolution.kind === 'new') {
        leadId = randomUUID();
        change = 'created';
        match = { reason: 'created' };
        current.set(leadId, facts);
        plan.inserts.set(leadId, facts);
        plan.events.push(
          leadEvent('lead.created', leadId, {
            source: listing.source,
            external_id: listing.external_id,
            raw_record_id: record.rawRecordId,
          }),
        );
      } else {
        // A duplicate of a stored lead, or of a lead an earlier record in this batch makes: it joins it,
        // adding its contact and provenance; the lead keeps its own facts.
        const resolution = placed.resolution;
        leadId =
          resolution.kind === 'stored'
            ? resolution.match.leadId
            : leadAtPosition.get(fresh[resolution.index]!.position)!;
        change = 'matched';
        match = matchEvidence({ ...resolution.match, leadId });
        plan.touched.add(leadId);
        plan.events.push(
          leadEvent('lead.duplicate_attached', leadId, {
            source: listing.source,
            external_id: listing.external_id,
            raw_record_id: record.rawRecordId,
            score: resolution.match.score,
          }),
        );
      }
      // Later versions of this record in the batch go where it went.
      if (key && placed) heldInBatch.set(key, { leadId, primary: change === 'created' });
      leadAtPosition.set(at, leadId);
      if (change !== 'unchanged') plan.changed.add(leadId);
      plan.contacts.set(leadId, [...(plan.contacts.get(leadId) ?? []), contact]);
      const fields = suppliedFields(facts, contact);
      plan.links.push({
        leadId,
        rawRecordId: record.rawRecordId,
        sourceId: listing.source,
        externalId: listing.external_id,
        url: listing.url,
        match,
        fields,
      });
      if (change === 'created' || change === 'updated') {
        plan.fieldSources.push({ leadId, rawRecordId: record.rawRecordId, sourceId: listing.source, fields });
      }
      leads.push({ id: leadId, change, external_id: listing.external_id });
    });
    plan.results.push(leads);
  });
  return plan;
}

function leadEvent(type: string, leadId: string, payload: Record<string, unknown>): DomainEvent {
  return { type, aggregateType: 'lead', aggregateId: leadId, payload };
}
