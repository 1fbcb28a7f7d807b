// Where the desk keeps its server session between calls and restarts: the refresh token (which lets sync go on
// after a restart, even when the next sign-in has to be offline) and the short-lived access token.
// - Electron: encrypted by the OS keychain (safeStorage) in the main process (electron/token-store.ts); the
//   utility process reaches it through its parent port (electron/desk/utility.ts).
// - Browser mode: a file in the desk's own directory, readable by this OS account only (0600) but NOT encrypted
//   at rest: whoever can read the desk database can read it. The desk database itself holds the cases, so this
//   adds no new exposure; a refresh token is revoked on sign-out and expires with its session.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';

export const storedTokens = z.object({
  userId: z.string(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string(),
});
export type StoredTokens = z.infer<typeof storedTokens>;

export interface TokenVault {
  load(): Promise<StoredTokens | null>;
  save(tokens: StoredTokens): Promise<void>;
  clear(): Promise<void>;
}

export function parseStoredTokens(text: string | null): StoredTokens | null {
  if (!text) return null;
  try {
    const r = storedTokens.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** Process memory only: a restart forgets the session (sync then waits for an online sign-in). */
export class MemoryTokenVault implements TokenVault {
  private tokens: StoredTokens | null = null;
  load(): Promise<StoredTokens | null> {
    return Promise.resolve(this.tokens);
  }
  save(tokens: StoredTokens): Promise<void> {
    this.tokens = tokens;
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.tokens = null;
    return Promise.resolve();
  }
}

/** The browser mode's vault: a 0600 file, written atomically (see the note at the top about encryption). */
export class FileTokenVault implements TokenVault {
  constructor(readonly file: string) {}
  load(): Promise<StoredTokens | null> {
    try {
      return Promise.resolve(parseStoredTokens(readFileSync(this.file, 'utf8')));
    } catch {
      return Promise.resolve(null);
    }
  }
  save(tokens: StoredTokens): Promise<void> {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(tokens), { mode: 0o600 });
    renameSync(tmp, this.file);
    return Promise.resolve();
  }
  clear(): Promise<void> {
    rmSync(this.file, { force: true });
    return Promise.resolve();
  }
}
