import { type Static, Type } from 'typebox';
import { DISPUTE_REASONS } from './dispute-rules.js';

// Request and response schemas of disputes (buyer and admin routes).

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const DisputeReasonSchema = Type.Enum(DISPUTE_REASONS);

export const FileDisputeBody = Type.Object(
  {
    reason: DisputeReasonSchema,
    evidence: Type.String({ minLength: 1, maxLength: 4000, description: 'What the buyer found' }),
  },
  { additionalProperties: false },
);
export type FileDisputeBody = Static<typeof FileDisputeBody>;

export const DisputeStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('refunded'),
  Type.Literal('rejected'),
]);

export const MachineCheckSchema = Type.Object({
  rule: Type.String(),
  rules_version: Type.Integer(),
  outcome: Type.Union([Type.Literal('refund'), Type.Literal('undecided')]),
  summary: Type.String(),
  checked: Type.Record(Type.String(), Type.Unknown()),
});

export const DisputeView = Type.Object({
  id: Type.String(),
  purchase_id: Type.String({ format: 'uuid' }),
  lead_id: Type.String({ format: 'uuid' }),
  reason: DisputeReasonSchema,
  evidence: Type.String(),
  status: DisputeStatusSchema,
  machine_check: MachineCheckSchema,
  decision: Nullable(
    Type.Object({
      outcome: Type.Union([Type.Literal('refund'), Type.Literal('reject')]),
      decided_by: Type.Union([Type.Literal('machine'), Type.Literal('admin'), Type.Literal('system')]),
      note: Nullable(Type.String()),
      decided_at: DateTime,
    }),
  ),
  refund: Nullable(Type.Object({ credits: Type.Integer(), refunded_at: DateTime })),
  created_at: DateTime,
});
export type DisputeView = Static<typeof DisputeView>;

/** What an admin sees besides the buyer's view: who filed it, what was paid, who decided. */
export const AdminDisputeView = Type.Object({
  ...DisputeView.properties,
  buyer_id: Type.String({ format: 'uuid' }),
  credits: Type.Integer(),
  purchase_status: Type.Union([Type.Literal('active'), Type.Literal('refunded')]),
  purchased_at: DateTime,
  decided_by_user: Nullable(Type.String({ format: 'uuid' })),
});
export type AdminDisputeView = Static<typeof AdminDisputeView>;

export const AdminDisputeList = Type.Object({
  items: Type.Array(AdminDisputeView),
  next_cursor: Nullable(Type.String()),
});

export const AdminDisputeListQuery = Type.Object({
  status: Type.Optional(DisputeStatusSchema),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
});

export const DecisionBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('refund'), Type.Literal('reject')]),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export type DecisionBody = Static<typeof DecisionBody>;

export const PurchaseIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const DisputeIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
