-- Group and petition memberships travel like the other desk rows (desk migration 0004 gave them ids).
ALTER TABLE entities DROP CONSTRAINT entities_entity_type_check;
ALTER TABLE entities ADD CONSTRAINT entities_entity_type_check CHECK (entity_type IN (
  'people', 'group_members', 'representations', 'contacts', 'complaints', 'timeline_events', 'notes', 'correspondence'));
