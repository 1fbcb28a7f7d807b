// The Electron security checklist, asserted in Node on the pure modules main.ts wires in, plus the preload
// (with Electron's modules mocked: its binary cannot be downloaded here) and the shell's bundles.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createIpcDispatcher } from '../../electron/ipc.js';
import {
  CONTENT_SECURITY_POLICY,
  channelOf,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  isAllowedExternalUrl,
  isTrustedSender,
  secureWebPreferences,
} from '../../electron/security.js';
import { TokenStore, type Encryptor } from '../../electron/token-store.js';
import { DESK_API_METHODS } from '../../shared/contracts/desk-api.js';

const exposed: Record<string, unknown> = {};
const invoked: { channel: string; input: unknown }[] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: (channel: string, input: unknown) => {
      invoked.push({ channel, input });
      return Promise.resolve({ ok: true, value: null });
    },
  },
}));

describe('BrowserWindow webPreferences', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, no webview', () => {
    expect(secureWebPreferences('/x/preload.cjs')).toMatchObject({
      preload: '/x/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  it('allows scripts only from our own origin, never inline or eval', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });
  it('forbids objects, framing, base-uri and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });
});

describe('navigation, new windows and permissions', () => {
  it('denies every navigation and new window; only allow-listed https goes to the browser', () => {
    expect(decideNavigation('https://evil.example/')).toEqual({ action: 'deny', openExternally: false });
    expect(decideNavigation('app://desk/other')).toEqual({ action: 'deny', openExternally: false });
    expect(decideWindowOpen('https://www.housing-ombudsman.org.uk/residents/')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(decideWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
  });
  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(decidePermission(p, 'app://desk/')).toBe(false);
    }
  });
});

describe('external links', () => {
  it('opens only https links to allow-listed hosts, without credentials or odd ports', () => {
    expect(isAllowedExternalUrl('https://www.gov.uk/bank-holidays')).toBe(true);
    expect(isAllowedExternalUrl('http://www.gov.uk/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.gov.uk.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@www.gov.uk/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.gov.uk:8443/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});

describe('IPC sender checks', () => {
  const trusted = new Set([7]);
  const main = { url: 'app://desk/', isMainFrame: true, webContentsId: 7 };

  it('trusts only our window top frame on app://', () => {
    expect(isTrustedSender(main, trusted)).toBe(true);
    expect(isTrustedSender({ ...main, isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSender({ ...main, webContentsId: 8 }, trusted)).toBe(false);
    expect(isTrustedSender({ ...main, url: 'https://evil.example/' }, trusted)).toBe(false);
    expect(isTrustedSender({ ...main, url: 'app://other/' }, trusted)).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
  });

  it('refuses a call from a foreign frame without reaching the desk core, and validates payloads', async () => {
    const forward = vi.fn(() => Promise.resolve({ ok: true as const, value: 'reached' }));
    const d = createIpcDispatcher(trusted, forward);
    expect(await d.handle('myWork', { ...main, isMainFrame: false }, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await d.handle('myWork', { ...main, url: 'https://evil.example/' }, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await d.handle('caseDetail', main, { complaintId: 'not-an-id' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await d.handle('evalSomething', main, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(forward).not.toHaveBeenCalled();
    expect(await d.handle('myWork', main, { limit: 5 })).toEqual({ ok: true, value: 'reached' });
    expect(forward).toHaveBeenCalledWith('myWork', { limit: 5 });
  });

  it('has one named channel per DeskApi method', () => {
    const d = createIpcDispatcher(trusted, vi.fn());
    expect(d.channels.map((c) => c.method)).toEqual(DESK_API_METHODS);
    expect(new Set(d.channels.map((c) => c.channel)).size).toBe(DESK_API_METHODS.length);
  });
});

describe('preload', () => {
  it('exposes exactly the DeskApi methods by name, each on its own channel', async () => {
    await import('../../electron/preload.js');
    const api = exposed.deskApi as Record<string, (i: unknown) => Promise<unknown>>;
    expect(Object.keys(api).sort()).toEqual([...DESK_API_METHODS].sort());
    expect(api).not.toHaveProperty('invoke');
    await api.myWork?.({ limit: 3 });
    expect(invoked).toEqual([{ channel: channelOf('myWork'), input: { limit: 3 } }]);
  });
});

describe('token store', () => {
  const fake = (available: boolean): Encryptor => ({
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(s.split('').reverse().join('')),
    decryptString: (b) => b.toString().split('').reverse().join(''),
  });
  it('stores tokens only encrypted, and refuses when the OS offers no encryption', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tokens-'));
    try {
      const file = path.join(dir, 'tokens.bin');
      new TokenStore(file, fake(true)).save('secret-token');
      expect(readFileSync(file, 'utf8')).not.toContain('secret-token');
      expect(new TokenStore(file, fake(true)).load()).toBe('secret-token');
      expect(() => new TokenStore(path.join(dir, 'b.bin'), fake(false)).save('t')).toThrow(/no secure storage/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('shell bundles', () => {
  it('build: ESM main and desk core, one CommonJS preload that needs nothing but electron', async () => {
    const { buildShell } = await import('../../electron/build.js');
    const out = mkdtempSync(path.join(tmpdir(), 'shell-'));
    try {
      await buildShell(out);
      const preload = readFileSync(path.join(out, 'preload.cjs'), 'utf8');
      const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
      expect(new Set(requires)).toEqual(new Set(['electron']));
      expect(preload).toContain('method("myWork")');
      expect(preload).toContain('desk:');
      const main = readFileSync(path.join(out, 'main.js'), 'utf8');
      expect(main).toMatch(/from "electron"/);
      expect(main).toContain('requestSingleInstanceLock');
      readFileSync(path.join(out, 'migrations', '0001_core.sql'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
