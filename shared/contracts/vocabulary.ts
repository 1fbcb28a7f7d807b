// The words the renderer offers in its forms, with their labels. The lists themselves are shared/domain's.
import type { CHANNELS } from '../domain/vocabulary.js';

export {
  ADJUSTMENT_SUPPORTS,
  AUTHORISATION_KINDS,
  CHANNELS,
  CONVERSION_REASONS,
  PREFERRED_CHANNELS,
  RELATIONSHIPS,
  ROLES,
} from '../domain/vocabulary.js';

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

/** Turns a key such as `signed-form` into words for a label. */
export function words(key: string): string {
  const s = key.replace(/-/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
