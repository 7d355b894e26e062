-- Contact validation: the result of the last phone and email checks of each contact (valid/possible,
-- line type, fake/test ranges; email syntax, disposable domain, optional MX), and when they ran.
-- Scoring reads `validation`; its shape is ContactValidation in src/modules/quality/validation.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

ALTER TABLE contacts
  ADD COLUMN validation jsonb
    CHECK (validation IS NULL OR (jsonb_typeof(validation) = 'object'
      AND jsonb_typeof(validation -> 'phones') = 'array'
      AND jsonb_typeof(validation -> 'emails') = 'array')),
  ADD COLUMN validated_at timestamptz,
  -- Both or neither: a result without its date can't be judged stale.
  ADD CONSTRAINT contacts_validation_dated CHECK ((validation IS NULL) = (validated_at IS NULL));
