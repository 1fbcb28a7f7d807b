// The Electron security checklist as small pure functions and constants, so Node tests can assert them
// without Electron (whose binary cannot be downloaded on our build machines). main.ts wires them in.

/** The custom protocol the renderer is served from (never file://, never http://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Scripts only from our own origin (no inline script, no eval). Styles allow 'unsafe-inline' because Fluent UI's
 * CSS-in-JS (Griffel) inserts its rules at run time; no script can be injected through a style.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');

/** The BrowserWindow's webPreferences (typed loosely so this module needs no Electron typings). */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
    safeDialogs: true,
  } as const;
}

/** Hosts whose https pages may be opened in the user's browser (help pages, the Ombudsman). */
export const EXTERNAL_ALLOW_LIST: readonly string[] = [
  'www.housing-ombudsman.org.uk',
  'www.gov.uk',
  'www.legislation.gov.uk',
];

export function isAllowedExternalUrl(raw: string, allow: readonly string[] = EXTERNAL_ALLOW_LIST): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    allow.includes(url.hostname.toLowerCase())
  );
}

/** Is this URL part of the app itself (our custom protocol, our host)? */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * will-navigate: the app is one page and never navigates away. Returns what to do: 'deny' always, plus
 * whether to hand the URL to the user's browser (allow-listed https only).
 */
export function decideNavigation(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) };
}

/** setWindowOpenHandler: no new windows, ever; allow-listed links go to the user's browser. */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isAllowedExternalUrl(url) };
}

/** Permission requests (camera, notifications from web content, geolocation, …) are all denied. */
export function decidePermission(_permission: string, _requestingUrl: string): boolean {
  return false;
}

/** The parts of an IPC event's sender frame that decide whether it may call the desk. */
export interface SenderFrame {
  readonly url: string;
  /** True when the frame is the window's top frame (not an iframe). */
  readonly isMainFrame: boolean;
  /** The id of the webContents that sent it. */
  readonly webContentsId: number;
}

/** Only our own window's top frame, showing our own app:// page, may call the desk. */
export function isTrustedSender(
  frame: SenderFrame | null | undefined,
  trustedWebContentsIds: ReadonlySet<number>,
): boolean {
  if (!frame) return false;
  return frame.isMainFrame && trustedWebContentsIds.has(frame.webContentsId) && isAppUrl(frame.url);
}

/** The IPC channel of each DeskApi method: named constants, one per method (never a generic invoke). */
export function channelOf(method: string): string {
  return `desk:${method}`;
}
