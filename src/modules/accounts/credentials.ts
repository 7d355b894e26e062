// Pure rules for what a user may register with. Table-driven tests sit beside this file.

export const PASSWORD_MIN_LENGTH = 10;
// argon2 takes any length, but a megabyte password is a cheap way to burn server CPU.
export const PASSWORD_MAX_LENGTH = 256;
const EMAIL_MAX_LENGTH = 254;
// Deliberately plain: one @, a dot in the domain, no spaces. Deliverability is not a syntax question.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The canonical form of an email (trimmed, lower-cased), or null when it is not an address. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_SHAPE.test(email)) return null;
  return email;
}

/** Why a password is refused, or null when it is acceptable. Length counts characters, not bytes. */
export function passwordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (password.toLowerCase() === email || password.toLowerCase() === email.split('@')[0]) {
    return 'must not be your email address';
  }
  return null;
}
