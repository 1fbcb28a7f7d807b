-- Global search (capability 15): one FTS5 index over people, properties, contacts, complaints and notes.
-- Contentless (the text already lives in the tables) with contentless_delete so rows can be replaced.
-- search_docs maps each entity to the FTS rowid. Columns are weighted at query time: reference and names
-- above addresses and contact details, above free text. Complaint and contact documents also carry the
-- resident's name and the property address, so 'Okafor damp' finds the case. Postcodes and phone numbers
-- are indexed both as written and without spaces, and references also by their bare number ('42').
-- Kept in sync by triggers so every write path (use cases, sync, repairs) maintains it.
CREATE TABLE search_docs (
  doc_id INTEGER PRIMARY KEY,
  entity_type TEXT NOT NULL CHECK (entity_type IN ('person', 'property', 'complaint', 'contact', 'note')),
  entity_id TEXT NOT NULL,
  UNIQUE (entity_type, entity_id)
) STRICT;

CREATE VIRTUAL TABLE search_fts USING fts5(
  reference, names, address, contact, body,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);


CREATE TRIGGER search_person_insert AFTER INSERT ON people
BEGIN
  INSERT INTO search_docs (entity_type, entity_id) VALUES ('person', NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'person' AND entity_id = NEW.id), NULL, concat_ws(' ', NEW.title, NEW.given_name, NEW.family_name, NEW.display_name), concat_ws(' ', NEW.address_line1, NEW.address_line2, NEW.town, NEW.postcode, replace(NEW.postcode, ' ', '')), concat_ws(' ', NEW.email, NEW.phone, replace(replace(replace(replace(NEW.phone, ' ', ''), '-', ''), '(', ''), ')', ''), NEW.phone_alt, replace(replace(replace(replace(NEW.phone_alt, ' ', ''), '-', ''), '(', ''), ')', '')), NULL);
END;
CREATE TRIGGER search_person_update AFTER UPDATE OF title, given_name, family_name, display_name, email, phone, phone_alt, address_line1, address_line2, town, postcode ON people
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'person' AND entity_id = NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'person' AND entity_id = NEW.id), NULL, concat_ws(' ', NEW.title, NEW.given_name, NEW.family_name, NEW.display_name), concat_ws(' ', NEW.address_line1, NEW.address_line2, NEW.town, NEW.postcode, replace(NEW.postcode, ' ', '')), concat_ws(' ', NEW.email, NEW.phone, replace(replace(replace(replace(NEW.phone, ' ', ''), '-', ''), '(', ''), ')', ''), NEW.phone_alt, replace(replace(replace(replace(NEW.phone_alt, ' ', ''), '-', ''), '(', ''), ')', '')), NULL);
END;
CREATE TRIGGER search_person_delete AFTER DELETE ON people
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'person' AND entity_id = OLD.id);
  DELETE FROM search_docs WHERE entity_type = 'person' AND entity_id = OLD.id;
END;

CREATE TRIGGER search_property_insert AFTER INSERT ON properties
BEGIN
  INSERT INTO search_docs (entity_type, entity_id) VALUES ('property', NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'property' AND entity_id = NEW.id), NEW.uprn, NULL, concat_ws(' ', NEW.address_line1, NEW.address_line2, NEW.town, NEW.postcode, replace(NEW.postcode, ' ', '')), NULL, NULL);
END;
CREATE TRIGGER search_property_update AFTER UPDATE OF uprn, address_line1, address_line2, town, postcode ON properties
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'property' AND entity_id = NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'property' AND entity_id = NEW.id), NEW.uprn, NULL, concat_ws(' ', NEW.address_line1, NEW.address_line2, NEW.town, NEW.postcode, replace(NEW.postcode, ' ', '')), NULL, NULL);
END;
CREATE TRIGGER search_property_delete AFTER DELETE ON properties
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'property' AND entity_id = OLD.id);
  DELETE FROM search_docs WHERE entity_type = 'property' AND entity_id = OLD.id;
END;

CREATE TRIGGER search_complaint_insert AFTER INSERT ON complaints
BEGIN
  INSERT INTO search_docs (entity_type, entity_id) VALUES ('complaint', NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'complaint' AND entity_id = NEW.id), NEW.reference || ' ' || ltrim(substr(NEW.reference, length(rtrim(NEW.reference, '0123456789')) + 1), '0'), concat_ws(' ', (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.person_id), (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.group_id)), (SELECT concat_ws(' ', pr.address_line1, pr.address_line2, pr.town, pr.postcode, replace(pr.postcode, ' ', '')) FROM properties pr WHERE pr.id = NEW.property_id), NULL, concat_ws(' ', NEW.summary, NEW.outcome_wanted));
END;
CREATE TRIGGER search_complaint_update AFTER UPDATE OF reference, person_id, group_id, property_id, summary, outcome_wanted ON complaints
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'complaint' AND entity_id = NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'complaint' AND entity_id = NEW.id), NEW.reference || ' ' || ltrim(substr(NEW.reference, length(rtrim(NEW.reference, '0123456789')) + 1), '0'), concat_ws(' ', (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.person_id), (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.group_id)), (SELECT concat_ws(' ', pr.address_line1, pr.address_line2, pr.town, pr.postcode, replace(pr.postcode, ' ', '')) FROM properties pr WHERE pr.id = NEW.property_id), NULL, concat_ws(' ', NEW.summary, NEW.outcome_wanted));
END;
CREATE TRIGGER search_complaint_delete AFTER DELETE ON complaints
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'complaint' AND entity_id = OLD.id);
  DELETE FROM search_docs WHERE entity_type = 'complaint' AND entity_id = OLD.id;
END;

CREATE TRIGGER search_contact_insert AFTER INSERT ON contacts
BEGIN
  INSERT INTO search_docs (entity_type, entity_id) VALUES ('contact', NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'contact' AND entity_id = NEW.id), NEW.reference || ' ' || ltrim(substr(NEW.reference, length(rtrim(NEW.reference, '0123456789')) + 1), '0'), concat_ws(' ', (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.person_id), (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.group_id)), (SELECT concat_ws(' ', pr.address_line1, pr.address_line2, pr.town, pr.postcode, replace(pr.postcode, ' ', '')) FROM properties pr WHERE pr.id = NEW.property_id), NULL, concat_ws(' ', NEW.what_happened, NEW.outcome_wanted));
END;
CREATE TRIGGER search_contact_update AFTER UPDATE OF reference, person_id, group_id, property_id, what_happened, outcome_wanted ON contacts
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'contact' AND entity_id = NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'contact' AND entity_id = NEW.id), NEW.reference || ' ' || ltrim(substr(NEW.reference, length(rtrim(NEW.reference, '0123456789')) + 1), '0'), concat_ws(' ', (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.person_id), (SELECT concat_ws(' ', p.title, p.given_name, p.family_name, p.display_name) FROM people p WHERE p.id = NEW.group_id)), (SELECT concat_ws(' ', pr.address_line1, pr.address_line2, pr.town, pr.postcode, replace(pr.postcode, ' ', '')) FROM properties pr WHERE pr.id = NEW.property_id), NULL, concat_ws(' ', NEW.what_happened, NEW.outcome_wanted));
END;
CREATE TRIGGER search_contact_delete AFTER DELETE ON contacts
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'contact' AND entity_id = OLD.id);
  DELETE FROM search_docs WHERE entity_type = 'contact' AND entity_id = OLD.id;
END;

CREATE TRIGGER search_note_insert AFTER INSERT ON notes
BEGIN
  INSERT INTO search_docs (entity_type, entity_id) VALUES ('note', NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'note' AND entity_id = NEW.id), NULL, NULL, NULL, NULL, NEW.body);
END;
CREATE TRIGGER search_note_update AFTER UPDATE OF body ON notes
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'note' AND entity_id = NEW.id);
  INSERT INTO search_fts (rowid, reference, names, address, contact, body)
  VALUES ((SELECT doc_id FROM search_docs WHERE entity_type = 'note' AND entity_id = NEW.id), NULL, NULL, NULL, NULL, NEW.body);
END;
CREATE TRIGGER search_note_delete AFTER DELETE ON notes
BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT doc_id FROM search_docs WHERE entity_type = 'note' AND entity_id = OLD.id);
  DELETE FROM search_docs WHERE entity_type = 'note' AND entity_id = OLD.id;
END;

-- A renamed person or re-addressed property re-indexes their cases: touching the key column fires the
-- case's own update trigger above (nothing else changes).
CREATE TRIGGER search_person_rename AFTER UPDATE OF title, given_name, family_name, display_name ON people
BEGIN
  UPDATE complaints SET person_id = person_id WHERE person_id = NEW.id;
  UPDATE complaints SET group_id = group_id WHERE group_id = NEW.id;
  UPDATE contacts SET person_id = person_id WHERE person_id = NEW.id;
  UPDATE contacts SET group_id = group_id WHERE group_id = NEW.id;
END;
CREATE TRIGGER search_property_readdress AFTER UPDATE OF address_line1, address_line2, town, postcode ON properties
BEGIN
  UPDATE complaints SET property_id = property_id WHERE property_id = NEW.id;
  UPDATE contacts SET property_id = property_id WHERE property_id = NEW.id;
END;

-- Index what a database at version 2 already holds: register every document, then touch one indexed column
-- of each row so the update triggers above build its text exactly as they will for later changes.
INSERT INTO search_docs (entity_type, entity_id) SELECT 'person', id FROM people;
INSERT INTO search_docs (entity_type, entity_id) SELECT 'property', id FROM properties;
INSERT INTO search_docs (entity_type, entity_id) SELECT 'complaint', id FROM complaints;
INSERT INTO search_docs (entity_type, entity_id) SELECT 'contact', id FROM contacts;
INSERT INTO search_docs (entity_type, entity_id) SELECT 'note', id FROM notes;
UPDATE people SET email = email;
UPDATE properties SET uprn = uprn;
UPDATE complaints SET summary = summary;
UPDATE contacts SET what_happened = what_happened;
UPDATE notes SET body = body;
