-- Billing: a double-entry, append-only credit ledger whose rules the database enforces, idempotency
-- keys, credit packs, payments with their provider events, plans and subscriptions.
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- Ledger accounts. A wallet belongs to a user or (later) a team; system accounts are the other side of
-- every movement (credits issued for payments or plans, spent on leads, taken back by refunds).
CREATE TABLE credit_accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('wallet', 'system')),
  user_id uuid REFERENCES users (id),
  -- No teams table yet: a team wallet is a row with team_id set; the foreign key comes with the table.
  team_id uuid,
  code text CHECK (code ~ '^[a-z][a-z_]*$'),
  -- Cached sum of the account's entries, maintained by credit_entries_apply in the same transaction.
  -- Only wallets keep it: system accounts are touched by every transaction and would serialise them all.
  balance bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credit_wallet_not_negative CHECK (kind <> 'wallet' OR balance >= 0),
  CONSTRAINT credit_account_owner CHECK (
    (kind = 'wallet' AND code IS NULL AND (user_id IS NULL) <> (team_id IS NULL))
    OR (kind = 'system' AND code IS NOT NULL AND user_id IS NULL AND team_id IS NULL AND balance = 0))
);

CREATE UNIQUE INDEX credit_accounts_user ON credit_accounts (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX credit_accounts_team ON credit_accounts (team_id) WHERE team_id IS NOT NULL;
CREATE UNIQUE INDEX credit_accounts_code ON credit_accounts (code) WHERE code IS NOT NULL;

INSERT INTO credit_accounts (kind, code) VALUES
  ('system', 'purchases'),     -- credits sold for money (credit packs)
  ('system', 'subscriptions'), -- credits allotted by plans each period
  ('system', 'promotions'),    -- credits granted by an operator
  ('system', 'revenue'),       -- credits spent on leads
  ('system', 'refunds');       -- credits taken back when a payment is refunded

CREATE TABLE credit_transactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('purchase', 'subscription', 'grant', 'spend', 'refund', 'reversal')),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  -- What the movement is for (`payment:<id>`, `subscription:<id>:<period>`, `checkout:<id>`): one
  -- transaction per kind and reference, so retries and concurrent workers cannot post twice.
  reference text,
  reverses_id bigint UNIQUE REFERENCES credit_transactions (id),
  actor_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
);

CREATE UNIQUE INDEX credit_transactions_reference ON credit_transactions (kind, reference)
  WHERE reference IS NOT NULL;

CREATE TABLE credit_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id bigint NOT NULL REFERENCES credit_transactions (id),
  account_id bigint NOT NULL REFERENCES credit_accounts (id),
  amount bigint NOT NULL CHECK (amount <> 0),
  -- The wallet's balance after this entry (null for system accounts): the ledger a buyer reads.
  balance_after bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX credit_entries_account ON credit_entries (account_id, id);
CREATE INDEX credit_entries_transaction ON credit_entries (transaction_id);

-- Each entry moves its wallet's cached balance in the same transaction; the CHECK on credit_accounts
-- then refuses a wallet going below zero whatever code posted the entry.
CREATE FUNCTION credit_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE credit_accounts SET balance = balance + NEW.amount
   WHERE id = NEW.account_id AND kind = 'wallet'
  RETURNING balance INTO NEW.balance_after;
  RETURN NEW;
END $$;

CREATE TRIGGER credit_entries_apply BEFORE INSERT ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION credit_entries_apply();

-- The cached balance moves only through entries (the trigger above runs at depth 2).
CREATE FUNCTION credit_accounts_guard_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.balance IS DISTINCT FROM OLD.balance AND pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'credit_accounts.balance changes only through credit_entries'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER credit_accounts_guard_balance BEFORE UPDATE ON credit_accounts
  FOR EACH ROW EXECUTE FUNCTION credit_accounts_guard_balance();

-- Append-only: a mistake is corrected by a reversing transaction, never by editing history.
CREATE FUNCTION credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: post a reversing transaction instead', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;

CREATE TRIGGER credit_entries_append_only BEFORE UPDATE OR DELETE ON credit_entries
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();
CREATE TRIGGER credit_transactions_append_only BEFORE UPDATE OR DELETE ON credit_transactions
  FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();

-- Checked at commit (deferred), once every entry of the transaction is in: at least two entries that
-- sum to zero. Fired by new transactions and by entries added to any transaction.
CREATE FUNCTION credit_transaction_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tx_id bigint;
  total numeric;
  entries integer;
BEGIN
  IF TG_TABLE_NAME = 'credit_entries' THEN
    tx_id := NEW.transaction_id;
  ELSE
    tx_id := NEW.id;
  END IF;
  SELECT coalesce(sum(amount), 0), count(*) INTO total, entries
    FROM credit_entries WHERE transaction_id = tx_id;
  IF entries < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'credit transaction % is unbalanced: % entries summing to %', tx_id, entries, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER credit_transactions_balanced AFTER INSERT ON credit_transactions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_transaction_balanced();
CREATE CONSTRAINT TRIGGER credit_entries_balanced AFTER INSERT ON credit_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_transaction_balanced();

-- Wallets whose cached balance disagrees with their entries (empty when the ledger is sound), and
-- transactions whose entries do not sum to zero.
CREATE FUNCTION credit_ledger_discrepancies()
RETURNS TABLE (problem text, ref_id bigint, expected bigint, actual bigint)
LANGUAGE sql STABLE AS $$
  SELECT 'wallet_balance', a.id, coalesce(sum(e.amount), 0)::bigint, a.balance
    FROM credit_accounts a LEFT JOIN credit_entries e ON e.account_id = a.id
   WHERE a.kind = 'wallet'
   GROUP BY a.id, a.balance
  HAVING coalesce(sum(e.amount), 0) <> a.balance
  UNION ALL
  SELECT 'unbalanced_transaction', t.id, 0, coalesce(sum(e.amount), 0)::bigint
    FROM credit_transactions t LEFT JOIN credit_entries e ON e.transaction_id = t.id
   GROUP BY t.id
  HAVING coalesce(sum(e.amount), 0) <> 0 OR count(e.id) < 2
$$;

-- Idempotency keys: the first request with a key runs and stores its response; a replay gets the same
-- response; the same key with other parameters is refused. The row is inserted first, so a concurrent
-- duplicate waits on it and then replays.
CREATE TABLE idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  fingerprint text NOT NULL,
  response_status integer,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  PRIMARY KEY (scope, key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE credit_packs (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_]+$'),
  name text NOT NULL,
  credits bigint NOT NULL CHECK (credits > 0),
  price_cents integer NOT NULL CHECK (price_cents > 0),
  currency text NOT NULL DEFAULT 'usd' CHECK (currency ~ '^[a-z]{3}$'),
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0
);

INSERT INTO credit_packs (id, name, credits, price_cents, sort_order) VALUES
  ('starter', 'Starter: 100 credits', 100, 1000, 1),
  ('growth', 'Growth: 550 credits', 550, 5000, 2),
  ('scale', 'Scale: 1,200 credits', 1200, 10000, 3);

CREATE TABLE plans (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9_]+$'),
  name text NOT NULL,
  monthly_credits bigint NOT NULL CHECK (monthly_credits >= 0),
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  currency text NOT NULL DEFAULT 'usd',
  lead_discount_percent integer NOT NULL CHECK (lead_discount_percent BETWEEN 0 AND 90),
  limits jsonb NOT NULL DEFAULT '{}',
  rank integer NOT NULL UNIQUE
);

INSERT INTO plans (id, name, monthly_credits, price_cents, lead_discount_percent, limits, rank) VALUES
  ('free', 'Free', 0, 0, 0, '{"saved_searches": 3, "seats": 1, "exports_per_day": 1}', 0),
  ('pro', 'Pro', 500, 4900, 10, '{"saved_searches": 25, "seats": 1, "exports_per_day": 20}', 1),
  ('team', 'Team', 2000, 14900, 20, '{"saved_searches": 100, "seats": 10, "exports_per_day": 100}', 2);

-- One subscription row per wallet owner; the plan changes in place and every change is an event.
CREATE TABLE subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL UNIQUE REFERENCES users (id),
  plan_id text NOT NULL REFERENCES plans (id),
  -- incomplete: waiting for the provider's first payment (Stripe Checkout); free rows never renew.
  status text NOT NULL CHECK (status IN ('incomplete', 'active', 'past_due', 'canceled')),
  provider text NOT NULL CHECK (provider IN ('sandbox', 'stripe')),
  provider_ref text,
  current_period_start timestamptz NOT NULL,
  current_period_end timestamptz NOT NULL CHECK (current_period_end > current_period_start),
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  -- A scheduled downgrade takes effect at the end of the period (see docs/BILLING.md, proration).
  next_plan_id text REFERENCES plans (id),
  grace_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX subscriptions_due ON subscriptions (current_period_end) WHERE plan_id <> 'free';
CREATE UNIQUE INDEX subscriptions_provider_ref ON subscriptions (provider, provider_ref)
  WHERE provider_ref IS NOT NULL;

-- A payment moves from pending to confirmed (the provider says it is paid) to granted (credits posted);
-- confirmed-but-not-granted rows are what recovery completes after a crash.
CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  purpose text NOT NULL CHECK (purpose IN ('credit_pack', 'subscription')),
  pack_id text REFERENCES credit_packs (id),
  subscription_id uuid REFERENCES subscriptions (id),
  credits bigint NOT NULL CHECK (credits >= 0),
  amount_cents integer NOT NULL CHECK (amount_cents >= 0),
  currency text NOT NULL,
  provider text NOT NULL CHECK (provider IN ('sandbox', 'stripe')),
  provider_ref text,
  provider_payment_ref text,
  checkout_url text,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'confirmed', 'granted', 'failed', 'refunded')),
  grant_transaction_id bigint REFERENCES credit_transactions (id),
  refund_transaction_id bigint REFERENCES credit_transactions (id),
  credits_reversed bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  granted_at timestamptz,
  refunded_at timestamptz,
  CHECK ((status = 'granted') <= (grant_transaction_id IS NOT NULL))
);

CREATE UNIQUE INDEX payments_provider_ref ON payments (provider, provider_ref) WHERE provider_ref IS NOT NULL;
CREATE INDEX payments_provider_payment_ref ON payments (provider, provider_payment_ref)
  WHERE provider_payment_ref IS NOT NULL;
CREATE INDEX payments_confirmed ON payments (confirmed_at) WHERE status = 'confirmed';
CREATE INDEX payments_user ON payments (user_id, created_at);

-- Provider webhook events, stored once by their id; processed_at stays null while an event waits for
-- one it depends on (events may arrive in any order).
CREATE TABLE payment_events (
  provider text NOT NULL,
  id text NOT NULL,
  type text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  outcome text,
  PRIMARY KEY (provider, id)
);

CREATE INDEX payment_events_waiting ON payment_events (received_at) WHERE processed_at IS NULL;
