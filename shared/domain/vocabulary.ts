// The words of the product that every layer shares: contact channels, representatives' relationships and
// authorisations, conversion reasons, roles. One list each, here, so the use cases, the contracts and the
// renderer cannot disagree.

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

/** How a resident prefers to hear from us (the channels a reply can go by). */
export const PREFERRED_CHANNELS = ['phone', 'email', 'letter', 'sms', 'my-account', 'in-person'] as const;

/** Reasonable adjustments (Equality Act 2010) an agent can record with a contact, besides a language. */
export const ADJUSTMENT_SUPPORTS = [
  'large-print',
  'translation',
  'interpreter',
  'bsl',
  'hearing-support',
  'sight-support',
  'easy-read',
] as const;
