import { type PhoneNumberType, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { toE164 } from '../phone.js';
import type { PhoneType, PhoneValidation } from './validation.schemas.js';

// The "max" metadata is the one that knows number types and which NANP area codes are in service; the
// normaliser keeps the smaller default metadata since it only needs "is this possible".

const TYPE_NAMES: Partial<Record<PhoneNumberType, PhoneType>> = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed_line',
  VOIP: 'voip',
  TOLL_FREE: 'toll_free',
  PREMIUM_RATE: 'premium_rate',
  SHARED_COST: 'shared_cost',
  PERSONAL_NUMBER: 'personal_number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
  // FIXED_LINE_OR_MOBILE (every ordinary US/CA number) is deliberately absent: the plan can't tell.
};

/** Stable reason codes of phone validation, first match wins. */
export const PHONE_REASONS = {
  unparseable: 'unparseable',
  invalidAreaCode: 'invalid_area_code',
  fictional: 'fictional_555_01xx',
  exchange555: 'exchange_555',
  n11Exchange: 'n11_exchange',
  repeatedDigits: 'repeated_digits',
  sequentialDigits: 'sequential_digits',
  invalidNumber: 'invalid_number',
} as const;

const ASCENDING = '01234567890123456789';
const DESCENDING = '98765432109876543210';

/** True for a run like 1234567 or 7654321 (wrapping 9→0, so 456-7890 counts). */
function isSequential(digits: string): boolean {
  return ASCENDING.includes(digits) || DESCENDING.includes(digits);
}

const inService = new Map<string, boolean>();

/**
 * True when libphonenumber's metadata places the area code in a NANP country. Probed with a neutral
 * subscriber number because the metadata names no country for a number whose exchange is invalid.
 */
export function areaCodeInService(npa: string): boolean {
  let known = inService.get(npa);
  if (known === undefined) {
    known = parsePhoneNumberFromString(`+1${npa}2345678`)?.country !== undefined;
    inService.set(npa, known);
  }
  return known;
}

/**
 * Why a NANP number (10 digits, no +1) is a fake or test number, or null. `areaCodeInService` comes from
 * libphonenumber's metadata (an NPA that no NANP country claims, such as 222 or 311, is not in service).
 */
export function nanpFakeReason(national: string, areaCodeInService: boolean): string | null {
  const npa = national.slice(0, 3);
  const nxx = national.slice(3, 6);
  const line = national.slice(6);
  const subscriber = national.slice(3);
  if (!areaCodeInService || /^[01]/.test(npa) || /^.11$/.test(npa) || npa === '555')
    return PHONE_REASONS.invalidAreaCode;
  // 555-0100 … 555-0199 are reserved for fiction; the rest of 555 is directory services or unassigned.
  if (nxx === '555') return /^01\d\d$/.test(line) ? PHONE_REASONS.fictional : PHONE_REASONS.exchange555;
  if (/^.11$/.test(nxx)) return PHONE_REASONS.n11Exchange;
  if (/^(\d)\1+$/.test(subscriber) || /^(\d)\1+$/.test(national)) return PHONE_REASONS.repeatedDigits;
  if (isSequential(national) || isSequential(subscriber)) return PHONE_REASONS.sequentialDigits;
  return null;
}

/** Validates one phone as written (or already E.164): validity, type, and known fake/test ranges. */
export function validatePhone(raw: string): PhoneValidation {
  const e164 = toE164(raw);
  const parsed = e164 ? parsePhoneNumberFromString(e164) : undefined;
  if (!e164 || !parsed) {
    return {
      e164: null,
      valid: false,
      possible: false,
      type: null,
      fake: false,
      reason: PHONE_REASONS.unparseable,
    };
  }
  const valid = parsed.isValid();
  const numberType = parsed.getType();
  const type = numberType ? (TYPE_NAMES[numberType] ?? null) : null;
  const fakeReason =
    parsed.countryCallingCode === '1'
      ? nanpFakeReason(parsed.nationalNumber, areaCodeInService(parsed.nationalNumber.slice(0, 3)))
      : null;
  return {
    e164,
    valid,
    possible: parsed.isPossible(),
    type,
    fake: fakeReason !== null,
    reason: fakeReason ?? (valid ? null : PHONE_REASONS.invalidNumber),
  };
}
