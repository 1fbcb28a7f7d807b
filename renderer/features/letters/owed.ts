// Which letters a complaint owes now, from its lifecycle record: the editor suggests these first. The desk
// still checks every letter's content before it can be submitted; this only orders the "Draft letter" menu.
import type { CaseRecord, LetterKind } from '../../../shared/domain/lifecycle/types.js';

export interface OwedLetter {
  readonly kind: LetterKind;
  readonly why: string;
}

/**
 * The letters the case's current position calls for, leaving out kinds already drafted for the current stage
 * (`drafted` holds the kinds of the case's letters that are not yet superseded, i.e. any status).
 */
export function owedLetters(
  state: CaseRecord,
  stageCount: number,
  drafted: readonly { kind: string; stageKey: string | null }[],
): OwedLetter[] {
  const out: OwedLetter[] = [];
  const current = state.stages[state.stages.length - 1];
  const has = (kind: LetterKind) =>
    drafted.some((d) => d.kind === kind && (current ? d.stageKey === current.key : true));
  if (state.status === 'refused') {
    if (!drafted.some((d) => d.kind === 'refusal'))
      out.push({ kind: 'refusal', why: 'The complaint was not accepted: the resident must have the reasons.' });
    return out;
  }
  if (!current || (state.status !== 'open' && state.status !== 'closed')) return out;
  const index = state.stages.length - 1;
  const last = index >= stageCount - 1;
  if (current.status === 'entered') {
    const kind: LetterKind = index === 0 ? 'acknowledgement' : 'escalation-acknowledgement';
    if (!has(kind)) out.push({ kind, why: 'The stage is not acknowledged yet.' });
  }
  if (current.status === 'acknowledged' && current.extensions.length > 0 && !has('extension')) {
    out.push({ kind: 'extension', why: 'The response date was extended: tell the resident why and the new date.' });
  }
  if (current.status === 'acknowledged' || current.status === 'responded') {
    const kind: LetterKind = last ? 'final-response' : 'stage-response';
    if (!has(kind))
      out.push({
        kind,
        why: last ? 'The final stage: the response must explain the Ombudsman route.' : 'The stage response is due.',
      });
  }
  return out;
}
