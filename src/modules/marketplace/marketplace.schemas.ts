import { type Static, Type } from 'typebox';
import { PriceReceipt } from '../pricing/index.js';

// Request and response shapes of the cart, checkout and purchase routes. Contact fields leave the server
// only through PurchaseView.

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const LeadIdParams = Type.Object({ lead_id: Uuid });
export const PurchaseIdParams = Type.Object({ id: Uuid });

export const AddCartItem = Type.Object(
  {
    lead_id: Uuid,
    exclusive: Type.Optional(
      Type.Boolean({ description: 'Buy every slot of the lead (at a multiple of the price)' }),
    ),
  },
  { additionalProperties: false },
);
export type AddCartItem = Static<typeof AddCartItem>;

/** What a cart line shows about its lead before it is bought (no contact). */
export const CartLead = Type.Object({
  status: Type.String(),
  listing_type: Type.String(),
  property_type: Nullable(Type.String()),
  title: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  quality_score: Nullable(Type.Integer()),
});

export const CartItem = Type.Object({
  lead_id: Uuid,
  exclusive: Type.Boolean(),
  credits: Type.Integer(),
  price_version: Type.Integer(),
  receipt: PriceReceipt,
  quoted_at: DateTime,
  locked_until: DateTime,
  /** The price lock ran out: checkout re-prices this item and says so. */
  expired: Type.Boolean(),
  added_at: DateTime,
  lead: CartLead,
});
export type CartItem = Static<typeof CartItem>;

export const CartView = Type.Object({
  items: Type.Array(CartItem),
  item_count: Type.Integer(),
  total_credits: Type.Integer(),
  expired_count: Type.Integer(),
  max_items: Type.Integer(),
});
export type CartView = Static<typeof CartView>;

export const Repriced = Type.Object({
  lead_id: Uuid,
  old_credits: Type.Integer(),
  new_credits: Type.Integer(),
});
export type Repriced = Static<typeof Repriced>;

export const CheckoutResult = Type.Object({
  checkout_id: Uuid,
  total_credits: Type.Integer(),
  balance: Type.Integer(),
  purchases: Type.Array(
    Type.Object({
      id: Uuid,
      lead_id: Uuid,
      exclusive: Type.Boolean(),
      credits: Type.Integer(),
      price_version: Type.Integer(),
    }),
  ),
  /** Items whose price lock had expired and were bought at the new (equal or lower) price. */
  repriced: Type.Array(Repriced),
});
export type CheckoutResult = Static<typeof CheckoutResult>;

export const PhoneView = Type.Object({
  number: Type.String(),
  dnc: Type.Object({
    listed: Type.Boolean(),
    lists: Type.Array(Type.String()),
    /** False when the last scrub did not look this number up. */
    checked: Type.Boolean(),
    scrubbed_at: Nullable(DateTime),
    /** No scrub, or older than 31 days: re-scrub before calling. */
    stale: Type.Boolean(),
  }),
});

export const ContactRuleView = Type.Object({ code: Type.String(), rule: Type.String() });

export const PurchaseView = Type.Object({
  id: Uuid,
  checkout_id: Uuid,
  lead_id: Uuid,
  status: Type.Union([Type.Literal('active'), Type.Literal('refunded')]),
  exclusive: Type.Boolean(),
  purchased_at: DateTime,
  dispute_deadline: DateTime,
  refunded_at: Nullable(DateTime),
  refund_reason: Nullable(Type.String()),
  price: Type.Object({
    credits: Type.Integer(),
    price_version: Type.Integer(),
    /** The receipt as it was when paid. */
    receipt: Type.Record(Type.String(), Type.Unknown()),
  }),
  contact: Type.Object({
    name: Nullable(Type.String()),
    phones: Type.Array(PhoneView),
    emails: Type.Array(Type.String()),
    suppressed: Type.Boolean(),
  }),
  lead: Type.Object({
    status: Type.String(),
    merged_into: Nullable(Uuid),
    listing_type: Type.String(),
    property_type: Nullable(Type.String()),
    title: Nullable(Type.String()),
    description: Nullable(Type.String()),
    asking_price: Nullable(Type.Number()),
    bedrooms: Nullable(Type.Number()),
    bathrooms: Nullable(Type.Number()),
    sqft: Nullable(Type.Integer()),
    lot_sqft: Nullable(Type.Integer()),
    year_built: Nullable(Type.Integer()),
    posted_at: Nullable(DateTime),
    quality_score: Nullable(Type.Integer()),
    address: Type.Object({
      line: Nullable(Type.String()),
      unit: Nullable(Type.String()),
      city: Nullable(Type.String()),
      state: Nullable(Type.String()),
      zip: Nullable(Type.String()),
      canonical: Nullable(Type.String()),
      latitude: Nullable(Type.Number()),
      longitude: Nullable(Type.Number()),
      geo_precision: Nullable(Type.String()),
    }),
  }),
  dnc: Type.Object({ scrubbed_at: Nullable(DateTime), stale: Type.Boolean() }),
  contact_rules: Type.Array(ContactRuleView),
  /** The lead passport (sources, checks, timeline); null when the view was loaded without it. */
  passport: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export type PurchaseView = Static<typeof PurchaseView>;

export const PurchaseListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
});

export const PurchaseList = Type.Object({
  items: Type.Array(PurchaseView),
  next_cursor: Nullable(Type.String()),
});
