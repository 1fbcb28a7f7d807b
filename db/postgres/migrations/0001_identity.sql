-- Organisations, teams, users and their roles, credentials, sessions with rotating refresh tokens, enrolled
-- desks, and the audit of administrative actions. Times are written by the server from its clock.

CREATE TABLE organisations (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  -- The bank-holiday region of the working-day clock unless a property says otherwise.
  region text NOT NULL DEFAULT 'england-and-wales'
    CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  created_at timestamptz NOT NULL
);

CREATE TABLE teams (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX teams_name_ci ON teams (organisation_id, lower(name));

CREATE TABLE users (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  email text NOT NULL CHECK (email = btrim(email) AND length(email) BETWEEN 3 AND 320 AND position('@' IN email) > 1),
  display_name text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
  team_id uuid REFERENCES teams (id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deactivated_at timestamptz,
  CHECK (active = (deactivated_at IS NULL))
);
-- One account per address however it is typed: Jo.Bloggs@x and jo.bloggs@X are the same person.
CREATE UNIQUE INDEX users_email_ci ON users (lower(email));
CREATE INDEX users_team ON users (team_id);

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('agent', 'team-leader', 'manager', 'business-area-owner', 'administrator')),
  granted_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, role)
);

-- Kept apart from users so that no query that lists users can carry a hash out by accident.
CREATE TABLE password_credentials (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  -- scrypt$N$r$p$salt$hash (base64url): the parameters travel with the hash so they can be raised later.
  password_hash text NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  updated_at timestamptz NOT NULL
);

CREATE TABLE desks (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  -- Issued here at enrolment and embedded in every case reference the desk issues offline, which is what
  -- makes those references globally unique. Never reused, so there is no delete.
  desk_code text NOT NULL UNIQUE CHECK (desk_code ~ '^[A-Z0-9]{3,6}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  enrolled_by uuid NOT NULL REFERENCES users (id),
  enrolled_at timestamptz NOT NULL,
  active boolean NOT NULL DEFAULT true,
  last_seen_at timestamptz
);

-- A sign-in. Its refresh tokens form one rotation family; revoking the session ends all of them and the
-- access tokens issued under it (each request checks its session).
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  desk_id uuid REFERENCES desks (id),
  created_at timestamptz NOT NULL,
  -- The absolute end of the family: rotation does not extend a session beyond it.
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('logout', 'refresh-token-reuse', 'user-deactivated', 'admin'))
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  -- SHA-256 of the random token: a copy of this table does not let anyone refresh.
  token_hash text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Set when rotated: presenting a used token again is theft or a replay, and revokes the session.
  used_at timestamptz,
  replaced_by uuid REFERENCES refresh_tokens (id)
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Append-only record of who changed users, teams, roles, desks and reference data. actor_id is null only for
-- the command line, which runs with database access on the server host (actor_label says so).
CREATE TABLE admin_audit (
  id bigserial PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  actor_id uuid REFERENCES users (id),
  actor_label text NOT NULL,
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text,
  occurred_at timestamptz NOT NULL
);
CREATE INDEX admin_audit_entity ON admin_audit (entity_type, entity_id);
