-- Lead scoring: quality and fraud scores with their reasons and the version of the rules that made
-- them, local price statistics (so scoring a lead is an index lookup, not an aggregate over all leads),
-- and the fraud review queue. Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- The reasons are [{ code, points, detail }]; score_version says which rules wrote them, so a rules
-- change can find and rescore what older rules scored.
ALTER TABLE leads
  ADD COLUMN quality_reasons jsonb CHECK (quality_reasons IS NULL OR jsonb_typeof(quality_reasons) = 'array'),
  ADD COLUMN fraud_reasons jsonb CHECK (fraud_reasons IS NULL OR jsonb_typeof(fraud_reasons) = 'array'),
  ADD COLUMN score_version smallint,
  ADD COLUMN scored_at timestamptz;

CREATE INDEX leads_score_version ON leads (score_version, id) WHERE status <> 'merged';

-- Contact reuse across leads: `phones && $1` and `emails && $1` lookups.
CREATE INDEX contacts_phones_gin ON contacts USING gin (phones);
CREATE INDEX contacts_emails_gin ON contacts USING gin (emails);

-- Copied descriptions: equal md5 of descriptions long enough to be more than boilerplate. Queries repeat
-- the length predicate so the planner can use this partial index.
CREATE INDEX leads_description_md5 ON leads (md5(description)) WHERE length(description) >= 120;

-- Median and MAD (median absolute deviation) of asking prices and of price per square foot, per area
-- (a ZIP, a city as 'CITY|ST', or a state), market (sales apart from rentals) and property type ('*' for
-- all types). Rebuilt by refreshMarketPriceStats; only groups with enough comps are kept.
CREATE TABLE market_price_stats (
  scope text NOT NULL CHECK (scope IN ('zip', 'city', 'state')),
  area text NOT NULL,
  market text NOT NULL CHECK (market IN ('sale', 'rental')),
  property_type text NOT NULL,
  comps integer NOT NULL CHECK (comps > 0),
  price_median numeric(14, 2) NOT NULL,
  price_mad numeric(14, 2) NOT NULL CHECK (price_mad >= 0),
  ppsf_comps integer NOT NULL DEFAULT 0,
  ppsf_median numeric(12, 4),
  ppsf_mad numeric(12, 4) CHECK (ppsf_mad >= 0),
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, area, market, property_type)
);

-- The review queue: a lead whose fraud score reached the threshold waits here, not sellable, until an
-- admin clears it (published) or confirms it (withdrawn). Decided rows are kept: a cleared review stops
-- the lead from being queued again for the same or a lower score.
CREATE TABLE fraud_reviews (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  score smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
  reasons jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
  score_version smallint NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cleared', 'confirmed')),
  opened_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  -- Who decided: a user id once accounts exist, 'admin-token' while the operator API uses a shared token.
  decided_by text,
  note text CHECK (length(note) <= 2000),
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK ((status = 'open') = (decided_by IS NULL))
);

CREATE UNIQUE INDEX fraud_reviews_one_open ON fraud_reviews (lead_id) WHERE status = 'open';
CREATE INDEX fraud_reviews_lead ON fraud_reviews (lead_id, id DESC);
-- The admin queue's two orders: highest score first, newest first (keyset on id).
CREATE INDEX fraud_reviews_open_by_score ON fraud_reviews (score DESC, id DESC) WHERE status = 'open';
CREATE INDEX fraud_reviews_open_by_id ON fraud_reviews (id DESC) WHERE status = 'open';
