// The central server's tokens (the desk's session after an online sign-in) are kept encrypted with the OS
// keychain through Electron's safeStorage; this module takes the encryptor as a port so Node tests can check it.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Encryptor {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export class TokenStore {
  constructor(
    private readonly file: string,
    private readonly encryptor: Encryptor,
  ) {}

  /** Refuses to write a token in clear text when the OS offers no encryption. */
  save(token: string): void {
    if (!this.encryptor.isEncryptionAvailable()) {
      throw new Error('the operating system offers no secure storage; the token is not saved');
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, this.encryptor.encryptString(token), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  load(): string | null {
    if (!existsSync(this.file) || !this.encryptor.isEncryptionAvailable()) return null;
    if (statSync(this.file).size === 0) return null; // cleared
    try {
      return this.encryptor.decryptString(readFileSync(this.file));
    } catch {
      return null;
    }
  }

  clear(): void {
    if (existsSync(this.file)) writeFileSync(this.file, Buffer.alloc(0));
  }
}

/**
 * The main process's side of the utility process's PortTokenVault (electron/desk/port-vault.ts): one request,
 * one answer with the same id. A save the OS cannot encrypt is refused (the desk then keeps syncing only for
 * as long as it runs, and says nothing is stored).
 */
export function answerVaultRequest(
  store: TokenStore,
  request: { readonly id: number; readonly op: 'load' | 'save' | 'clear'; readonly text?: string },
): { id: number; text: string | null; error?: string } {
  try {
    if (request.op === 'load') return { id: request.id, text: store.load() };
    if (request.op === 'save') {
      store.save(request.text ?? '');
      return { id: request.id, text: null };
    }
    store.clear();
    return { id: request.id, text: null };
  } catch (e) {
    return { id: request.id, text: null, error: e instanceof Error ? e.message : String(e) };
  }
}
