import type { z } from 'zod';

export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type UseCaseError =
  | { readonly code: 'invalid-input'; readonly message: string; readonly fields: readonly FieldError[] }
  | { readonly code: 'forbidden'; readonly message: string }
  | { readonly code: 'not-found'; readonly message: string }
  | {
      readonly code: 'illegal-transition' | 'guard-failed';
      readonly message: string;
      readonly fields: readonly FieldError[];
    }
  | { readonly code: 'conflict'; readonly message: string };

export type UseCaseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: UseCaseError };

export const success = <T>(value: T): UseCaseResult<T> => ({ ok: true, value });
export const failure = <T = never>(error: UseCaseError): UseCaseResult<T> => ({ ok: false, error });

export function invalid<T = never>(fields: FieldError[]): UseCaseResult<T> {
  const first = fields[0];
  return failure({
    code: 'invalid-input',
    message: first ? `${first.path ? first.path + ': ' : ''}${first.message}` : 'invalid input',
    fields,
  });
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
