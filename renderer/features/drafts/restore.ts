// Restoring a stored draft into a form: pure, so it is unit-tested without a DOM.

/** A stored draft over the empty value: fields it lacks (an older form) take their empty value. */
export function restoreDraft<T extends object>(empty: T, body: string | null | undefined): T {
  if (!body) return empty;
  try {
    const parsed: unknown = JSON.parse(body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return empty;
    const base0 = empty as Readonly<Record<string, unknown>>;
    const out: Record<string, unknown> = { ...base0 };
    for (const [k, v] of Object.entries(parsed)) {
      const base = base0[k];
      // Only known fields of the same type: a damaged or foreign draft never breaks the form.
      if (k in empty && (base === undefined || typeof v === typeof base)) out[k] = v;
    }
    return out as T;
  } catch {
    return empty;
  }
}
