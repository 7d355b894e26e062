-- De-duplication: blocking keys for finding candidate duplicates of a new record, and field-level
-- provenance (which raw record supplied each field of a lead), which a merge must keep.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- A lead's blocking keys: building address, E.164 phones, emails, geo cell, text LSH bands. A lead keeps
-- the keys of every record attached to it, so a repost of any version of the ad finds it.
CREATE TABLE lead_match_keys (
  kind text NOT NULL CHECK (kind IN ('address', 'phone', 'email', 'geo', 'text')),
  key text NOT NULL,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  PRIMARY KEY (kind, key, lead_id)
);

-- Re-keying and merging work per lead; the primary key serves lookups by (kind, key).
CREATE INDEX lead_match_keys_lead ON lead_match_keys (lead_id);

-- One row per lead field: the raw record whose value the lead shows now. After a merge, fields the kept
-- lead lacked come from the duplicate, and `merged_from` says so. Read by the lead passport.
CREATE TABLE lead_field_sources (
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  field text NOT NULL,
  raw_record_id bigint NOT NULL REFERENCES raw_records (id),
  source_id text NOT NULL REFERENCES sources (id),
  merged_from uuid REFERENCES leads (id),
  supplied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lead_id, field)
);

CREATE INDEX lead_field_sources_raw_record ON lead_field_sources (raw_record_id);
CREATE INDEX leads_merged_into ON leads (merged_into) WHERE merged_into IS NOT NULL;
