-- Communication preferences and reasonable adjustments told to us with a contact (large print, translation
-- and language, preferred channel, hearing or sight support), as JSON on the contact, which syncs as a whole
-- row: the record of what the resident asked for, shown on the case and honoured in its letters.
ALTER TABLE contacts ADD COLUMN adjustments_json TEXT CHECK (adjustments_json IS NULL OR json_valid(adjustments_json));
