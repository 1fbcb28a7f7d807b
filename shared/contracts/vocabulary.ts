// The words the renderer offers in its forms, as the use cases accept them. The renderer may not import
// shared/app, so they are repeated here; tests/main/vocabulary.test.ts keeps them equal to shared/app's.
export const CHANNELS = [
  'phone',
  'email',
  'letter',
  'web-form',
  'live-chat',
  'social-media',
  'in-person',
  'my-account',
  'mp-councillor',
  'designated-person',
  'executive',
  'board',
  'press',
  'survey',
] as const;

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  phone: 'Phone',
  email: 'Email',
  letter: 'Letter',
  'web-form': 'Web form',
  'live-chat': 'Live chat',
  'social-media': 'Social media (taken offline)',
  'in-person': 'In person',
  'my-account': 'My Account',
  'mp-councillor': 'Via an MP or councillor',
  'designated-person': 'Via a designated person',
  executive: 'Executive correspondence',
  board: 'Board correspondence',
  press: 'Press',
  survey: 'Survey feedback',
};

export const RELATIONSHIPS = [
  'family',
  'friend',
  'advocate',
  'solicitor',
  'mp',
  'councillor',
  'designated-person',
  'support-worker',
  'power-of-attorney',
  'other',
] as const;

export const AUTHORISATION_KINDS = [
  'signed-form',
  'mental-capacity-assessment',
  'partner-agency-letter',
  'power-of-attorney',
  'elected-representative',
  'verbal',
  'none',
] as const;

export const CONVERSION_REASONS = ['resolution-failed', 'further-enquiries-needed', 'resident-asked'] as const;

export const ROLES = ['agent', 'team-leader', 'manager', 'business-area-owner', 'administrator'] as const;

/** Turns a key such as `signed-form` into words for a label. */
export function words(key: string): string {
  const s = key.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
