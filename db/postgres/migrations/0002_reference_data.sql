-- Reference data an administrator maintains and every desk caches: business areas, categories, which policy
-- profile governs complaints received in which date window, bank-holiday corrections and letter templates.
-- Keys are stable text (they are stored on cases and synced), names are what people read.

CREATE TABLE business_areas (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  -- The business-area owner who receives post-resolution actions by default.
  owner_user_id uuid REFERENCES users (id),
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (organisation_id, key)
);

CREATE TABLE categories (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  parent_key text,
  -- Where a contact in this category is routed unless the agent chooses otherwise.
  business_area_key text,
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  PRIMARY KEY (organisation_id, key),
  FOREIGN KEY (organisation_id, parent_key) REFERENCES categories (organisation_id, key),
  FOREIGN KEY (organisation_id, business_area_key) REFERENCES business_areas (organisation_id, key)
);

-- Which profile (shared/domain PROFILES id) governs complaints RECEIVED in a window; see profileInForce().
CREATE TABLE profile_assignments (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  profile_id text NOT NULL CHECK (length(profile_id) BETWEEN 1 AND 100),
  valid_from date NOT NULL,
  valid_to date,
  reason text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX profile_assignments_org ON profile_assignments (organisation_id, valid_from);

-- Corrections to the shipped calendar (a one-off royal holiday, a provisional date that moved): 'add' a day
-- or 'remove' one. Applied over shared/domain BANK_HOLIDAYS when serving reference data.
CREATE TABLE bank_holiday_overrides (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  region text NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  date date NOT NULL,
  action text NOT NULL CHECK (action IN ('add', 'remove')),
  name text NOT NULL DEFAULT '',
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (organisation_id, region, date)
);

-- Letter templates are versioned, never edited in place: a sent letter names the version it came from.
CREATE TABLE letter_templates (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  kind text NOT NULL CHECK (kind IN (
    'acknowledgement', 'extension', 'stage-response', 'final-response', 'refusal',
    'escalation-acknowledgement', 'escalation-refusal', 'cyber-incident-delay', 'unacceptable-behaviour',
    'enquiry-response', 'other')),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  version integer NOT NULL CHECK (version >= 1),
  name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  -- null = any profile family.
  profile_family text,
  body text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (organisation_id, key, version)
);
