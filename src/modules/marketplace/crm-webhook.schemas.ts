import { type Static, Type } from 'typebox';

// Request and response shapes of /v1/crm-webhook. The secret goes in and never comes out.

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const PutCrmWebhook = Type.Object(
  {
    url: Type.String({
      pattern: '^https?://',
      maxLength: 2000,
      description: 'Public http(s) endpoint of your CRM; every request is POSTed here',
    }),
    secret: Type.String({
      minLength: 16,
      maxLength: 200,
      description: 'Signs every body: X-AIQLeads-Signature is sha256=<hex HMAC-SHA256 of the raw body>',
    }),
    enabled: Type.Optional(Type.Boolean({ default: true, description: 'false pauses deliveries' })),
  },
  { additionalProperties: false },
);
export type PutCrmWebhook = Static<typeof PutCrmWebhook>;

export const CrmWebhookView = Type.Object({
  url: Type.String(),
  enabled: Type.Boolean(),
  created_at: DateTime,
  updated_at: DateTime,
});
export type CrmWebhookView = Static<typeof CrmWebhookView>;

export const CrmDeliveryStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('skipped'),
]);

export const CrmDeliveryListQuery = Type.Object({
  status: Type.Optional(CrmDeliveryStatus),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
});

export const CrmAttemptView = Type.Object({
  attempt: Type.Integer(),
  attempted_at: DateTime,
  ok: Type.Boolean(),
  http_status: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  duration_ms: Type.Integer(),
});

export const CrmDeliveryView = Type.Object({
  event_id: Type.String({
    format: 'uuid',
    description: 'Sent as X-AIQLeads-Event-Id; the same on every retry',
  }),
  event: Type.Union([Type.Literal('purchase.created'), Type.Literal('purchase.refunded')]),
  purchase_id: Type.String({ format: 'uuid' }),
  lead_id: Type.String({ format: 'uuid' }),
  status: CrmDeliveryStatus,
  attempts: Type.Integer(),
  /** When the next try is due (pending deliveries only). */
  next_attempt_at: Nullable(DateTime),
  last_http_status: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  created_at: DateTime,
  delivered_at: Nullable(DateTime),
  attempt_log: Type.Array(CrmAttemptView),
});
export type CrmDeliveryView = Static<typeof CrmDeliveryView>;

export const CrmDeliveryList = Type.Object({
  items: Type.Array(CrmDeliveryView),
  next_cursor: Nullable(Type.String()),
});
export type CrmDeliveryList = Static<typeof CrmDeliveryList>;

export const CrmPingResult = Type.Object({
  event_id: Type.String({ format: 'uuid' }),
  ok: Type.Boolean(),
  http_status: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  duration_ms: Type.Integer(),
});
export type CrmPingResult = Static<typeof CrmPingResult>;
