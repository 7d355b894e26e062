-- Crawled listing pages are stored as raw records and parsed in batches by a separate job, so a
-- page's fetch costs a few statements and parsing runs set-based. 'stored' is a fetched page whose raw
-- record waits for that parse; the parse settles it to parsed / skipped / failed with its lead counts.
ALTER TABLE crawl_pages DROP CONSTRAINT crawl_pages_status_check;
ALTER TABLE crawl_pages ADD CONSTRAINT crawl_pages_status_check
  CHECK (status IN ('queued', 'stored', 'parsed', 'skipped', 'failed', 'robots', 'blocked', 'unchanged'));
CREATE INDEX crawl_pages_raw_record ON crawl_pages (raw_record_id) WHERE status = 'stored';
