import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stripeForm } from './stripe.provider.js';
import { signStripePayload, verifyStripeSignature } from './stripe-signature.js';

const SECRET = 'whsec_unit_test_secret';
const BODY = Buffer.from('{"id":"evt_1","type":"checkout.session.completed"}');
const T = 1_780_000_000;
const v1 = (secret: string, t: number, body: Buffer | string) =>
  createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

describe('verifyStripeSignature', () => {
  it.each([
    ['a valid signature', signStripePayload(BODY, SECRET, T), T, true],
    [
      'Stripe’s own order and spacing, a second (old-secret) v1 first',
      `t=${T}, v1=${v1('old', T, BODY)}, v1=${v1(SECRET, T, BODY)}, v0=abc`,
      T,
      true,
    ],
    ['299 s late', signStripePayload(BODY, SECRET, T), T + 299, true],
    ['301 s late', signStripePayload(BODY, SECRET, T), T + 301, false],
    ['301 s early (clock skew)', signStripePayload(BODY, SECRET, T), T - 301, false],
    ['another secret', signStripePayload(BODY, 'whsec_other', T), T, false],
    ['a body changed by one byte', signStripePayload(Buffer.from(`${BODY} `), SECRET, T), T, false],
    ['a signed timestamp changed', `t=${T + 1},v1=${v1(SECRET, T, BODY)}`, T, false],
    ['no v1', `t=${T}`, T, false],
    ['no timestamp', `v1=${v1(SECRET, T, BODY)}`, T, false],
    ['garbage', 'not a signature', T, false],
    ['a short hex v1', `t=${T},v1=abcd`, T, false],
  ])('%s', (_name, header, now, ok) => {
    expect(verifyStripeSignature(BODY, header, SECRET, now).ok).toBe(ok);
  });

  it('needs the header', () => {
    expect(verifyStripeSignature(BODY, undefined, SECRET, T)).toEqual({
      ok: false,
      reason: 'missing Stripe-Signature header',
    });
  });
});

describe('stripeForm', () => {
  it('encodes nested objects and arrays the way Stripe reads them', () => {
    const form = stripeForm({
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: 'Starter & more' } },
          quantity: 1,
        },
      ],
      metadata: { payment_id: 'p1' },
      customer_email: undefined,
    });
    expect([...new URLSearchParams(form).entries()]).toEqual([
      ['mode', 'payment'],
      ['line_items[0][price_data][currency]', 'usd'],
      ['line_items[0][price_data][unit_amount]', '1000'],
      ['line_items[0][price_data][product_data][name]', 'Starter & more'],
      ['line_items[0][quantity]', '1'],
      ['metadata[payment_id]', 'p1'],
    ]);
  });
});
