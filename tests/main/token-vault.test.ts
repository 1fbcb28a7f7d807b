// Where the desk keeps its server session: the browser mode's 0600 file, and Electron's path from the utility
// process to the main process's safeStorage-backed TokenStore (with a stand-in encryptor, as safeStorage
// exists only inside Electron).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortTokenVault, isVaultAnswer, isVaultRequest, type VaultRequest } from '../../electron/desk/port-vault.js';
import { FileTokenVault, type StoredTokens } from '../../electron/desk/token-vault.js';
import { TokenStore, answerVaultRequest, type Encryptor } from '../../electron/token-store.js';
import { tempDir } from '../db/fixtures.js';

const TOKENS: StoredTokens = {
  userId: '0190a0b0-0000-7000-8000-000000000001',
  accessToken: 'access.token.value',
  accessTokenExpiresAt: '2026-03-02T09:15:00.000Z',
  refreshToken: 'refresh-token-of-forty-three-characters-xx',
  refreshTokenExpiresAt: '2026-05-01T09:00:00.000Z',
};

/** Reversible and visibly not plain text, standing in for the OS keychain. */
const xor: Encryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (enc) => Buffer.from(enc.map((b) => b ^ 0x5a)).toString('utf8'),
};

let tmp: { dir: string; cleanup: () => void };
beforeEach(() => {
  tmp = tempDir('vault-');
});
afterEach(() => tmp.cleanup());

describe('FileTokenVault (browser mode)', () => {
  it('keeps the tokens in a file only this account can read, and forgets them on clear', async () => {
    const file = path.join(tmp.dir, 'desk', 'server-tokens.json');
    const vault = new FileTokenVault(file);
    expect(await vault.load()).toBeNull();
    await vault.save(TOKENS);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await new FileTokenVault(file).load()).toEqual(TOKENS);
    await vault.clear();
    expect(await vault.load()).toBeNull();
  });

  it('reads a damaged file as no session rather than failing', async () => {
    const file = path.join(tmp.dir, 'server-tokens.json');
    writeFileSync(file, '{"userId": 42');
    expect(await new FileTokenVault(file).load()).toBeNull();
    writeFileSync(file, JSON.stringify({ ...TOKENS, refreshToken: undefined }));
    expect(await new FileTokenVault(file).load()).toBeNull();
  });
});

describe('PortTokenVault (Electron utility process → main process safeStorage)', () => {
  function wire(encryptor: Encryptor): { vault: PortTokenVault; file: string } {
    const file = path.join(tmp.dir, 'tokens.bin');
    const store = new TokenStore(file, encryptor);
    // The parent port, both ways, as plain message passing.
    const vault: PortTokenVault = new PortTokenVault((m: VaultRequest) => {
      expect(isVaultRequest(m)).toBe(true);
      const answer = { vaultAnswer: answerVaultRequest(store, m.vault) };
      expect(isVaultAnswer(answer)).toBe(true);
      queueMicrotask(() => vault.receive(answer));
    });
    return { vault, file };
  }

  it('stores the tokens encrypted in the main process and reads them back', async () => {
    const { vault, file } = wire(xor);
    await vault.save(TOKENS);
    expect(readFileSync(file).toString('utf8')).not.toContain(TOKENS.refreshToken);
    expect(await vault.load()).toEqual(TOKENS);
    await vault.clear();
    expect(await vault.load()).toBeNull();
  });

  it('refuses to store tokens in clear text when the OS offers no encryption', async () => {
    const { vault } = wire({ ...xor, isEncryptionAvailable: () => false });
    await expect(vault.save(TOKENS)).rejects.toThrow(/no secure storage/);
    expect(await vault.load()).toBeNull();
  });
});
