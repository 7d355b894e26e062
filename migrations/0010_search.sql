-- Search: indexes for every filter and sort of GET /v1/leads (docs/SEARCH.md shows the plans).
-- Partial on the searchable set (published owner leads): the predicate is repeated word for word by
-- src/modules/search/search.sql.ts (SEARCHABLE) so the planner can prove the index applies.
-- The sort keys are expressions (missing values sort last); the filters on price, quality and posting time
-- are written on the same expressions, so one index serves both the range and the order.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- newest first; posted_since
CREATE INDEX leads_search_newest ON leads ((coalesce(posted_at, first_seen_at)) DESC, id DESC)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');

-- price_asc; price_max, price_min with price_max
CREATE INDEX leads_search_price_asc ON leads ((coalesce(price, 1e15)), id)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');

-- price_desc; price_min alone
CREATE INDEX leads_search_price_desc ON leads ((coalesce(price, -1)) DESC, id DESC)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');

-- quality sort; quality_min
CREATE INDEX leads_search_quality ON leads ((coalesce(quality_score, -1)) DESC, id DESC)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');

-- radius, polygon and distance order (KNN) over the searchable set only. The GiST and GIN indexes of 0001
-- cover every lead; without these the planner AND'ed them with a B-tree partial index read only for its
-- predicate (a bitmap of every published lead).
CREATE INDEX leads_search_location ON leads USING gist (location)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');
CREATE INDEX leads_search_text ON leads USING gin (search_document)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');
-- The whole-table GIN of 0001 served nothing else (saved-search matching tests one lead at a time) and a
-- GIN over every tsvector is the costliest index to keep up to date during ingestion.
DROP INDEX leads_search_document;

-- bbox: exact longitude/latitude boxes compare the point as geometry (the geography GiST index of 0001
-- serves radius, polygon and distance order).
CREATE INDEX leads_search_location_geom ON leads USING gist ((location::geometry))
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');

-- city (any case), state, state + city
CREATE INDEX leads_search_city ON leads (lower(city), state)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');
CREATE INDEX leads_search_state_city ON leads (state, lower(city))
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');

-- The fuzzy retry: trigram similarity of place and street words with city and address_line.
CREATE INDEX leads_search_city_trgm ON leads USING gin (city gin_trgm_ops)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');
CREATE INDEX leads_search_address_trgm ON leads USING gin (address_line gin_trgm_ops)
  WHERE status = 'published' AND listing_type IN ('fsbo_sale', 'owner_rental', 'form_lead', 'contact_import');

-- source filter and facet: leads of a source (lead_sources' primary key starts with lead_id).
CREATE INDEX lead_sources_source_lead ON lead_sources (source_id, lead_id);

-- has_phone, has_email, dnc_clean: per-lead lookups by lead_id answered from this index alone (its
-- expressions also give ANALYZE statistics for the three flags).
CREATE INDEX contacts_search_flags ON contacts
  (lead_id, (cardinality(phones) > 0), (cardinality(emails) > 0), ((dnc -> 'listed') = '[]'::jsonb));
