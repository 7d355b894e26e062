-- The marketplace: how many buyers may hold each lead, carts with price locks, checkouts and purchases.
-- Disputes and CRM delivery build on purchases in later migrations.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- A lead's slots. The row is created (with the configured maximum) the first time anyone carts or buys the
-- lead; a checkout takes a slot with one conditional UPDATE, whose row lock serialises concurrent checkouts
-- so the last slot goes to exactly one of them. An exclusive purchase takes every slot at once. Refunds do
-- not give a slot back: a lead refunded as bad is not sold again, and "exclusive" stays true.
CREATE TABLE lead_inventory (
  lead_id uuid PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  max_buyers smallint NOT NULL CHECK (max_buyers BETWEEN 1 AND 100),
  holders smallint NOT NULL DEFAULT 0 CHECK (holders >= 0),
  exclusive_holder uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (holders <= max_buyers),
  CHECK (exclusive_holder IS NULL OR holders = max_buyers)
);

-- "Slots left" for search filters without touching leads that nobody has bought yet.
CREATE INDEX lead_inventory_open ON lead_inventory (lead_id) WHERE holders < max_buyers;

-- A buyer's cart: each item holds the quote it was added with, valid until locked_until; checkout re-prices
-- an item whose lock expired and tells the buyer.
CREATE TABLE cart_items (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  exclusive boolean NOT NULL DEFAULT false,
  credits integer NOT NULL CHECK (credits > 0),
  price_version integer NOT NULL CHECK (price_version >= 0),
  receipt jsonb NOT NULL CHECK (jsonb_typeof(receipt) = 'object'),
  quoted_at timestamptz NOT NULL,
  locked_until timestamptz NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, lead_id),
  CHECK (locked_until > quoted_at)
);

-- One checkout buys a whole cart or nothing.
CREATE TABLE checkouts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  buyer_id uuid NOT NULL REFERENCES users (id),
  total_credits integer NOT NULL CHECK (total_credits > 0),
  item_count integer NOT NULL CHECK (item_count > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX checkouts_buyer ON checkouts (buyer_id, created_at DESC);

-- A lead a buyer holds. Each purchase is paid by its own ledger transaction (reference 'purchase:<id>'),
-- so a refund reverses exactly that transaction, once. A buyer holds a lead at most once, refunded or not.
CREATE TABLE purchases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  checkout_id uuid NOT NULL REFERENCES checkouts (id),
  buyer_id uuid NOT NULL REFERENCES users (id),
  lead_id uuid NOT NULL REFERENCES leads (id),
  exclusive boolean NOT NULL DEFAULT false,
  credits integer NOT NULL CHECK (credits > 0),
  -- The price version and receipt the buyer paid: the receipt stays readable after prices move.
  price_version integer NOT NULL CHECK (price_version >= 0),
  receipt jsonb NOT NULL CHECK (jsonb_typeof(receipt) = 'object'),
  spend_transaction_id bigint NOT NULL REFERENCES credit_transactions (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'refunded')),
  refund_transaction_id bigint REFERENCES credit_transactions (id),
  refund_reason text,
  refunded_at timestamptz,
  purchased_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (buyer_id, lead_id),
  CHECK ((status = 'refunded') = (refund_transaction_id IS NOT NULL)),
  CHECK ((status = 'refunded') = (refunded_at IS NOT NULL))
);

-- A buyer's purchases newest first (keyset on purchased_at, id); a lead's buyers for refunds.
CREATE INDEX purchases_buyer ON purchases (buyer_id, purchased_at DESC, id DESC);
CREATE INDEX purchases_lead ON purchases (lead_id);
CREATE INDEX purchases_checkout ON purchases (checkout_id);
