-- Disputes and refunds: a buyer disputes a purchase once, within the dispute window; machine rules refund
-- what they can decide, an admin decides the rest. A refund reverses the purchase's own ledger spend (the
-- reversal's reference is unique, so it happens once) and tells the buyer in-app.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

CREATE TABLE disputes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- One dispute per purchase, whatever its outcome: a rejected dispute is final.
  purchase_id uuid NOT NULL UNIQUE REFERENCES purchases (id),
  buyer_id uuid NOT NULL REFERENCES users (id),
  lead_id uuid NOT NULL REFERENCES leads (id),
  reason text NOT NULL
    CHECK (reason IN ('invalid_phone', 'agent_listing', 'duplicate', 'off_market', 'fraud')),
  evidence text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 4000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'refunded', 'rejected')),
  -- What the machine rule looked at and concluded (always written, also when it could not decide). Phones
  -- appear masked: a dispute outlives a contact that is later erased.
  machine_check jsonb NOT NULL CHECK (jsonb_typeof(machine_check) = 'object'),
  -- machine: a rule refunded at filing; admin: the queue; system: the purchase was refunded another way
  -- (e.g. the lead was later confirmed as fraud) while the dispute waited.
  decided_by text CHECK (decided_by IN ('machine', 'admin', 'system')),
  -- The admin's account; null for the machine, the system and the shared admin token.
  decided_by_user uuid REFERENCES users (id),
  decision_note text CHECK (length(decision_note) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK ((status = 'open') = (decided_by IS NULL))
);

-- The admin queue: open disputes oldest first, then decided ones (keyset on id); a status filter.
CREATE INDEX disputes_open ON disputes (id) WHERE status = 'open';
CREATE INDEX disputes_status ON disputes (status, id);

-- The refund job's work list: active purchases of a lead (a lead's buyers), without the refunded ones.
CREATE INDEX purchases_active_lead ON purchases (lead_id) WHERE status = 'active';

-- In-app notices that are not saved-search matches (a refunded purchase). `subject` names what the notice
-- is about ('purchase:<id>'), unique per kind, so a notice is written once however often it is attempted.
ALTER TABLE notifications ALTER COLUMN saved_search_id DROP NOT NULL;
ALTER TABLE notifications
  ADD COLUMN kind text NOT NULL DEFAULT 'saved_search_match'
    CHECK (kind IN ('saved_search_match', 'purchase_refunded'));
ALTER TABLE notifications ADD COLUMN subject text;
ALTER TABLE notifications
  ADD CONSTRAINT notifications_kind_shape CHECK (
    (kind = 'saved_search_match') = (saved_search_id IS NOT NULL)
    AND (kind = 'saved_search_match' OR subject IS NOT NULL)
  );
CREATE UNIQUE INDEX notifications_subject ON notifications (kind, subject) WHERE subject IS NOT NULL;
