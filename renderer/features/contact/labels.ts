// The words the contact forms (Log a contact, and a contact's Edit details) show for adjustments and channels.
import type { ADJUSTMENT_SUPPORTS, PREFERRED_CHANNELS } from '../../../shared/contracts/vocabulary.js';

export const SUPPORT_LABELS: Record<(typeof ADJUSTMENT_SUPPORTS)[number], string> = {
  'large-print': 'Large print',
  translation: 'Translation',
  interpreter: 'Interpreter',
  bsl: 'British Sign Language',
  'hearing-support': 'Hearing support',
  'sight-support': 'Sight support',
  'easy-read': 'Easy read',
};

export const PREFERRED_LABELS: Record<(typeof PREFERRED_CHANNELS)[number], string> = {
  phone: 'Phone',
  email: 'Email',
  letter: 'Letter',
  sms: 'Text message',
  'my-account': 'My Account',
  'in-person': 'In person',
};
