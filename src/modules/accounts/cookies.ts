// The session cookie, read and written by hand: one cookie does not justify a plugin.

export const SESSION_COOKIE = 'aiq_session';

/** The value of one cookie in a Cookie header, or undefined; malformed pairs are skipped. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    let value = pair.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  /** Off only in development and test, where the app is served over plain http://localhost. */
  secure: boolean;
}

/**
 * A Set-Cookie value for the session: HttpOnly (scripts cannot read it), SameSite=Lax (not sent on
 * cross-site POSTs), Path=/; Secure outside development. Max-Age 0 clears it.
 */
export function sessionCookie(value: string, options: CookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
