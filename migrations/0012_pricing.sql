-- Dynamic pricing: demand signals aggregated per market and day (pricing reads an index, never raw
-- events), per-lead demand counters, versioned list prices with their receipts, and admin overrides.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- One row per market and UTC day. A market is a ZIP, else 'CITY|ST', else a state; scope 'national'
-- (area 'US') sums every market and counts in `markets` how many distinct markets saw demand that day,
-- so a market's demand can be compared with the national level per market.
CREATE TABLE demand_daily (
  scope text NOT NULL CHECK (scope IN ('zip', 'city', 'state', 'national')),
  area text NOT NULL,
  day date NOT NULL,
  views integer NOT NULL DEFAULT 0 CHECK (views >= 0),
  cart_adds integer NOT NULL DEFAULT 0 CHECK (cart_adds >= 0),
  purchases integer NOT NULL DEFAULT 0 CHECK (purchases >= 0),
  saved_search_matches integer NOT NULL DEFAULT 0 CHECK (saved_search_matches >= 0),
  markets integer NOT NULL DEFAULT 0 CHECK (markets >= 0),
  PRIMARY KEY (scope, area, day)
);

-- Per-lead totals: views and cart adds for insights, purchases as the default count of buyers holding
-- the lead (the marketplace may pass its own count from purchases).
CREATE TABLE lead_demand (
  lead_id uuid PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  views integer NOT NULL DEFAULT 0 CHECK (views >= 0),
  cart_adds integer NOT NULL DEFAULT 0 CHECK (cart_adds >= 0),
  purchases integer NOT NULL DEFAULT 0 CHECK (purchases >= 0),
  saved_search_matches integer NOT NULL DEFAULT 0 CHECK (saved_search_matches >= 0),
  last_event_at timestamptz NOT NULL
);

-- The list price (shared slot, before any plan discount) each time it changed. The receipt is the
-- engine's explanation; rules_version says which rules computed it.
CREATE TABLE lead_prices (
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  credits integer NOT NULL CHECK (credits > 0),
  receipt jsonb NOT NULL CHECK (jsonb_typeof(receipt) = 'object'),
  rules_version text NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (lead_id, version)
);

-- Admin overrides. Replacing or removing one revokes the active row (history kept: who and when).
-- kind: fixed_price (value = credits), multiplier (applied to the computed price), factor (value
-- replaces the multiplier of the named factor).
CREATE TABLE pricing_overrides (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  target text NOT NULL CHECK (target IN ('lead', 'market')),
  lead_id uuid REFERENCES leads (id) ON DELETE CASCADE,
  market_scope text CHECK (market_scope IN ('zip', 'city', 'state')),
  area text,
  kind text NOT NULL CHECK (kind IN ('fixed_price', 'multiplier', 'factor')),
  factor text CHECK (factor IN ('market_base', 'quality', 'freshness', 'demand', 'exclusivity')),
  value numeric(12, 4) NOT NULL CHECK (value > 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_by text,
  revoked_at timestamptz,
  CHECK ((target = 'lead') = (lead_id IS NOT NULL)),
  CHECK ((target = 'market') = (market_scope IS NOT NULL AND area IS NOT NULL)),
  CHECK ((kind = 'factor') = (factor IS NOT NULL)),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);

-- One active override per target and what it overrides (a fixed price or multiplier, or one factor).
CREATE UNIQUE INDEX pricing_overrides_active ON pricing_overrides
  (target, coalesce(lead_id::text, market_scope || ':' || area), (CASE WHEN kind = 'factor' THEN factor ELSE 'price' END))
  WHERE revoked_at IS NULL;
CREATE INDEX pricing_overrides_lead ON pricing_overrides (lead_id) WHERE revoked_at IS NULL;
CREATE INDEX pricing_overrides_market ON pricing_overrides (market_scope, area) WHERE revoked_at IS NULL;
