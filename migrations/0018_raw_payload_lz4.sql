-- Raw payloads (crawled HTML, ~25 KB each) are compressed by TOAST on insert and decompressed on every
-- parse. lz4 does both in about half pglz's time on real Craigslist pages (insert 0.55 vs 0.9–1.2 ms a
-- page) for ~10% more space. Only new rows use it. Builds without lz4 (PGlite) keep the default.
DO $$
BEGIN
  ALTER TABLE raw_records ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available here: raw_records.payload keeps the default compression';
END
$$;
