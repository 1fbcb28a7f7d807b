-- The desk's store for the whole product (PRODUCT.md capabilities 1-15). Conventions:
--  * ids are UUIDv7 TEXT (time-ordered, minted offline); reference data keyed by stable text keys;
--  * dates are 'YYYY-MM-DD' (Europe/London calendar dates), instants are ISO-8601 UTC text;
--  * money is whole pence (INTEGER); flags are 0/1; JSON columns must be valid JSON;
--  * rows that sync carry updated_hlc (the hybrid logical clock of their last change) so merges are
--    deterministic across desks; version counts local changes (optimistic concurrency in use cases).
-- Tables are STRICT so a wrongly-typed value is an error, not silently stored.

-- ---------------------------------------------------------------- desk identity and reference data
CREATE TABLE desk_identity (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  desk_id TEXT NOT NULL CHECK (length(desk_id) = 36),
  -- Assigned by the server at enrolment and unique across the organisation: references embed it.
  desk_code TEXT NOT NULL CHECK (length(desk_code) BETWEEN 3 AND 6 AND desk_code NOT GLOB '*[^0-9A-Z]*'),
  organisation_key TEXT NOT NULL,
  display_name TEXT NOT NULL,
  server_url TEXT,
  enrolled_at TEXT NOT NULL,
  -- One sequence for every reference this desk issues (complaints and enquiries).
  last_reference_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_reference_seq >= 0)
) STRICT;

CREATE TABLE roles (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;
INSERT INTO roles (key, name) VALUES
  ('agent', 'Contact-centre agent'),
  ('team-leader', 'Team Leader'),
  ('manager', 'Manager / Complaints Officer'),
  ('business-area-owner', 'Business-area owner'),
  ('administrator', 'Administrator'),
  ('board', 'Board / Member Responsible for Complaints');

CREATE TABLE business_areas (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  business_area_key TEXT REFERENCES business_areas (key),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_hlc TEXT NOT NULL
) STRICT;

-- Users as known to the desk (the server owns them; the desk caches them for offline sign-in and display).
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  email TEXT NOT NULL,
  team_id TEXT REFERENCES teams (id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- Cached credential verifier for offline sign-in (never the password itself).
  offline_verifier TEXT,
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_team ON users (team_id);

CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_key TEXT NOT NULL REFERENCES roles (key),
  PRIMARY KEY (user_id, role_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE categories (
  key TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  business_area_key TEXT REFERENCES business_areas (key),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- Which policy profile (and which version of it) applies to complaints received in a date window.
CREATE TABLE profile_assignments (
  id TEXT PRIMARY KEY,
  profile_key TEXT NOT NULL,
  profile_version_id TEXT NOT NULL,
  region TEXT NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  valid_from TEXT NOT NULL CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  valid_to TEXT CHECK (valid_to IS NULL OR valid_to > valid_from),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX profile_assignments_from ON profile_assignments (valid_from);

-- Exceptional circumstances (e.g. Clarion's cyber incident): the duties the Code requires, recorded.
CREATE TABLE exceptional_circumstances (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  from_date TEXT NOT NULL,
  to_date TEXT,
  profile_key TEXT,
  ombudsman_notified_date TEXT,
  residents_informed_date TEXT,
  published_date TEXT,
  return_to_compliance_date TEXT,
  updated_hlc TEXT NOT NULL
) STRICT;

CREATE TABLE bank_holiday_overrides (
  id TEXT PRIMARY KEY,
  region TEXT NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  -- 'add' a holiday the shipped calendar lacks (a one-off), or 'remove' one that was moved.
  action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
  name TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  UNIQUE (region, date)
) STRICT;

-- ---------------------------------------------------------------- people, properties, tenancies
CREATE TABLE people (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('resident', 'representative', 'group', 'organisation', 'other')),
  title TEXT,
  given_name TEXT,
  family_name TEXT,
  -- For groups/petitions and organisations, and how any person is addressed in letters.
  display_name TEXT NOT NULL,
  date_of_birth TEXT,
  email TEXT,
  phone TEXT,
  phone_alt TEXT,
  address_line1 TEXT,
  address_line2 TEXT,
  town TEXT,
  postcode TEXT,
  -- The resident's landlord record id in the CRM, when known.
  external_ref TEXT,
  deceased INTEGER NOT NULL DEFAULT 0 CHECK (deceased IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX people_family_name ON people (family_name COLLATE NOCASE);
CREATE INDEX people_postcode ON people (postcode);

-- A representative or third party acting for a resident, with the authorisation the profile requires.
CREATE TABLE representations (
  id TEXT PRIMARY KEY,
  representative_id TEXT NOT NULL REFERENCES people (id),
  resident_id TEXT NOT NULL REFERENCES people (id),
  relationship TEXT NOT NULL CHECK (relationship IN (
    'family', 'friend', 'advocate', 'solicitor', 'mp', 'councillor', 'designated-person', 'support-worker',
    'power-of-attorney', 'other')),
  authorisation_kind TEXT NOT NULL CHECK (authorisation_kind IN (
    'signed-form', 'mental-capacity-assessment', 'partner-agency-letter', 'power-of-attorney', 'elected-representative', 'verbal',
    'none')),
  authorisation_date TEXT,
  evidence_sha256 TEXT REFERENCES attachments (sha256),
  valid_until TEXT,
  created_at TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  CHECK (representative_id <> resident_id)
) STRICT;
CREATE INDEX representations_resident ON representations (resident_id);
CREATE INDEX representations_representative ON representations (representative_id);

-- A group or petition (a people row of kind 'group'): one complaint, one nominated signatory, every named
-- member answered.
CREATE TABLE group_members (
  group_id TEXT NOT NULL REFERENCES people (id),
  member_id TEXT NOT NULL REFERENCES people (id),
  is_signatory INTEGER NOT NULL DEFAULT 0 CHECK (is_signatory IN (0, 1)),
  added_at TEXT NOT NULL,
  PRIMARY KEY (group_id, member_id),
  CHECK (group_id <> member_id)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX group_members_one_signatory ON group_members (group_id) WHERE is_signatory = 1;
CREATE INDEX group_members_member ON group_members (member_id);

CREATE TABLE communication_preferences (
  person_id TEXT PRIMARY KEY REFERENCES people (id),
  preferred_channel TEXT CHECK (preferred_channel IN ('phone', 'email', 'letter', 'sms', 'my-account', 'in-person')),
  language TEXT,
  large_print INTEGER NOT NULL DEFAULT 0 CHECK (large_print IN (0, 1)),
  font_size_pt INTEGER CHECK (font_size_pt BETWEEN 8 AND 72),
  braille INTEGER NOT NULL DEFAULT 0 CHECK (braille IN (0, 1)),
  easy_read INTEGER NOT NULL DEFAULT 0 CHECK (easy_read IN (0, 1)),
  interpreter INTEGER NOT NULL DEFAULT 0 CHECK (interpreter IN (0, 1)),
  updated_hlc TEXT NOT NULL
) STRICT;

-- Reasonable adjustments (Equality Act 2010): kept under active review, honoured in every letter and contact.
CREATE TABLE reasonable_adjustments (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people (id),
  kind TEXT NOT NULL CHECK (kind IN (
    'large-print', 'translation', 'interpreter', 'bsl', 'hearing-support', 'sight-support', 'easy-read',
    'preferred-channel', 'preferred-time', 'advocate', 'other')),
  detail TEXT NOT NULL,
  recorded_by TEXT REFERENCES users (id),
  recorded_at TEXT NOT NULL,
  review_date TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX reasonable_adjustments_person ON reasonable_adjustments (person_id) WHERE active = 1;

CREATE TABLE properties (
  id TEXT PRIMARY KEY,
  uprn TEXT,
  address_line1 TEXT NOT NULL,
  address_line2 TEXT,
  town TEXT NOT NULL,
  postcode TEXT NOT NULL,
  property_type TEXT,
  region TEXT CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX properties_postcode ON properties (postcode);

CREATE TABLE tenancies (
  id TEXT PRIMARY KEY,
  property_id TEXT NOT NULL REFERENCES properties (id),
  tenancy_ref TEXT,
  tenure TEXT,
  start_date TEXT NOT NULL,
  end_date TEXT CHECK (end_date IS NULL OR end_date >= start_date),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX tenancies_property ON tenancies (property_id);

CREATE TABLE tenancy_people (
  tenancy_id TEXT NOT NULL REFERENCES tenancies (id),
  person_id TEXT NOT NULL REFERENCES people (id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'joint', 'occupant')),
  PRIMARY KEY (tenancy_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX tenancy_people_person ON tenancy_people (person_id);

-- ---------------------------------------------------------------- attachments (files beside the database)
-- The bytes live at <db name>.files/sha256/<aa>/<bb>/<sha256>; the row is keyed by the hash, so the same file
-- attached twice is stored once and a file's content can be proven unchanged.
CREATE TABLE attachments (
  sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  media_type TEXT NOT NULL,
  first_stored_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- ---------------------------------------------------------------- contacts (enquiries) and complaints
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL,
  received_date TEXT NOT NULL CHECK (received_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  channel TEXT NOT NULL CHECK (channel IN (
    'phone', 'email', 'letter', 'web-form', 'live-chat', 'social-media', 'in-person', 'my-account',
    'mp-councillor', 'designated-person', 'executive', 'board', 'press', 'survey')),
  -- Who made the contact, and on whose behalf.
  made_by TEXT NOT NULL CHECK (made_by IN ('resident', 'representative', 'group', 'anonymous')),
  person_id TEXT REFERENCES people (id),
  representation_id TEXT REFERENCES representations (id),
  group_id TEXT REFERENCES people (id),
  property_id TEXT REFERENCES properties (id),
  tenancy_id TEXT REFERENCES tenancies (id),
  category_key TEXT REFERENCES categories (key),
  business_area_key TEXT REFERENCES business_areas (key),
  kind TEXT NOT NULL DEFAULT 'enquiry' CHECK (kind IN ('enquiry', 'service-request', 'feedback', 'compliment')),
  what_happened TEXT NOT NULL,
  outcome_wanted TEXT,
  dissatisfaction INTEGER NOT NULL DEFAULT 0 CHECK (dissatisfaction IN (0, 1)),
  offered_choice_to_complain INTEGER NOT NULL DEFAULT 0 CHECK (offered_choice_to_complain IN (0, 1)),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'converted')),
  resolution TEXT,
  resolved_at TEXT,
  complaint_id TEXT REFERENCES complaints (id),
  logged_by TEXT NOT NULL REFERENCES users (id),
  team_id TEXT REFERENCES teams (id),
  created_hlc TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (made_by <> 'representative' OR representation_id IS NOT NULL),
  CHECK (made_by <> 'group' OR group_id IS NOT NULL),
  CHECK ((status = 'converted') = (complaint_id IS NOT NULL))
) STRICT;
CREATE INDEX contacts_person ON contacts (person_id, received_date);
CREATE INDEX contacts_property ON contacts (property_id);
CREATE INDEX contacts_open ON contacts (team_id, received_date) WHERE status = 'open';
CREATE INDEX contacts_dissatisfied ON contacts (received_date) WHERE dissatisfaction = 1 AND status = 'open';
CREATE INDEX contacts_complaint ON contacts (complaint_id) WHERE complaint_id IS NOT NULL;

CREATE TABLE complaints (
  id TEXT PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  contact_id TEXT REFERENCES contacts (id),
  profile_key TEXT NOT NULL,
  profile_version_id TEXT NOT NULL,
  region TEXT NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  -- Kept from the contact on conversion: the clock starts when the landlord first received it.
  received_date TEXT NOT NULL CHECK (received_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  person_id TEXT REFERENCES people (id),
  representation_id TEXT REFERENCES representations (id),
  group_id TEXT REFERENCES people (id),
  property_id TEXT REFERENCES properties (id),
  category_key TEXT REFERENCES categories (key),
  business_area_key TEXT REFERENCES business_areas (key),
  summary TEXT NOT NULL,
  outcome_wanted TEXT,
  -- The lifecycle state as the domain serialises it; the columns below are denormalised from it for queries.
  state_json TEXT NOT NULL CHECK (json_valid(state_json)),
  status TEXT NOT NULL CHECK (status IN ('screening', 'open', 'refused', 'closed', 'withdrawn')),
  stage_key TEXT,
  stage_status TEXT,
  assignee_id TEXT REFERENCES users (id),
  team_id TEXT REFERENCES teams (id),
  next_deadline_date TEXT CHECK (next_deadline_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  next_deadline_kind TEXT,
  -- Queues sort open cases by deadline, those without one last.
  queue_date TEXT GENERATED ALWAYS AS (ifnull(next_deadline_date, '9999-12-31')) VIRTUAL,
  outcome TEXT CHECK (outcome IN ('upheld', 'partly-upheld', 'not-upheld', 'resolved', 'withdrawn')),
  resolved_at_stage TEXT,
  closed_date TEXT,
  exceptional_circumstances_id TEXT REFERENCES exceptional_circumstances (id),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_hlc TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (status NOT IN ('closed', 'withdrawn') OR closed_date IS NOT NULL)
) STRICT;
CREATE INDEX complaints_my_work ON complaints (assignee_id, queue_date, reference)
  WHERE status IN ('screening', 'open');
CREATE INDEX complaints_team_queue ON complaints (team_id, queue_date, reference)
  WHERE status IN ('screening', 'open');
CREATE INDEX complaints_open_deadline ON complaints (queue_date, reference) WHERE status IN ('screening', 'open');
CREATE INDEX complaints_person ON complaints (person_id);
CREATE INDEX complaints_property ON complaints (property_id);
CREATE INDEX complaints_received ON complaints (received_date);
CREATE INDEX complaints_closed ON complaints (closed_date) WHERE closed_date IS NOT NULL;

-- The FK from contacts to complaints is circular; SQLite checks it at statement end, which is fine.

CREATE TABLE complaint_stages (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  stage_key TEXT NOT NULL,
  stage_number INTEGER NOT NULL CHECK (stage_number >= 1),
  status TEXT NOT NULL,
  opened_date TEXT NOT NULL,
  escalation_requested_date TEXT,
  acknowledged_date TEXT,
  definition TEXT,
  response_due_date TEXT,
  extended_to_date TEXT,
  responded_date TEXT,
  decision_maker_id TEXT REFERENCES users (id),
  decision TEXT,
  outcome TEXT CHECK (outcome IN ('upheld', 'partly-upheld', 'not-upheld')),
  escalation_refused_reason TEXT,
  updated_hlc TEXT NOT NULL,
  UNIQUE (complaint_id, stage_number)
) STRICT;

CREATE TABLE deadlines (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  stage_id TEXT REFERENCES complaint_stages (id),
  kind TEXT NOT NULL,
  due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  status TEXT NOT NULL CHECK (status IN ('open', 'met', 'breached', 'superseded', 'cancelled')),
  met_date TEXT,
  superseded_by TEXT REFERENCES deadlines (id),
  created_hlc TEXT NOT NULL,
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX deadlines_complaint ON deadlines (complaint_id);
CREATE INDEX deadlines_open_due ON deadlines (due_date) WHERE status = 'open';

CREATE TABLE breaches (
  id TEXT PRIMARY KEY,
  deadline_id TEXT NOT NULL UNIQUE REFERENCES deadlines (id),
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  breached_on TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  recorded_by TEXT NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL,
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX breaches_complaint ON breaches (complaint_id);

CREATE TABLE extensions (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  stage_id TEXT NOT NULL REFERENCES complaint_stages (id),
  deadline_id TEXT NOT NULL REFERENCES deadlines (id),
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  customer_agreed INTEGER NOT NULL CHECK (customer_agreed IN (0, 1)),
  original_date TEXT NOT NULL,
  new_date TEXT NOT NULL CHECK (new_date > original_date),
  letter_id TEXT REFERENCES letters (id),
  decided_by TEXT NOT NULL REFERENCES users (id),
  decided_at TEXT NOT NULL,
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX extensions_complaint ON extensions (complaint_id);

-- Append-only (see the triggers below): the case's history as the agent sees it.
CREATE TABLE timeline_events (
  id TEXT PRIMARY KEY,
  complaint_id TEXT REFERENCES complaints (id),
  contact_id TEXT REFERENCES contacts (id),
  hlc TEXT NOT NULL,
  occurred_at TEXT NOT NULL,
  actor_id TEXT REFERENCES users (id),
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  detail_json TEXT CHECK (detail_json IS NULL OR json_valid(detail_json)),
  CHECK (complaint_id IS NOT NULL OR contact_id IS NOT NULL)
) STRICT;
CREATE INDEX timeline_complaint ON timeline_events (complaint_id, hlc) WHERE complaint_id IS NOT NULL;
CREATE INDEX timeline_contact ON timeline_events (contact_id, hlc) WHERE contact_id IS NOT NULL;
CREATE TRIGGER timeline_no_update BEFORE UPDATE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline_events is append-only'); END;
CREATE TRIGGER timeline_no_delete BEFORE DELETE ON timeline_events
BEGIN SELECT RAISE(ABORT, 'timeline_events is append-only'); END;

CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  complaint_id TEXT REFERENCES complaints (id),
  contact_id TEXT REFERENCES contacts (id),
  person_id TEXT REFERENCES people (id),
  author_id TEXT NOT NULL REFERENCES users (id),
  body TEXT NOT NULL CHECK (length(trim(body)) > 0),
  created_at TEXT NOT NULL,
  hlc TEXT NOT NULL,
  CHECK (complaint_id IS NOT NULL OR contact_id IS NOT NULL OR person_id IS NOT NULL)
) STRICT;
CREATE INDEX notes_complaint ON notes (complaint_id, hlc) WHERE complaint_id IS NOT NULL;
CREATE INDEX notes_contact ON notes (contact_id, hlc) WHERE contact_id IS NOT NULL;

CREATE TABLE correspondence (
  id TEXT PRIMARY KEY,
  complaint_id TEXT REFERENCES complaints (id),
  contact_id TEXT REFERENCES contacts (id),
  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  channel TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'phone', 'sms', 'my-account', 'in-person', 'other')),
  counterparty TEXT NOT NULL,
  subject TEXT,
  body_text TEXT,
  occurred_at TEXT NOT NULL,
  letter_version_id TEXT REFERENCES letter_versions (id),
  recorded_by TEXT NOT NULL REFERENCES users (id),
  hlc TEXT NOT NULL,
  CHECK (complaint_id IS NOT NULL OR contact_id IS NOT NULL)
) STRICT;
CREATE INDEX correspondence_complaint ON correspondence (complaint_id, occurred_at) WHERE complaint_id IS NOT NULL;
CREATE INDEX correspondence_contact ON correspondence (contact_id, occurred_at) WHERE contact_id IS NOT NULL;

CREATE TABLE correspondence_attachments (
  correspondence_id TEXT NOT NULL REFERENCES correspondence (id),
  sha256 TEXT NOT NULL REFERENCES attachments (sha256),
  filename TEXT NOT NULL,
  PRIMARY KEY (correspondence_id, sha256, filename)
) STRICT, WITHOUT ROWID;
CREATE INDEX correspondence_attachments_sha ON correspondence_attachments (sha256);

-- ---------------------------------------------------------------- letters
CREATE TABLE letter_templates (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN (
    'acknowledgement', 'extension', 'stage-response', 'final-response', 'refusal', 'escalation-acknowledgement',
    'escalation-refusal', 'cyber-incident-apology', 'unacceptable-behaviour-decision', 'exclusion-explanation',
    'other')),
  profile_key TEXT,
  name TEXT NOT NULL,
  template_version INTEGER NOT NULL CHECK (template_version >= 1),
  body TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  valid_from TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  UNIQUE (kind, profile_key, template_version)
) STRICT;

CREATE TABLE letters (
  id TEXT PRIMARY KEY,
  complaint_id TEXT REFERENCES complaints (id),
  contact_id TEXT REFERENCES contacts (id),
  person_id TEXT REFERENCES people (id),
  kind TEXT NOT NULL,
  template_id TEXT REFERENCES letter_templates (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'authorised', 'sent', 'cancelled')),
  current_version_id TEXT,
  drafted_by TEXT NOT NULL REFERENCES users (id),
  submitted_at TEXT,
  authorised_by TEXT REFERENCES users (id),
  authorised_at TEXT,
  returned_comments TEXT,
  sent_at TEXT,
  sent_channel TEXT,
  large_print INTEGER NOT NULL DEFAULT 0 CHECK (large_print IN (0, 1)),
  updated_hlc TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (status NOT IN ('authorised', 'sent') OR authorised_by IS NOT NULL),
  CHECK (authorised_by IS NULL OR authorised_by <> drafted_by)
) STRICT;
CREATE INDEX letters_complaint ON letters (complaint_id) WHERE complaint_id IS NOT NULL;
CREATE INDEX letters_awaiting ON letters (status, submitted_at) WHERE status = 'submitted';
CREATE INDEX letters_authoriser ON letters (authorised_by, authorised_at) WHERE authorised_by IS NOT NULL;

-- Immutable: every version sent to authorisation or to the resident is kept exactly as it was.
CREATE TABLE letter_versions (
  id TEXT PRIMARY KEY,
  letter_id TEXT NOT NULL REFERENCES letters (id),
  version_no INTEGER NOT NULL CHECK (version_no >= 1),
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  body TEXT NOT NULL,
  rendered_sha256 TEXT REFERENCES attachments (sha256),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  hlc TEXT NOT NULL,
  UNIQUE (letter_id, version_no)
) STRICT;
CREATE TRIGGER letter_versions_no_update BEFORE UPDATE ON letter_versions
BEGIN SELECT RAISE(ABORT, 'letter_versions are immutable'); END;
CREATE TRIGGER letter_versions_no_delete BEFORE DELETE ON letter_versions
BEGIN SELECT RAISE(ABORT, 'letter_versions are immutable'); END;

-- ---------------------------------------------------------------- putting things right
CREATE TABLE remedies (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  stage_id TEXT REFERENCES complaint_stages (id),
  kind TEXT NOT NULL CHECK (kind IN (
    'apology', 'explanation', 'action', 'reconsidered-decision', 'amended-record', 'financial', 'policy-change',
    'other')),
  description TEXT NOT NULL,
  amount_pence INTEGER CHECK (amount_pence IS NULL OR amount_pence >= 0),
  compensation_kind TEXT CHECK (compensation_kind IN ('discretionary', 'statutory', 'ombudsman-ordered', 'time-and-trouble')),
  status TEXT NOT NULL CHECK (status IN ('offered', 'accepted', 'refused', 'paid', 'withdrawn', 'reconsidered')),
  offered_date TEXT NOT NULL,
  decided_date TEXT,
  paid_date TEXT,
  -- A refused offer is reconsidered only on new evidence, which is recorded here.
  reconsidered_evidence TEXT,
  updated_hlc TEXT NOT NULL,
  CHECK (kind <> 'financial' OR amount_pence IS NOT NULL)
) STRICT;
CREATE INDEX remedies_complaint ON remedies (complaint_id);
CREATE INDEX remedies_paid ON remedies (paid_date) WHERE paid_date IS NOT NULL;

CREATE TABLE post_resolution_actions (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  business_area_key TEXT NOT NULL REFERENCES business_areas (key),
  owner_id TEXT REFERENCES users (id),
  description TEXT NOT NULL,
  due_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
  last_update_date TEXT,
  closed_date TEXT,
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX actions_area ON post_resolution_actions (business_area_key, due_date) WHERE status IN ('open', 'in-progress');
CREATE INDEX actions_complaint ON post_resolution_actions (complaint_id);

CREATE TABLE lessons_learned (
  id TEXT PRIMARY KEY,
  complaint_id TEXT REFERENCES complaints (id),
  business_area_key TEXT REFERENCES business_areas (key),
  lesson TEXT NOT NULL,
  recorded_by TEXT NOT NULL REFERENCES users (id),
  recorded_at TEXT NOT NULL,
  updated_hlc TEXT NOT NULL
) STRICT;

CREATE TABLE satisfaction_responses (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment TEXT,
  received_date TEXT NOT NULL,
  updated_hlc TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- unacceptable behaviour
CREATE TABLE restrictions (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people (id),
  kind TEXT NOT NULL CHECK (kind IN ('warning', 'writing-only', 'single-point-of-contact', 'limited-contact', 'other')),
  detail TEXT NOT NULL,
  single_point_user_id TEXT REFERENCES users (id),
  decided_by TEXT NOT NULL REFERENCES users (id),
  decided_date TEXT NOT NULL,
  decision_letter_id TEXT REFERENCES letters (id),
  review_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'ended', 'overturned')),
  appeal_requested_date TEXT,
  appeal_outcome TEXT CHECK (appeal_outcome IN ('upheld', 'varied', 'overturned')),
  appeal_decided_date TEXT,
  updated_hlc TEXT NOT NULL,
  CHECK (kind <> 'single-point-of-contact' OR single_point_user_id IS NOT NULL)
) STRICT;
CREATE INDEX restrictions_person ON restrictions (person_id) WHERE status = 'active';
CREATE INDEX restrictions_review ON restrictions (review_date) WHERE status = 'active';

-- ---------------------------------------------------------------- the Ombudsman
CREATE TABLE ombudsman_cases (
  id TEXT PRIMARY KEY,
  complaint_id TEXT NOT NULL REFERENCES complaints (id),
  hos_reference TEXT,
  referred_date TEXT NOT NULL,
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX ombudsman_cases_complaint ON ombudsman_cases (complaint_id);

CREATE TABLE ombudsman_evidence_requests (
  id TEXT PRIMARY KEY,
  ombudsman_case_id TEXT NOT NULL REFERENCES ombudsman_cases (id),
  requested_date TEXT NOT NULL,
  -- 15 days from the request (late evidence is a ground for a Complaint Handling Failure Order).
  due_date TEXT NOT NULL CHECK (due_date > requested_date),
  submitted_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'submitted', 'late', 'withdrawn')),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX evidence_requests_open ON ombudsman_evidence_requests (due_date) WHERE status = 'open';

CREATE TABLE ombudsman_determinations (
  id TEXT PRIMARY KEY,
  ombudsman_case_id TEXT NOT NULL REFERENCES ombudsman_cases (id),
  determined_date TEXT NOT NULL,
  finding TEXT NOT NULL CHECK (finding IN (
    'no-maladministration', 'service-failure', 'maladministration', 'severe-maladministration',
    'reasonable-redress', 'outside-jurisdiction', 'complaint-handling-failure')),
  detail TEXT,
  updated_hlc TEXT NOT NULL
) STRICT;

CREATE TABLE ombudsman_orders (
  id TEXT PRIMARY KEY,
  determination_id TEXT NOT NULL REFERENCES ombudsman_determinations (id),
  kind TEXT NOT NULL CHECK (kind IN ('apology', 'compensation', 'action', 'review', 'policy', 'other')),
  description TEXT NOT NULL,
  amount_pence INTEGER CHECK (amount_pence IS NULL OR amount_pence >= 0),
  due_date TEXT NOT NULL,
  complied_date TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'complied', 'late')),
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX ombudsman_orders_open ON ombudsman_orders (due_date) WHERE status = 'open';

-- ---------------------------------------------------------------- calibration
-- A weekly draw of 3 letters per Team Leader, reproducible from the seed and the recorded population.
CREATE TABLE calibration_draws (
  id TEXT PRIMARY KEY,
  week_start TEXT NOT NULL,
  manager_id TEXT NOT NULL REFERENCES users (id),
  seed TEXT NOT NULL,
  algorithm TEXT NOT NULL,
  population_json TEXT NOT NULL CHECK (json_valid(population_json)),
  drawn_at TEXT NOT NULL,
  updated_hlc TEXT NOT NULL
) STRICT;
CREATE INDEX calibration_draws_week ON calibration_draws (week_start);

CREATE TABLE calibration_items (
  id TEXT PRIMARY KEY,
  draw_id TEXT NOT NULL REFERENCES calibration_draws (id),
  team_leader_id TEXT NOT NULL REFERENCES users (id),
  letter_id TEXT NOT NULL REFERENCES letters (id),
  position INTEGER NOT NULL CHECK (position >= 1),
  UNIQUE (draw_id, team_leader_id, position),
  UNIQUE (draw_id, letter_id)
) STRICT;

CREATE TABLE calibration_scores (
  id TEXT PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES calibration_items (id),
  criterion_key TEXT NOT NULL,
  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
  comment TEXT,
  scored_by TEXT NOT NULL REFERENCES users (id),
  scored_at TEXT NOT NULL,
  updated_hlc TEXT NOT NULL,
  UNIQUE (item_id, criterion_key)
) STRICT;

-- ---------------------------------------------------------------- data protection
CREATE TABLE data_requests (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people (id),
  kind TEXT NOT NULL CHECK (kind IN ('subject-access', 'erasure', 'rectification', 'export')),
  requested_date TEXT NOT NULL,
  completed_date TEXT,
  updated_hlc TEXT NOT NULL
) STRICT;

-- ---------------------------------------------------------------- sync
-- Written in the same transaction as the change it describes; the server deduplicates by mutation_id.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id TEXT NOT NULL UNIQUE CHECK (length(mutation_id) = 36),
  use_case TEXT NOT NULL,
  payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
  hlc TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'accepted', 'rejected')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  acknowledged_at TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox (seq) WHERE status IN ('pending', 'sending');

CREATE TABLE sync_state (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  -- The desk's last issued HLC (encoded): restored at start so the clock never goes backwards.
  last_hlc TEXT,
  last_push_at TEXT,
  last_pull_at TEXT,
  -- Opaque server cursor: everything up to it has been applied locally.
  pull_cursor TEXT,
  last_error TEXT,
  last_error_at TEXT
) STRICT;
INSERT INTO sync_state (singleton) VALUES (1);

-- Changes from another desk that could not be merged automatically: shown to a person to decide.
CREATE TABLE sync_conflicts (
  id TEXT PRIMARY KEY,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  local_json TEXT NOT NULL CHECK (json_valid(local_json)),
  remote_json TEXT NOT NULL CHECK (json_valid(remote_json)),
  detected_hlc TEXT NOT NULL,
  resolved_by TEXT REFERENCES users (id),
  resolved_at TEXT,
  resolution TEXT CHECK (resolution IN ('local', 'remote', 'merged'))
) STRICT;
CREATE INDEX sync_conflicts_open ON sync_conflicts (detected_hlc) WHERE resolved_at IS NULL;
