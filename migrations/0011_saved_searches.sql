-- Saved searches and alerts: a buyer's saved query, the interest keys through which new leads find the
-- searches they may match (so publishing a lead never re-runs every search), the in-app notifications,
-- and the outbox of email / webhook deliveries with a log of every attempt.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

CREATE TABLE saved_searches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  -- The search API's query fields (without sort, cursor, limit), validated by the service.
  query jsonb NOT NULL CHECK (jsonb_typeof(query) = 'object'),
  -- In-app notifications are always on; email goes to the account's address.
  email_enabled boolean NOT NULL DEFAULT false,
  webhook_url text CHECK (webhook_url ~ '^https?://'),
  -- Kept in clear: it signs every webhook body (HMAC-SHA256), so it must be readable; never returned.
  webhook_secret text CHECK (length(webhook_secret) >= 16),
  frequency text NOT NULL DEFAULT 'instant' CHECK (frequency IN ('instant', 'daily')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);

CREATE INDEX saved_searches_user ON saved_searches (user_id, created_at, id);

-- Where a saved search listens: geo cells of a fixed grid covering its area ('g<level>:<x>:<y>'), a ZIP
-- ('z:87106'), a city ('c:NM:albuquerque', 'c:*:albuquerque'), a state ('s:NM') or anywhere ('*').
-- A new lead computes its own few keys and finds its candidate searches by primary-key lookups.
CREATE TABLE saved_search_keys (
  key text NOT NULL,
  saved_search_id uuid NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
  PRIMARY KEY (key, saved_search_id)
);

CREATE INDEX saved_search_keys_search ON saved_search_keys (saved_search_id);

-- One per (saved search, lead), whatever the number of times matching runs. The payload is a snapshot of
-- the lead with its contact masked: full contact data never goes into a notification.
CREATE TABLE notifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  saved_search_id uuid NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  -- The search's frequency when it matched: 'daily' ones wait for the digest.
  delivery text NOT NULL CHECK (delivery IN ('instant', 'daily')),
  payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  digested_at timestamptz,
  UNIQUE (saved_search_id, lead_id)
);

-- The in-app list (newest first, keyset on id), the unread count, and the digest's work list.
CREATE INDEX notifications_user ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest_due ON notifications (user_id, id)
  WHERE delivery = 'daily' AND digested_at IS NULL;

-- The outbox: one message to send (an instant batch for one search, or a digest), written in the
-- transaction that created its notifications and worked by the delivery job with backoff.
CREATE TABLE notification_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Null for a user's email digest, which spans all of their daily searches.
  saved_search_id uuid REFERENCES saved_searches (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  kind text NOT NULL CHECK (kind IN ('instant', 'digest')),
  notification_ids bigint[] NOT NULL CHECK (cardinality(notification_ids) >= 1),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  CHECK (channel = 'email' OR saved_search_id IS NOT NULL)
);

CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at, id)
  WHERE status = 'pending';
CREATE INDEX notification_deliveries_user ON notification_deliveries (user_id, id DESC);

-- The delivery log: every attempt with its outcome (HTTP status or SMTP error), for support and audits.
CREATE TABLE notification_delivery_attempts (
  delivery_id bigint NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL CHECK (attempt >= 1),
  attempted_at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  http_status integer,
  error text,
  duration_ms integer NOT NULL DEFAULT 0,
  PRIMARY KEY (delivery_id, attempt)
);
