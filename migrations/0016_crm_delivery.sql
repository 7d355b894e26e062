-- Delivery of purchases to the buyer's CRM: one signed webhook endpoint per buyer, an outbox with one row
-- per (purchase, event) worked by a job with backoff, and a log of every attempt.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

CREATE TABLE crm_webhooks (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  -- The shape is checked here and by the service; the address is judged by the guarded client at every
  -- send (a name can start resolving to a private address after it was configured).
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  -- Kept in clear: it signs every body (HMAC-SHA256), so it must be readable; never returned by the API.
  secret text NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
  enabled boolean NOT NULL DEFAULT true,
  -- When deliveries last (re)started: events from before it (or from a pause) are never swept up later.
  enabled_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The outbox, written in the transaction that created the purchase (or refunded it). Only buyers with an
-- enabled webhook get rows. `event_id` is what the receiver sees (stable across retries, so it can
-- de-duplicate); `id` orders the log.
CREATE TABLE crm_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  buyer_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purchase_id uuid NOT NULL REFERENCES purchases (id) ON DELETE CASCADE,
  event text NOT NULL CHECK (event IN ('purchase.created', 'purchase.refunded')),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  -- Enqueueing the same event twice (a retried checkout step) is a no-op.
  UNIQUE (purchase_id, event)
);

CREATE INDEX crm_deliveries_due ON crm_deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX crm_deliveries_buyer ON crm_deliveries (buyer_id, id DESC);

-- The sweep that queues events a post-commit hook missed reads a buyer's recent refunds by range.
CREATE INDEX purchases_refunded_buyer ON purchases (buyer_id, refunded_at) WHERE status = 'refunded';

-- Every attempt with its outcome, for the buyer's delivery log and for support.
CREATE TABLE crm_delivery_attempts (
  delivery_id bigint NOT NULL REFERENCES crm_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL CHECK (attempt >= 1),
  attempted_at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  http_status integer,
  error text,
  duration_ms integer NOT NULL DEFAULT 0,
  PRIMARY KEY (delivery_id, attempt)
);
