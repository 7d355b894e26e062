-- Core schema: where leads come from (sources, raw_records), the leads themselves with their
-- geography and search document, contacts kept apart from leads, provenance, users and domain events.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- Extensions live in public so that every schema on the search_path (tests use one schema each) sees them.
CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE sources (
  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]*$'),
  name text NOT NULL,
  -- How records arrive: crawled pages, pushed webhooks, polled APIs, or uploaded files.
  channel text NOT NULL CHECK (channel IN ('crawl', 'webhook', 'poll', 'upload')),
  enabled boolean NOT NULL DEFAULT true,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO sources (id, name, channel) VALUES
  ('craigslist', 'Craigslist (by owner)', 'crawl'),
  ('zillow', 'Zillow FSBO', 'crawl'),
  ('fsbo', 'FSBO sites (schema.org)', 'crawl'),
  ('facebook_leadads', 'Facebook Lead Ads', 'webhook'),
  ('linkedin', 'LinkedIn Lead Gen Forms', 'poll'),
  ('csv', 'CSV upload', 'upload');

-- Every payload exactly as received, stored before parsing so a parser fix can be replayed over history.
CREATE TABLE raw_records (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_id text NOT NULL REFERENCES sources (id),
  external_id text,
  source_url text,
  content_type text NOT NULL,
  payload text NOT NULL,
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  fetched_at timestamptz NOT NULL DEFAULT now(),
  http_status integer,
  -- Fetch facts kept for the lead passport: robots decision, response headers that matter, consent.
  fetch_meta jsonb NOT NULL DEFAULT '{}',
  parse_status text NOT NULL DEFAULT 'pending'
    CHECK (parse_status IN ('pending', 'parsed', 'skipped', 'failed')),
  parse_error text,
  parser_version text,
  parsed_at timestamptz
);

-- The same content from the same place is stored once; a changed page is a new row (history).
CREATE UNIQUE INDEX raw_records_identity
  ON raw_records (source_id, (coalesce(external_id, source_url, '')), content_hash);
CREATE INDEX raw_records_parse_queue ON raw_records (source_id, parse_status, id);

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'published', 'fraud_review', 'withdrawn', 'merged')),
  merged_into uuid REFERENCES leads (id),
  -- Owner leads are sold; agent listings are kept only for comps and market insights.
  listing_type text NOT NULL CHECK (listing_type IN (
    'fsbo_sale', 'owner_rental', 'form_lead', 'contact_import', 'agent_sale', 'agent_rental')),
  property_type text CHECK (property_type IN (
    'house', 'condo', 'townhouse', 'apartment', 'multi_family', 'manufactured', 'land', 'room', 'other')),
  title text,
  description text,
  price numeric(14, 2) CHECK (price >= 0),
  bedrooms numeric(4, 1) CHECK (bedrooms >= 0),
  bathrooms numeric(4, 1) CHECK (bathrooms >= 0),
  sqft integer CHECK (sqft > 0),
  lot_sqft integer CHECK (lot_sqft > 0),
  year_built smallint,
  address_line text,
  unit text,
  city text,
  state text CHECK (state ~ '^[A-Z]{2}$'),
  zip text CHECK (zip ~ '^[0-9]{5}$'),
  address_canonical text,
  location geography(Point, 4326),
  geo_precision text CHECK (geo_precision IN ('rooftop', 'zip', 'city')),
  posted_at timestamptz,
  source_updated_at timestamptz,
  attributes jsonb NOT NULL DEFAULT '{}',
  images jsonb NOT NULL DEFAULT '[]',
  quality_score smallint CHECK (quality_score BETWEEN 0 AND 100),
  fraud_score smallint CHECK (fraud_score BETWEEN 0 AND 100),
  search_document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english'::regconfig, coalesce(address_line, '') || ' ' || coalesce(city, '')), 'B') ||
    setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')
  ) STORED,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'merged') = (merged_into IS NOT NULL))
);

CREATE INDEX leads_location ON leads USING gist (location);
CREATE INDEX leads_search_document ON leads USING gin (search_document);
CREATE INDEX leads_status_posted ON leads (status, posted_at DESC, id);
CREATE INDEX leads_zip ON leads (zip);

-- Contact data is personal data: it lives apart from the lead and leaves the server only when bought.
CREATE TABLE contacts (
  lead_id uuid PRIMARY KEY REFERENCES leads (id) ON DELETE CASCADE,
  name text,
  phones text[] NOT NULL DEFAULT '{}' CHECK (array_position(phones, NULL) IS NULL),
  emails text[] NOT NULL DEFAULT '{}' CHECK (array_position(emails, NULL) IS NULL),
  -- For Lead Ads / Lead Gen Forms: the consent text and the owner's answers.
  consent jsonb,
  -- Set when the owner asked to be forgotten; contact fields are blanked and future ingests suppressed.
  suppressed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- What a buyer may see before buying: the name's initial, the last two digits of each phone, the
-- domain of each email.
CREATE VIEW contacts_masked AS
SELECT
  lead_id,
  CASE WHEN name IS NULL OR btrim(name) = '' THEN NULL ELSE upper(left(btrim(name), 1)) || '.' END AS name_initial,
  ARRAY(SELECT '••• ••• ••' || right(p, 2) FROM unnest(phones) AS p) AS phones_masked,
  ARRAY(SELECT '•••@' || split_part(e, '@', 2) FROM unnest(emails) AS e) AS emails_masked,
  cardinality(phones) > 0 AS has_phone,
  cardinality(emails) > 0 AS has_email
FROM contacts;

-- Provenance: which raw records made a lead, and why they were attached to it.
CREATE TABLE lead_sources (
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  raw_record_id bigint NOT NULL REFERENCES raw_records (id),
  source_id text NOT NULL REFERENCES sources (id),
  external_id text,
  source_url text,
  -- Why this record joined this lead: 'created', or the match evidence of a merge.
  match jsonb NOT NULL DEFAULT '{"reason": "created"}',
  -- Which lead fields this record supplied.
  fields text[] NOT NULL DEFAULT '{}',
  attached_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (lead_id, raw_record_id)
);

CREATE INDEX lead_sources_raw_record ON lead_sources (raw_record_id);
CREATE INDEX lead_sources_external ON lead_sources (source_id, external_id);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
  password_hash text,
  role text NOT NULL DEFAULT 'buyer' CHECK (role IN ('buyer', 'operator', 'admin')),
  display_name text,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email ON users (email);

-- Domain events, append-only: what happened, to what, by whom. Notifications and the lead passport
-- read from here.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type text NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_.]+$'),
  aggregate_type text NOT NULL,
  aggregate_id text NOT NULL,
  actor_id uuid,
  payload jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX events_aggregate ON events (aggregate_type, aggregate_id, id);
CREATE INDEX events_type_time ON events (type, occurred_at);
