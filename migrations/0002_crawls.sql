-- Crawl runs and their pages (so an interrupted crawl resumes where it stopped, and admins see each
-- page's outcome), and cursors for polled sources (LinkedIn Lead Gen Forms, Facebook bulk reads).

CREATE TABLE crawl_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_id text NOT NULL REFERENCES sources (id),
  trigger text NOT NULL CHECK (trigger IN ('cli', 'schedule', 'api')),
  params jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE INDEX crawl_runs_source ON crawl_runs (source_id, started_at DESC);

CREATE TABLE crawl_pages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crawl_run_id uuid NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
  url text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('search', 'listing')),
  -- queued → fetched outcome: parsed (listing stored), skipped (not a listing), failed, robots (refused by
  -- robots.txt), blocked (block/captcha page), unchanged (same content as last time).
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'parsed', 'skipped', 'failed', 'robots', 'blocked', 'unchanged')),
  http_status integer,
  raw_record_id bigint REFERENCES raw_records (id),
  leads_created integer NOT NULL DEFAULT 0,
  leads_updated integer NOT NULL DEFAULT 0,
  detail text,
  attempts integer NOT NULL DEFAULT 0,
  queued_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (crawl_run_id, url)
);

CREATE INDEX crawl_pages_run_status ON crawl_pages (crawl_run_id, status);

CREATE TABLE source_cursors (
  source_id text NOT NULL REFERENCES sources (id),
  -- What the cursor walks, e.g. a LinkedIn ad account URN or a Facebook form id.
  scope text NOT NULL,
  cursor jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, scope)
);

-- Uploads arrive when people upload: a quiet CSV channel is not an outage. Craigslist starts with one
-- market and the two owner categories (real estate by owner, apartments/housing for rent).
UPDATE sources SET settings = settings || '{"silence_alert_hours": 0}' WHERE id = 'csv';
UPDATE sources SET settings = settings || '{"sites": ["sfbay"], "categories": ["reo", "apa"]}'
 WHERE id = 'craigslist';
