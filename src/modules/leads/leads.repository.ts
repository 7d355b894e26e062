import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Queryable } from '../../platform/db/index.js';
import { LEAD_FACT_FIELDS, type LeadContact, type LeadFacts } from './lead.types.js';
import {
  attachSources,
  getLeadFactsMany,
  insertLeads,
  type SourceLink,
  upsertContacts,
} from './lead-batches.repository.js';

/** Creates a published lead from its facts; returns its id. */
export async function insertLead(db: Queryable, facts: LeadFacts): Promise<string> {
  const id = randomUUID();
  await insertLeads(db, [{ id, facts }]);
  return id;
}

/** Reads a lead's stored facts (for change detection). */
export async function getLeadFacts(db: Queryable, id: string): Promise<LeadFacts | null> {
  return (await getLeadFactsMany(db, [id])).get(id) ?? null;
}

/** Sets the contact of a lead, merging phones and emails with what earlier sources gave. */
export async function upsertContact(db: Queryable, leadId: string, contact: LeadContact): Promise<void> {
  await upsertContacts(db, [{ leadId, contact }]);
}

/** Records that a raw record supplied (some fields of) a lead. */
export async function attachSource(db: Queryable, link: SourceLink): Promise<void> {
  await attachSources(db, [link]);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.();
  }
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-6;
  return isDeepStrictEqual(a, b);
}

/** Fields whose values differ between the stored facts and new ones. */
export function changedFields(before: LeadFacts, after: LeadFacts): (keyof LeadFacts)[] {
  return LEAD_FACT_FIELDS.filter((field) => !sameValue(before[field], after[field]));
}
