// The templates the product ships with, one per kind (any profile). An administrator's edit makes a new
// version (stored, synced); a letter keeps a copy of the template it was drafted from, so no later edit can
// change a letter already drafted, authorised or sent.
import type { ContentItem, LetterKind, LetterTemplate, TemplateSection } from './types.js';
import { LETTER_KIND_NAMES } from './types.js';

const fixed = (key: string, heading: string | null, text: string, provides: ContentItem[] = []): TemplateSection => ({
  key,
  heading,
  mode: 'fixed',
  text,
  provides,
});
const free = (key: string, heading: string | null, guidance: string, provides: ContentItem[]): TemplateSection => ({
  key,
  heading,
  mode: 'free',
  text: guidance,
  provides,
});

const opening = fixed('opening', null, 'Dear {{person.name}}');
const closing = fixed(
  'closing',
  null,
  'If you need this letter in another format or language, please tell us.\n\nYours sincerely\n\n{{landlord.name}}',
);
const ombudsman = fixed(
  'ombudsman',
  'The Housing Ombudsman',
  'You can contact the Housing Ombudsman Service at any time for advice: {{ombudsman.contact}}.',
  ['ombudsman-route'],
);

const SECTIONS: Readonly<Record<LetterKind, readonly TemplateSection[]>> = {
  acknowledgement: [
    opening,
    fixed(
      'stage',
      'Your complaint',
      'We have logged your complaint at {{case.stage}} of our complaints policy. Your reference is {{case.reference}}.',
      ['complaint-stage'],
    ),
    free(
      'understanding',
      'What we understand your complaint to be',
      'Set out, in your own words, what the complaint is about: each point the resident raised.',
      ['complaint-definition'],
    ),
    free('outcome-sought', 'What you would like to happen', 'The outcome the resident is seeking, as they told you.', [
      'outcome-sought',
    ]),
    fixed(
      'next-steps',
      'What happens next',
      'We will send you our full response by {{case.respondBy}}. If we have misunderstood anything, please tell us.',
      ['next-steps'],
    ),
    ombudsman,
    closing,
  ],
  extension: [
    opening,
    fixed('stage', null, 'We are writing about your complaint {{case.reference}} ({{case.stage}}).', [
      'complaint-stage',
    ]),
    free('reason', 'Why we need more time', 'Explain honestly why the response will be later than promised.', [
      'extension-reason',
    ]),
    free('new-date', 'When you will hear from us', 'The new date, e.g. 20/05/2025.', ['new-date']),
    free(
      'resident-agreement',
      null,
      'Where the policy needs the resident to agree, record that they agreed and when (leave empty otherwise).',
      [],
    ),
    fixed(
      'ombudsman',
      'If you are unhappy with the delay',
      'You can contact the Housing Ombudsman Service about the delay: {{ombudsman.contact}}.',
      ['ombudsman-route'],
    ),
    closing,
  ],
  'stage-response': [
    opening,
    fixed(
      'stage',
      'Your complaint',
      'This is our {{case.stage}} response to your complaint {{case.reference}}, received on {{case.received}}.',
      ['complaint-stage'],
    ),
    fixed('definition', 'What you complained about', '{{case.understanding}}', ['complaint-definition']),
    free('decision', 'Our decision', 'Begin with Upheld, Partly upheld or Not upheld, then say what you decided.', [
      'decision',
    ]),
    free('reasons', 'Why we reached this decision', 'Answer every point of the complaint, with the reasons.', [
      'reasons',
    ]),
    free('remedy', 'Putting things right', 'The apology, actions or compensation offered (or why none).', ['remedy']),
    free('outstanding-actions', 'What is still to be done', 'Any actions still to complete, by whom and when.', [
      'outstanding-actions',
    ]),
    fixed(
      'escalation',
      'If you are not satisfied',
      'If you are not satisfied with this response you can ask us to take your complaint to {{case.nextStage}} {{case.escalationWindow}}. Tell us why you remain unhappy and what you would like us to do.',
      ['escalation-route'],
    ),
    ombudsman,
    closing,
  ],
  'final-response': [
    opening,
    fixed(
      'stage',
      'Your complaint',
      'This is our final response ({{case.stage}}) to your complaint {{case.reference}}. It ends our complaints process.',
      ['complaint-stage'],
    ),
    fixed('definition', 'What you complained about', '{{case.understanding}}', ['complaint-definition']),
    free('decision', 'Our decision', 'Begin with Upheld, Partly upheld or Not upheld, then say what you decided.', [
      'decision',
    ]),
    free('reasons', 'Why we reached this decision', 'Answer every point of the complaint, with the reasons.', [
      'reasons',
    ]),
    free('remedy', 'Putting things right', 'The apology, actions or compensation offered (or why none).', ['remedy']),
    free('outstanding-actions', 'What is still to be done', 'Any actions still to complete, by whom and when.', [
      'outstanding-actions',
    ]),
    fixed(
      'ombudsman',
      'Taking your complaint to the Housing Ombudsman',
      'If you remain unhappy, you can refer your complaint to the Housing Ombudsman Service, which is free and independent: {{ombudsman.contact}}.',
      ['ombudsman-route'],
    ),
    closing,
  ],
  refusal: [
    opening,
    fixed('stage', null, 'Thank you for contacting us ({{case.reference}}).', ['complaint-stage']),
    free(
      'reasons',
      'Why we cannot take this through our complaints process',
      'Explain in detail which exclusion applies and why, and what the resident can do instead.',
      ['refusal-reasons'],
    ),
    fixed(
      'ombudsman',
      'Your right to go to the Housing Ombudsman',
      'If you disagree with our decision not to accept your complaint, you can ask the Housing Ombudsman Service to look at it: {{ombudsman.contact}}.',
      ['ombudsman-route'],
    ),
    closing,
  ],
  'escalation-acknowledgement': [
    opening,
    fixed(
      'stage',
      'Your complaint',
      'You asked us to take your complaint {{case.reference}} further. It is now at {{case.stage}}.',
      ['complaint-stage'],
    ),
    free(
      'understanding',
      'Why you remain unhappy',
      'Set out what the resident remains unhappy about after our earlier response.',
      ['complaint-definition'],
    ),
    free('outcome-sought', 'What you would like to happen', 'The outcome the resident is now seeking.', [
      'outcome-sought',
    ]),
    fixed('next-steps', 'What happens next', 'We will send you our response by {{case.respondBy}}.', ['next-steps']),
    ombudsman,
    closing,
  ],
  'escalation-refusal': [
    opening,
    fixed('stage', null, 'You asked us to take your complaint {{case.reference}} further.', ['complaint-stage']),
    free('reasons', 'Why we cannot do this', 'The reasons we cannot escalate the complaint.', ['refusal-reasons']),
    fixed(
      'ombudsman',
      'Your right to go to the Housing Ombudsman',
      'You can ask the Housing Ombudsman Service to look at this decision: {{ombudsman.contact}}.',
      ['ombudsman-route'],
    ),
    closing,
  ],
  'cyber-incident-apology': [
    opening,
    fixed('stage', null, 'We are writing about your contact {{case.reference}}.', ['complaint-stage']),
    free(
      'apology',
      'We are sorry',
      'Apologise for the delay the cyber incident caused and say what it meant for the resident.',
      ['apology'],
    ),
    free('action-plan', 'What we will do and when', 'The action plan: each action, who does it, and by when.', [
      'action-plan',
    ]),
    fixed(
      'ombudsman',
      'The Housing Ombudsman',
      'We have closed this at stage one. If you are unhappy, you can contact the Housing Ombudsman Service: {{ombudsman.contact}}.',
      ['ombudsman-route'],
    ),
    closing,
  ],
  'unacceptable-behaviour-decision': [
    opening,
    free('restriction', 'What we have decided', 'The restriction, exactly what it means, and the contact left open.', [
      'restriction',
    ]),
    free('reasons', 'Why', 'The behaviour and why it is unacceptable; the warnings given before.', ['reasons']),
    free('review-date', 'When we will review it', 'The date the restriction will be reviewed.', ['review-date']),
    fixed(
      'appeal',
      'Your right to appeal',
      'You can appeal this decision. Write to us within 10 working days, saying why, and a manager who was not involved will review it.',
      ['right-to-appeal'],
    ),
    ombudsman,
    closing,
  ],
};

/** Fixed ids for the shipped templates (their version 1), so every desk and the server name them alike. */
const BUILT_IN_IDS: Readonly<Record<LetterKind, string>> = {
  acknowledgement: 'b1e77e50-0000-4000-8000-000000000001',
  extension: 'b1e77e50-0000-4000-8000-000000000002',
  'stage-response': 'b1e77e50-0000-4000-8000-000000000003',
  'final-response': 'b1e77e50-0000-4000-8000-000000000004',
  refusal: 'b1e77e50-0000-4000-8000-000000000005',
  'escalation-acknowledgement': 'b1e77e50-0000-4000-8000-000000000006',
  'escalation-refusal': 'b1e77e50-0000-4000-8000-000000000007',
  'cyber-incident-apology': 'b1e77e50-0000-4000-8000-000000000008',
  'unacceptable-behaviour-decision': 'b1e77e50-0000-4000-8000-000000000009',
};

export function builtInTemplate(kind: LetterKind): LetterTemplate {
  return {
    id: BUILT_IN_IDS[kind],
    kind,
    name: LETTER_KIND_NAMES[kind],
    profileFamily: null,
    version: 1,
    sections: SECTIONS[kind],
    builtIn: true,
    createdAt: null,
    createdBy: null,
  };
}

export function isBuiltInTemplateId(id: string): boolean {
  return Object.values(BUILT_IN_IDS).includes(id);
}
