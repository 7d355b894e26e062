export type { GraphLeadsPage } from './facebook.lead.js';
export {
  FACEBOOK_SOURCE,
  FacebookLeadError,
  mapGraphLead,
  mapGraphLeadsPage,
  parseFacebookLeadPayload,
} from './facebook.lead.js';
export type { FacebookWebhookProblem, LeadgenEvent, VerificationAnswer } from './facebook.webhook.js';
export {
  answerVerificationChallenge,
  FacebookWebhookError,
  parseLeadgenWebhook,
  verifyFacebookSignature,
} from './facebook.webhook.js';
export { idString, parseJsonKeepingLongIntegers } from './facebook-json.js';
