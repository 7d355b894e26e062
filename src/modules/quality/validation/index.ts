// Contact validation: phones (validity, type, fake/test ranges) and emails (syntax, disposable domain,
// optional MX), cached and bounded. Re-exported from the quality module's index.ts.

export {
  type ContactValidator,
  type ContactValidatorDeps,
  createContactValidator,
  type ValidationSettings,
} from './contact-validator.js';
export {
  EMAIL_REASONS,
  emailDomain,
  isDisposableDomain,
  normalizeEmail,
  validateEmailOffline,
} from './email-validation.js';
export { createLimiter, type Limiter } from './limiter.js';
export { createMxLookup, type MxLookup, type MxLookupOptions } from './mx-lookup.js';
export { areaCodeInService, nanpFakeReason, PHONE_REASONS, validatePhone } from './phone-validation.js';
export { findContactValues, saveContactValidation, saveContactValidations } from './validation.repository.js';
export {
  ContactValidation,
  EmailValidation,
  PHONE_TYPES,
  type PhoneType,
  PhoneValidation,
} from './validation.schemas.js';
export { type ValidationMetrics, validationMetricsFor } from './validation-metrics.js';
