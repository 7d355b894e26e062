import { type Static, Type } from 'typebox';

// The shape stored in contacts.validation and read by scoring; one schema so routes and jobs can reuse it.

const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Phone line types libphonenumber can tell apart; null when it can't (most US numbers). */
export const PHONE_TYPES = [
  'mobile',
  'fixed_line',
  'voip',
  'toll_free',
  'premium_rate',
  'shared_cost',
  'personal_number',
  'pager',
  'uan',
  'voicemail',
] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

/** One phone's checks. `reason` names the first problem found, null when there is none. */
export const PhoneValidation = Type.Object({
  /** E.164, null when the input is not a possible phone number. */
  e164: Nullable(Type.String()),
  valid: Type.Boolean(),
  possible: Type.Boolean(),
  type: Nullable(Type.Enum(PHONE_TYPES)),
  /** A fictional, test or impossible-in-practice number (555-01xx, N11 exchange, 123-456-7890 …). */
  fake: Type.Boolean(),
  reason: Nullable(Type.String()),
});
export type PhoneValidation = Static<typeof PhoneValidation>;

/** One email's checks. `mx` is null when the lookup is off or could not answer. */
export const EmailValidation = Type.Object({
  /** Trimmed and lower-cased. */
  address: Type.String(),
  syntax_ok: Type.Boolean(),
  disposable: Type.Boolean(),
  mx: Nullable(Type.Boolean()),
  reason: Nullable(Type.String()),
});
export type EmailValidation = Static<typeof EmailValidation>;

/** Every contact check of one lead, in the order of the contact's phones and emails. */
export const ContactValidation = Type.Object({
  phones: Type.Array(PhoneValidation),
  emails: Type.Array(EmailValidation),
});
export type ContactValidation = Static<typeof ContactValidation>;
