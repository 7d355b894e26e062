export type { LeadContact, LeadFacts } from './lead.types.js';
export { LEAD_FACT_FIELDS } from './lead.types.js';
export type { SourceLink } from './leads.repository.js';
export {
  attachSource,
  changedFields,
  findLeadBySourceRecord,
  getLeadFacts,
  insertLead,
  touchLead,
  updateLeadFacts,
  upsertContact,
} from './leads.repository.js';
