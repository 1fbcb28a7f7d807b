// Typed failures of opening a desk database, so the shell can show the right screen (restore from the server,
// upgrade the app, call support) instead of a stack trace. None of them ever modifies the file.

export type DeskDatabaseErrorCode =
  | 'not-a-database'
  | 'corrupt'
  | 'newer-version'
  | 'migration-checksum-mismatch'
  | 'migration-missing'
  | 'migration-failed';

export class DeskDatabaseError extends Error {
  constructor(
    readonly code: DeskDatabaseErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeskDatabaseError';
  }
}

export function isDeskDatabaseError(e: unknown, code?: DeskDatabaseErrorCode): e is DeskDatabaseError {
  return e instanceof DeskDatabaseError && (code === undefined || e.code === code);
}
