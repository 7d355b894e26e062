-- Accounts: login sessions and API keys for the users of 0001_core.sql. Secrets are never stored:
-- a session token is kept as its SHA-256 (it is 32 random bytes, so no salt or slow hash is needed) and
-- an API key as HMAC-SHA256 under a server-side pepper (a stolen table cannot be used or brute-forced).
-- Runs unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).

ALTER TABLE users ADD COLUMN last_login_at timestamptz;

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);

CREATE UNIQUE INDEX sessions_token_hash ON sessions (token_hash);
-- Logout-everywhere and the sweep of a user's expired sessions at login.
CREATE INDEX sessions_user ON sessions (user_id, expires_at);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Shown in listings so a user can tell keys apart; the key itself reads aiq_<prefix>_<secret>.
  prefix text NOT NULL CHECK (prefix ~ '^[0-9a-f]{12}$'),
  key_hash bytea NOT NULL CHECK (octet_length(key_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE UNIQUE INDEX api_keys_prefix ON api_keys (prefix);
CREATE UNIQUE INDEX api_keys_key_hash ON api_keys (key_hash);
CREATE INDEX api_keys_user ON api_keys (user_id, created_at);

-- Teams (organisations): buyers who share one credit wallet. No routes use them yet; the tables exist so
-- billing's team wallets (credit_accounts.team_id) have something to reference. A user belongs to at most
-- one team, so "whose balance pays" never needs a choice at checkout.
CREATE TABLE teams (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
  team_id uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- owner: manages members and spends; member: spends from the shared wallet.
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member')),
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, user_id)
);

CREATE UNIQUE INDEX team_members_one_team ON team_members (user_id);
