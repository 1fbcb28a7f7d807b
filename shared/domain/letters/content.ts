// What a letter must say, by kind and by profile, and the check that lists what a draft still lacks.
// Sources: the Complaint Handling Code 2024 (hos-code profiles) and each landlord's policy in
// /work/shared/policies (README there): a response names the stage, the complaint as defined, the decision, the
// reasons, the remedy, outstanding actions and how to escalate — or, at the final stage, how to go to the
// Ombudsman.
import type { PolicyProfile } from '../profiles/types.js';
import { isFinalStage, parseDecision, parseLetterDate } from './merge.js';
import { plainEnglish } from './plain-english.js';
import { placeholdersOf } from './render.js';
import type { ContentItem, LetterChecks, LetterKind, LetterTemplate, MissingContent } from './types.js';

const LABELS: Readonly<Record<ContentItem, string>> = {
  'complaint-stage': 'The complaint stage',
  'complaint-definition': 'The complaint as we understand it (the complaint definition)',
  'outcome-sought': 'The outcome the resident is seeking',
  decision: 'The decision',
  reasons: 'The reasons for the decision',
  remedy: 'The remedy offered to put things right',
  'outstanding-actions': 'Any outstanding actions',
  'escalation-route': 'How to escalate to the next stage',
  'ombudsman-route': 'How to go to the Housing Ombudsman (contact details)',
  'extension-reason': 'Why the response needs more time',
  'new-date': 'The new date for the response',
  'refusal-reasons': 'The reasons the complaint is not accepted',
  apology: 'The apology',
  'action-plan': 'The action plan',
  restriction: 'The restriction decided',
  'review-date': 'When the restriction will be reviewed',
  'right-to-appeal': 'The right to appeal the decision',
  'next-steps': 'What happens next and when',
};

interface Requirement {
  readonly item: ContentItem;
  readonly hint: string;
  readonly cite: string;
}

const req = (item: ContentItem, hint: string, cite: string): Requirement => ({ item, hint, cite });

function codeOr(profile: PolicyProfile, code: string, policy: string): string {
  return profile.family === 'hos-code' ? code : `${policy}; ${code}`;
}

/** The content items a letter of this kind needs under this profile, at this stage. */
export function requiredContent(kind: LetterKind, profile: PolicyProfile, stageKey: string | null): Requirement[] {
  const source = profile.source.document;
  switch (kind) {
    case 'acknowledgement':
    case 'escalation-acknowledgement':
      return [
        req('complaint-stage', 'Say which stage the complaint is at.', codeOr(profile, 'Code 5.2', source)),
        req(
          'complaint-definition',
          'Set out our understanding of the complaint.',
          codeOr(profile, 'Code 5.5', `${source} (acknowledge and define)`),
        ),
        req('outcome-sought', 'Set out the outcome the resident is seeking.', codeOr(profile, 'Code 5.5', source)),
        req('next-steps', 'Say when the resident will hear from us.', codeOr(profile, 'Code 5.2', source)),
      ];
    case 'extension':
      return [
        req('complaint-stage', 'Name the complaint and its stage.', codeOr(profile, 'Code 5.7', source)),
        req('extension-reason', 'Explain clearly why more time is needed.', codeOr(profile, 'Code 5.7', source)),
        req(
          'new-date',
          'Give the new date as a date (e.g. 20/05/2025), within what the policy allows.',
          codeOr(profile, 'Code 5.7', source),
        ),
        req(
          'ombudsman-route',
          "Give the Housing Ombudsman's contact details (a resident may go to them about the delay).",
          codeOr(profile, 'Code 5.7', source),
        ),
      ];
    case 'stage-response':
    case 'final-response': {
      const final = kind === 'final-response' || isFinalStage(profile, stageKey);
      const items = [
        req('complaint-stage', 'Name the complaint stage.', codeOr(profile, 'Code 5.16 / 6.17', source)),
        req(
          'complaint-definition',
          'Restate the complaint as defined at acknowledgement.',
          codeOr(profile, 'Code 5.16', source),
        ),
        req(
          'decision',
          'State the decision: begin the section with Upheld, Partly upheld or Not upheld.',
          codeOr(profile, 'Code 5.16', source),
        ),
        req('reasons', 'Give the reasons for each decision, point by point.', codeOr(profile, 'Code 5.16', source)),
        req(
          'remedy',
          'Say what we will do to put things right (or why no remedy).',
          codeOr(profile, 'Code 5.16', source),
        ),
        req(
          'outstanding-actions',
          'List any outstanding actions (or say there are none).',
          codeOr(profile, 'Code 5.16', source),
        ),
      ];
      if (!final) {
        items.push(
          req(
            'escalation-route',
            'Say how to take the complaint to the next stage, and the time allowed.',
            codeOr(profile, 'Code 5.16', source),
          ),
        );
      }
      // The four-level policy (policy 002) tells the customer of Ombudsman access at every stage.
      if (final || profile.family === 'four-level') {
        items.push(
          req(
            'ombudsman-route',
            profile.afterLastStage === 'councillor-mp-or-ombudsman'
              ? 'Explain the route to the Ombudsman, including through a designated person (councillor or MP).'
              : 'Explain the right to go to the Housing Ombudsman, with their contact details.',
            final ? codeOr(profile, 'Code 6.17', source) : `${source} (Ombudsman access at every stage)`,
          ),
        );
      }
      return items;
    }
    case 'refusal':
    case 'escalation-refusal':
      return [
        req('refusal-reasons', 'Explain in detail why it is not accepted.', codeOr(profile, 'Code 3.4', source)),
        req(
          'ombudsman-route',
          'Tell the resident of their right to take the decision to the Ombudsman.',
          codeOr(profile, 'Code 3.4', source),
        ),
      ];
    case 'cyber-incident-apology':
      return [
        req('apology', 'Apologise for the delay.', 'policy 000 (cyber incident)'),
        req('action-plan', 'Give the action plan with dates.', 'policy 000 (cyber incident)'),
        req(
          'ombudsman-route',
          'Closed at stage one: give the Ombudsman rights and contact details.',
          'policy 000 (cyber incident)',
        ),
      ];
    case 'unacceptable-behaviour-decision':
      return [
        req('restriction', 'Say exactly what the restriction is.', 'policy 004 (unacceptable behaviour)'),
        req('reasons', 'Give the reasons for the decision.', 'policy 004 (unacceptable behaviour)'),
        req('review-date', 'Say when it will be reviewed.', 'policy 004 (unacceptable behaviour)'),
        req('right-to-appeal', 'Tell the resident they can appeal, and how.', 'policy 004 (unacceptable behaviour)'),
      ];
  }
}

export interface CheckInput {
  readonly kind: LetterKind;
  readonly template: LetterTemplate;
  /** The agent's text for each free section. */
  readonly sections: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, string>>;
  readonly profile: PolicyProfile;
  readonly stageKey: string | null;
  /** Whether the decision is already recorded on the case (then the letter's wording need not carry it). */
  readonly decisionRecorded: boolean;
}

function filledText(text: string | undefined): boolean {
  return (text ?? '').trim().length > 0;
}

/** Merges a fixed section's text as plain text (for the plain-English score). */
function mergedPlain(text: string, fields: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{\s*([A-Za-z][\w.]*)\s*\}\}/g, (_m, name: string) => fields[name] ?? '');
}

export function checkLetter(input: CheckInput): LetterChecks {
  const { template, sections, fields } = input;
  const unresolved = new Set<string>();
  const provided = new Map<ContentItem, boolean>();
  for (const s of template.sections) {
    let filled: boolean;
    if (s.mode === 'free') {
      filled = filledText(sections[s.key]);
    } else {
      const missingFields = placeholdersOf(s.text).filter((f) => !filledText(fields[f]));
      for (const f of missingFields) unresolved.add(f);
      filled = missingFields.length === 0;
    }
    for (const item of s.provides) provided.set(item, (provided.get(item) ?? false) || filled);
  }
  const missing: MissingContent[] = [];
  for (const r of requiredContent(input.kind, input.profile, input.stageKey)) {
    let ok = provided.get(r.item) ?? false;
    let hint = r.hint;
    if (ok && r.item === 'decision' && !input.decisionRecorded) {
      const decisionSection = template.sections.find((s) => s.mode === 'free' && s.provides.includes('decision'));
      if (!decisionSection || parseDecision(sections[decisionSection.key] ?? '') === null) {
        ok = false;
        hint = 'Begin the decision with Upheld, Partly upheld or Not upheld.';
      }
    }
    if (ok && r.item === 'new-date') {
      const s = template.sections.find((x) => x.mode === 'free' && x.provides.includes('new-date'));
      if (s && parseLetterDate(sections[s.key] ?? '') === null) {
        ok = false;
        hint = 'Write the new date as a date, e.g. 20/05/2025 or 20 May 2025.';
      }
    }
    if (!ok) missing.push({ item: r.item, label: LABELS[r.item], hint, cite: r.cite });
  }
  const texts = template.sections.map((s) => ({
    key: s.key,
    text: s.mode === 'free' ? (sections[s.key] ?? '') : mergedPlain(s.text, fields),
  }));
  return {
    missing,
    plainEnglish: plainEnglish(texts),
    unresolvedFields: [...unresolved].sort(),
    complete: missing.length === 0,
  };
}

export { LABELS as CONTENT_ITEM_LABELS };
