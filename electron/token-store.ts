// Tokens from the central server (online sign-in, coming with it) are kept encrypted with the OS keychain
// through Electron's safeStorage; this module takes the encryptor as a port so Node tests can check it.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
