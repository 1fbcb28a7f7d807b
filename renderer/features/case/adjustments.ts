// The communication preferences and reasonable adjustments a contact recorded (contacts.adjustments_json), in
// words for the case's header and details: what every letter and contact on the case must honour.
const SUPPORT_WORDS: Record<string, string> = {
  'large-print': 'Large print',
  translation: 'Translation',
  interpreter: 'Interpreter',
  bsl: 'British Sign Language',
  'hearing-support': 'Hearing support',
  'sight-support': 'Sight support',
  'easy-read': 'Easy read',
};

const CHANNEL_WORDS: Record<string, string> = {
  phone: 'phone',
  email: 'email',
  letter: 'letter',
  sms: 'text message',
  'my-account': 'My Account',
  'in-person': 'in person',
};

/** One phrase per adjustment, e.g. ["Large print", "Translation into Polish", "Prefers letter"]; [] for none. */
export function adjustmentPhrases(json: unknown): string[] {
  if (typeof json !== 'string' || !json) return [];
  let a: unknown;
  try {
    a = JSON.parse(json);
  } catch {
    return [];
  }
  if (!a || typeof a !== 'object') return [];
  const { supports, language, preferredChannel, detail } = a as Record<string, unknown>;
  const lang = typeof language === 'string' && language ? language : null;
  const out: string[] = [];
  for (const s of Array.isArray(supports) ? supports : []) {
    if (typeof s !== 'string') continue;
    const w = SUPPORT_WORDS[s] ?? s;
    out.push((s === 'translation' || s === 'interpreter') && lang ? `${w} (${lang})` : w);
  }
  if (lang && !out.some((p) => p.includes(`(${lang})`))) out.push(`Language: ${lang}`);
  if (typeof preferredChannel === 'string' && preferredChannel) {
    out.push(`Prefers ${CHANNEL_WORDS[preferredChannel] ?? preferredChannel}`);
  }
  if (typeof detail === 'string' && detail) out.push(detail);
  return out;
}
