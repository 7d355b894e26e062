export type { ConnectionsResult } from './linkedin.connections.js';
export { parseConnectionsCsv, parseConnectionsPayload } from './linkedin.connections.js';
export type { FormQuestion, LeadForm } from './linkedin.form.js';
export { indexForms } from './linkedin.form.js';
export type { LeadResponsesPaging, LeadResponsesResult } from './linkedin.leadgen.js';
export { LINKEDIN_SOURCE, LinkedInLeadError, mapLeadFormResponses } from './linkedin.leadgen.js';
export type { LeadResponsesQuery, LeadType, LinkedInRequest } from './linkedin.request.js';
export { buildLeadFormResponsesRequest, LEAD_TYPES, LinkedInRequestError } from './linkedin.request.js';
