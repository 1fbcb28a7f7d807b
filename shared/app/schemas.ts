// Input pieces every use case's zod schema is built from (one definition, one wording of the messages).
import * as z from 'zod';

export const id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an id');
export const text = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .optional()
    .transform((s) => (s ? s : null));

/**
 * A schema built on first use and kept: the use cases' schemas are not built when their module loads (that was
 * a measurable share of the browser-mode host's start), only when the use case is first called.
 */
export function lazySchema<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}
