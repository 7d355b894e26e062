-- Operational alerts (source breaker open, parse failures, silent sources, …). Their state lives here,
-- not in a process, so that every API server and worker agrees on what is open: one outage is one alert
-- and one notification, however many processes see it.

CREATE TABLE alerts (
  -- Names the condition (e.g. 'source:craigslist:breaker'); also PagerDuty's dedup_key (≤ 255 chars).
  key text PRIMARY KEY CHECK (key ~ '^[a-z0-9_:.\-]+$' AND length(key) <= 255),
  severity text NOT NULL CHECK (severity IN ('critical', 'error', 'warning', 'info')),
  summary text NOT NULL CHECK (summary <> ''),
  details jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  -- Raises since the alert (re)opened.
  occurrences integer NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
  -- Which occurrence was last notified: the raise whose number this is sent the notification, so
  -- concurrent raises can tell from their own RETURNING row whether they are the one to notify.
  notified_occurrence integer NOT NULL DEFAULT 1 CHECK (notified_occurrence BETWEEN 1 AND occurrences),
  opened_at timestamptz NOT NULL,
  last_raised_at timestamptz NOT NULL,
  last_notified_at timestamptz NOT NULL,
  resolved_at timestamptz,
  CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);

CREATE INDEX alerts_open ON alerts (opened_at) WHERE status = 'open';

-- The source-health rules ask, per source, for the newest fetch and the latest parse outcomes; without
-- these they would scan every raw record of a source every few minutes.
CREATE INDEX IF NOT EXISTS raw_records_source_fetched_at ON raw_records (source_id, fetched_at);
CREATE INDEX IF NOT EXISTS raw_records_source_parsed_at ON raw_records (source_id, parsed_at)
  WHERE parsed_at IS NOT NULL;
