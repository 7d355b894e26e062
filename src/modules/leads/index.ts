export type { LeadContact, LeadFacts } from './lead.types.js';
export { LEAD_FACT_FIELDS } from './lead.types.js';
export type { HeldRecord, SourceLink, SourceRecordKey } from './lead-batches.repository.js';
export {
  attachSources,
  findLeadsBySourceRecords,
  getLeadFactsMany,
  insertLeads,
  mergeContacts,
  sourceRecordKey,
  touchLeads,
  updateLeadsFacts,
  upsertContacts,
} from './lead-batches.repository.js';
export { attachSource, changedFields, getLeadFacts, insertLead, upsertContact } from './leads.repository.js';
