// Saved searches and alerts: buyers save a search query; leads are matched as they are published
// (through an interest-key index, never by re-running every search) and delivered in-app, by email
// (SMTP) and by signed webhook, instantly or as a daily digest. This file is the module's only face.

export { createDeliveryService, type DeliveryDeps, type DeliveryService } from './delivery.service.js';
export { boxCells, GRID_LEVELS, leadInterestKeys, searchInterestKeys } from './interest-keys.js';
export { createSmtpMailer, type Mailer, type MailMessage } from './mailer.js';
export { type MatchResult, matchNewLeads } from './matching.service.js';
export { SIGNATURE_HEADER, signBody } from './messages.js';
export { insertRefundNotice, type RefundNotice } from './notifications.repository.js';
export { leadMatchesQuery, type MatchableLead, queryProblem } from './query-rules.js';
export {
  NotificationNotFoundError,
  SavedSearchLimitError,
  SavedSearchNotFoundError,
} from './saved-searches.errors.js';
export { alertDigestJob, deliverAlertsJob, nudgeAlertDelivery } from './saved-searches.jobs.js';
export { savedSearchesModule } from './saved-searches.module.js';
export { SavedQuery } from './saved-searches.schemas.js';
export { createSavedSearchesService, type SavedSearchesService } from './saved-searches.service.js';
