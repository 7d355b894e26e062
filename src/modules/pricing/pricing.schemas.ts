import { Type } from 'typebox';
import { errorResponses } from '../../platform/http/errors.js';
import { OVERRIDABLE_FACTORS, PriceReceipt } from './pricing.types.js';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const errorRefs = errorResponses(400, 401, 403, 404, 409);

export const MarketTarget = Type.Union([
  Type.Object({ scope: Type.Literal('zip'), area: Type.String({ pattern: '^[0-9]{5}$' }) }),
  Type.Object({
    scope: Type.Literal('city'),
    area: Type.String({
      pattern: "^[A-Za-z .'-]{1,80}\\|[A-Z]{2}$",
      description: "'CITY|ST', e.g. 'SANTA FE|NM'",
    }),
  }),
  Type.Object({ scope: Type.Literal('state'), area: Type.String({ pattern: '^[A-Z]{2}$' }) }),
]);

export const OverrideBody = Type.Object(
  {
    lead_id: Type.Optional(Type.String({ format: 'uuid' })),
    market: Type.Optional(MarketTarget),
    kind: Type.Enum(['fixed_price', 'multiplier', 'factor']),
    factor: Type.Optional(Type.Enum([...OVERRIDABLE_FACTORS])),
    value: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const Override = Type.Object({
  id: Type.Integer(),
  target: Type.Enum(['lead', 'market']),
  lead_id: Nullable(Type.String()),
  market: Nullable(Type.Object({ scope: Type.String(), area: Type.String() })),
  kind: Type.String(),
  factor: Nullable(Type.String()),
  value: Type.Number(),
  reason: Type.String(),
  created_by: Type.String(),
  created_at: DateTime,
  revoked_by: Nullable(Type.String()),
  revoked_at: Nullable(DateTime),
});

export const PriceVersion = Type.Object({
  version: Type.Integer(),
  credits: Type.Integer(),
  receipt: PriceReceipt,
  rules_version: Type.String(),
  computed_at: DateTime,
});

export const QuoteResponse = Type.Object({
  lead_id: Type.String(),
  credits: Type.Integer(),
  list_credits: Type.Integer(),
  price_version: Type.Integer(),
  receipt: PriceReceipt,
});
