-- Sync merge for contacts, as for complaints and people (0007): a contact's editable fields (outcome wanted,
-- category, business area, and each part of its communication preferences and reasonable adjustments) are
-- merged field by field, last writer wins by hybrid logical clock (shared/app/field-merge.ts). The HLC of the
-- write that set each is kept here; the adjustments' parts are keyed 'adjustments.<part>'. A field absent
-- from the map was set when the contact was logged: any edit beats it.
ALTER TABLE contacts ADD COLUMN field_hlcs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(field_hlcs));
