-- Do-Not-Call scrubbing: numbers from the National DNC Registry's data files and from our own internal
-- suppression list, the imports that brought them, and on each contact the result of its last scrub.
-- Buyers must not be sold a number they may not call; the registry asks for a re-scrub every 31 days.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- One row per data file imported (the registry publishes one file per area code).
CREATE TABLE dnc_imports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  list text NOT NULL CHECK (list IN ('national', 'internal')),
  file_name text NOT NULL CHECK (file_name <> ''),
  -- Area codes of the numbers the file held, so an operator can see which files are loaded.
  area_codes text[] NOT NULL DEFAULT '{}'
    CHECK (array_position(area_codes, NULL) IS NULL AND array_to_string(area_codes, '') ~ '^([2-9][0-9]{2})*$'),
  rows_read integer NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
  rows_added integer NOT NULL DEFAULT 0 CHECK (rows_added >= 0),
  rows_rejected integer NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0),
  imported_at timestamptz NOT NULL DEFAULT now(),
  CHECK (rows_added + rows_rejected <= rows_read)
);

CREATE INDEX dnc_imports_list_time ON dnc_imports (list, imported_at DESC);

-- A number may be on both lists; each listing is its own row so lifting one leaves the other.
-- Keyed by the 10-digit US number (no +1) because that is how the registry's files write it; phone10
-- leads the key so a scrub's `phone10 = ANY(…)` lookup uses the primary key index.
CREATE TABLE dnc_numbers (
  phone10 text NOT NULL CHECK (phone10 ~ '^[2-9][0-9]{9}$'),
  list text NOT NULL CHECK (list IN ('national', 'internal')),
  added_at timestamptz NOT NULL DEFAULT now(),
  -- Null for numbers added one by one (an internal suppression request), not from a file.
  import_id bigint REFERENCES dnc_imports (id) ON DELETE SET NULL,
  PRIMARY KEY (phone10, list)
);

CREATE INDEX dnc_numbers_import ON dnc_numbers (import_id) WHERE import_id IS NOT NULL;

-- The last scrub of the contact's phones: { scrubbed_at, listed: [{ phone, lists }], checked, unchecked }.
-- Null until the contact is first scrubbed.
ALTER TABLE contacts ADD COLUMN dnc jsonb
  CHECK (dnc IS NULL OR (jsonb_typeof(dnc) = 'object' AND dnc ? 'scrubbed_at' AND dnc ? 'listed'));
