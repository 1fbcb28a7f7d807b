-- Remedies and post-resolution actions travel like the other desk rows (desk migration 0010), built whole
-- by shared/app/remedy-use-cases.ts, which the server re-runs and re-checks.
ALTER TABLE entities DROP CONSTRAINT entities_entity_type_check;
ALTER TABLE entities ADD CONSTRAINT entities_entity_type_check CHECK (entity_type IN (
  'people', 'group_members', 'representations', 'contacts', 'complaints', 'timeline_events', 'notes',
  'correspondence', 'sync_conflicts', 'letter_templates', 'letters', 'letter_versions', 'letter_reviews',
  'calibration_draws', 'calibration_items', 'remedies', 'post_resolution_actions'));

-- A business-area owner's pull looks up the cases of their areas' actions (sync-store.ts pullRows).
CREATE INDEX entities_action_complaint ON entities ((data ->> 'complaint_id'))
  WHERE entity_type = 'post_resolution_actions';
