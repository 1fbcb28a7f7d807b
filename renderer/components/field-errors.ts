// A use case's field errors, shown against the form's fields: the first message for each field path, as the
// props a Fluent UI Field takes (validationState and validationMessage), nothing for a field without an error.
import type { DeskApiError } from '../../shared/contracts/desk-api.js';

export type FieldErrorProps = { validationState?: 'error'; validationMessage?: string };
export type FieldErrorsOf = (path: string) => FieldErrorProps;

/** The first message for each field path of an error (none when there is no error). */
export function errorsByField(error: Pick<DeskApiError, 'fields'> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of error?.fields ?? []) out[f.path] ??= f.message;
  return out;
}

/** The Field props for each path: `<Field label="Phone" {...fe('phone')}>`. */
export function fieldErrors(error: Pick<DeskApiError, 'fields'> | null | undefined): FieldErrorsOf {
  const errs = errorsByField(error);
  return (path) => {
    const message = errs[path];
    return message ? { validationState: 'error', validationMessage: message } : {};
  };
}
