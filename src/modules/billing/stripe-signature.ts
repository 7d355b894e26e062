import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stripe's default tolerance between the signed timestamp and now. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** `t=…,v1=…` with HMAC-SHA256(secret, `${t}.${payload}`), as Stripe signs webhook deliveries. */
export function signStripePayload(payload: string | Buffer, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a `Stripe-Signature` header over the raw body: any v1 signature may match (Stripe sends
 * several while a secret rolls), and the timestamp must be within the tolerance of now.
 */
export function verifyStripeSignature(
  payload: Buffer,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = STRIPE_SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing Stripe-Signature header' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.split('=', 2).map((s) => s.trim());
    if (name === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    if (name === 'v1' && value && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) {
    return { ok: false, reason: 'Stripe-Signature has no timestamp or v1 signature' };
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'Stripe-Signature timestamp is outside the tolerance' };
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest();
  const matches = signatures.some((hex) => timingSafeEqual(Buffer.from(hex, 'hex'), expected));
  return matches ? { ok: true } : { ok: false, reason: 'no v1 signature matches the payload' };
}
