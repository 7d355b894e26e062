import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const errorRefs = errorResponses(400, 401, 403, 404, 409, 422);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'Required: a unique key per command; retries reuse it',
    }),
  ),
});

export const Pack = Type.Object({
  id: Type.String(),
  name: Type.String(),
  credits: Type.Integer(),
  price_cents: Type.Integer(),
  currency: Type.String(),
});

export const LedgerItem = Type.Object({
  entry_id: Type.Integer(),
  transaction_id: Type.Integer(),
  kind: Type.String(),
  description: Type.String(),
  amount: Type.Integer({ description: 'credits in (+) or out (−) of the wallet' }),
  balance_after: Type.Integer(),
  created_at: DateTime,
});

export const CreditsResponse = Type.Object({
  balance: Type.Integer(),
  items: Type.Array(LedgerItem),
  next_cursor: Nullable(Type.String()),
});

export const PaymentResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.String(),
  purpose: Type.String(),
  pack_id: Nullable(Type.String()),
  credits: Type.Integer(),
  amount_cents: Type.Integer(),
  currency: Type.String(),
  provider: Type.String(),
  checkout_url: Nullable(Type.String()),
  credits_reversed: Nullable(Type.Integer()),
  created_at: DateTime,
  balance: Type.Integer({ description: "the buyer's wallet balance after this" }),
});

export const RefundResponse = Type.Object({
  ...PaymentResponse.properties,
  credits_unrecovered: Type.Integer({ description: 'credits already spent, not taken back' }),
});

export const PlanResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  monthly_credits: Type.Integer(),
  price_cents: Type.Integer(),
  currency: Type.String(),
  lead_discount_percent: Type.Integer(),
  limits: Type.Record(Type.String(), Type.Integer()),
});

export const SubscriptionResponse = Type.Object({
  id: Nullable(Type.String({ format: 'uuid' })),
  plan_id: Type.String(),
  status: Type.String(),
  current_period_start: Nullable(DateTime),
  current_period_end: Nullable(DateTime),
  cancel_at_period_end: Type.Boolean(),
  next_plan_id: Nullable(Type.String()),
  grace_until: Nullable(DateTime),
  checkout_url: Type.Optional(Nullable(Type.String())),
});
