// What the edit forms kept as desk drafts say about a save (DraftForm.tsx): refused before sending when nothing
// changed, and what a save announces.
import type { DeskApiError } from '../../../shared/contracts/desk-api.js';

/** A save with nothing changed is refused before anything is sent. */
export const NOTHING_CHANGED: DeskApiError = {
  code: 'invalid-input',
  message: 'Nothing has changed: change at least one detail, or cancel.',
};

/** What a save announces: saved, and any field where a later edit from another desk stands (merged by HLC). */
export function savedText(superseded: readonly string[]): string {
  return superseded.length
    ? `Details saved; a later edit from another desk stands for: ${superseded.join(', ').replace(/_/g, ' ')}.`
    : 'Details saved.';
}
