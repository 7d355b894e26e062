/** What a provider needs to take a payment for a credit pack or a plan. */
export interface CheckoutRequest {
  paymentId: string;
  userId: string;
  email?: string;
  description: string;
  amountCents: number;
  currency: string;
  /** Stripe: a recurring Price for plans; a one-off amount for packs. */
  mode: 'payment' | 'subscription';
  priceRef?: string;
  metadata: Record<string, string>;
  /** Sent to the provider so a retried call creates one checkout; defaults to `checkout-<paymentId>`. */
  idempotencyKey?: string;
}

export interface CheckoutResult {
  /** The provider's id for this checkout (Stripe: the Checkout Session id). */
  providerRef: string;
  /** Where the buyer pays; null when the payment completed at once (sandbox). */
  checkoutUrl: string | null;
  /** True when the provider took the money already (sandbox): the caller confirms and grants at once. */
  paid: boolean;
  /** The provider's id of the money movement (Stripe: the PaymentIntent), when known. */
  paymentRef?: string;
}

export interface RenewalCharge {
  subscriptionId: string;
  userId: string;
  planId: string;
  amountCents: number;
  currency: string;
  periodStart: Date;
}

/**
 * A payment provider. Stripe's renewals are charged by Stripe and arrive as `invoice.*` webhooks, so
 * `chargeRenewal` returns `external`; the sandbox charges (or declines) itself.
 */
export interface PaymentProvider {
  readonly name: 'sandbox' | 'stripe';
  createCheckout(request: CheckoutRequest): Promise<CheckoutResult>;
  /** Returns the money of a payment in full; throws PaymentProviderError when the provider refuses. */
  refund(payment: {
    id: string;
    providerRef: string | null;
    paymentRef: string | null;
  }): Promise<{ refundRef: string }>;
  chargeRenewal(
    charge: RenewalCharge,
  ): Promise<{ outcome: 'paid' | 'declined' | 'external'; reference?: string }>;
}

export interface SandboxOptions {
  /** Decides each renewal charge (tests decline some); all paid by default. */
  approveRenewal?: (charge: RenewalCharge) => boolean;
}

/** The built-in provider: every checkout is paid at once, so `npm start` can buy credits end to end. */
export function createSandboxProvider(options: SandboxOptions = {}): PaymentProvider {
  return {
    name: 'sandbox',
    async createCheckout(request) {
      return {
        providerRef: `sbx_cs_${request.paymentId}`,
        paymentRef: `sbx_pi_${request.paymentId}`,
        checkoutUrl: null,
        paid: true,
      };
    },
    async refund(payment) {
      return { refundRef: `sbx_re_${payment.id}` };
    },
    async chargeRenewal(charge) {
      const approved = options.approveRenewal?.(charge) ?? true;
      return approved
        ? { outcome: 'paid', reference: `sbx_in_${charge.subscriptionId}_${charge.periodStart.getTime()}` }
        : { outcome: 'declined' };
    },
  };
}
