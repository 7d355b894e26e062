-- Each lead's distinct sources on the lead itself (docs/SEARCH.md, shape of a search and stop 12). A search window
-- reads its 1,000 leads anyway; looking each one up in lead_sources for the source facet cost 1,000 index
-- probes (8.4 ms of a text + radius 25 km + facets page at 1M leads, EXPLAIN ANALYZE; 1.2 ms after), and
-- every result row one more.
-- lead_sources stays the record of provenance; this column follows it through the triggers below.
ALTER TABLE leads ADD COLUMN source_ids text[] NOT NULL DEFAULT '{}';

UPDATE leads l SET source_ids = s.ids
FROM (SELECT lead_id, array_agg(DISTINCT source_id ORDER BY source_id) AS ids FROM lead_sources GROUP BY lead_id) s
WHERE l.id = s.lead_id;

-- Set-based: one UPDATE per statement on lead_sources, touching only the leads whose set of sources changed
-- (a re-crawl attaches the same source again and writes nothing).
CREATE FUNCTION leads_refresh_source_ids(lead_ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE leads l SET source_ids = s.ids
  FROM (
    SELECT t.id AS lead_id,
      coalesce((SELECT array_agg(DISTINCT ls.source_id ORDER BY ls.source_id) FROM lead_sources ls
        WHERE ls.lead_id = t.id), '{}') AS ids
    FROM unnest(lead_ids) AS t (id)
  ) s
  WHERE l.id = s.lead_id AND l.source_ids IS DISTINCT FROM s.ids
$$;

CREATE FUNCTION leads_sync_source_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- An insert has only new rows, a delete only old ones; each branch names the tables its event has.
  IF TG_OP = 'INSERT' THEN
    PERFORM leads_refresh_source_ids(ARRAY(SELECT DISTINCT lead_id FROM added));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM leads_refresh_source_ids(ARRAY(SELECT DISTINCT lead_id FROM removed));
  ELSE
    PERFORM leads_refresh_source_ids(ARRAY(SELECT lead_id FROM added UNION SELECT lead_id FROM removed));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER lead_sources_added AFTER INSERT ON lead_sources
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION leads_sync_source_ids();
CREATE TRIGGER lead_sources_removed AFTER DELETE ON lead_sources
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION leads_sync_source_ids();
CREATE TRIGGER lead_sources_changed AFTER UPDATE ON lead_sources
  REFERENCING OLD TABLE AS removed NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION leads_sync_source_ids();
