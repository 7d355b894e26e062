export type { LeadContact, LeadFacts } from './lead.types.js';
export { LEAD_FACT_FIELDS } from './lead.types.js';
export type {
  HeldRecord,
  SourceLink,
  SourceRecordKey,
  StoredContactAndSources,
} from './lead-batches.repository.js';
export {
  attachSources,
  contactAdds,
  findLeadsBySourceRecords,
  getContactsAndSources,
  getLeadFactsMany,
  insertLeads,
  mergeContacts,
  sourceRecordKey,
  touchLeads,
  updateLeadsFacts,
  upsertContacts,
} from './lead-batches.repository.js';
export { attachSource, changedFields, getLeadFacts, insertLead, upsertContact } from './leads.repository.js';
