// Owners often write their number or email into the title or description ("call 505-555-0142").
// Before a purchase those would give the contact away, so free text leaves search with them blanked.

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Seven or more digits, possibly split by spaces, dots, dashes or brackets, optionally after +: a phone.
const PHONE = /\+?\(?\d(?:[\s.()-]{0,3}\d){6,}/g;
// Spelled-out or spaced digits are left alone: rarer, and blanking them would eat prices and sizes.

/** The text with email addresses and phone-like digit runs replaced by a placeholder. */
export function maskContactText(text: string | null): string | null {
  if (text === null) return null;
  return text.replace(EMAIL, '[email hidden]').replace(PHONE, '[phone hidden]');
}
