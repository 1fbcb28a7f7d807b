// The utility process's TokenVault: Electron's safeStorage exists only in the main process, so the desk core
// asks the main process over its parent port, which keeps the tokens encrypted with the OS keychain
// (electron/token-store.ts, answerVaultRequest). Requests and answers are matched by id.
import { parseStoredTokens, type StoredTokens, type TokenVault } from './token-vault.js';

export interface VaultRequest {
  readonly vault: { readonly id: number; readonly op: 'load' | 'save' | 'clear'; readonly text?: string };
}
export interface VaultAnswer {
  readonly vaultAnswer: { readonly id: number; readonly text: string | null; readonly error?: string };
}

export function isVaultRequest(m: unknown): m is VaultRequest {
  return typeof m === 'object' && m !== null && 'vault' in m;
}
export function isVaultAnswer(m: unknown): m is VaultAnswer {
  return typeof m === 'object' && m !== null && 'vaultAnswer' in m;
}

export class PortTokenVault implements TokenVault {
  private next = 1;
  private readonly waiting = new Map<number, (a: VaultAnswer['vaultAnswer']) => void>();

  constructor(private readonly post: (m: VaultRequest) => void) {}

  /** Hands an answer from the main process to the request waiting for it. */
  receive(m: VaultAnswer): void {
    const resolve = this.waiting.get(m.vaultAnswer.id);
    this.waiting.delete(m.vaultAnswer.id);
    resolve?.(m.vaultAnswer);
  }

  private ask(op: 'load' | 'save' | 'clear', text?: string): Promise<string | null> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (a) => (a.error ? reject(new Error(a.error)) : resolve(a.text)));
      this.post({ vault: { id, op, ...(text === undefined ? {} : { text }) } });
    });
  }

  async load(): Promise<StoredTokens | null> {
    return parseStoredTokens(await this.ask('load'));
  }
  async save(tokens: StoredTokens): Promise<void> {
    await this.ask('save', JSON.stringify(tokens));
  }
  async clear(): Promise<void> {
    await this.ask('clear');
  }
}
