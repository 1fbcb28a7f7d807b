// The Electron main process: one window, the security checklist applied (see security.ts, unit-tested in
// Node), the renderer served from app:// with a strict CSP, and the desk core in a utility process reached
// only through one IPC handler per DeskApi method, each checking its sender frame and payload.
// Electron's binary cannot be downloaded on our build machines: everything here is thin wiring over modules
// that are tested in Node (security.ts, ipc.ts, token-store.ts, desk/service.ts).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import type { DeskApiMethod, DeskApiResult, SyncStatus } from '../shared/contracts/desk-api.js';
import { createCoreCalls, type CoreMessage } from './core-calls.js';
import { isVaultRequest } from './desk/port-vault.js';
import { createIpcDispatcher } from './ipc.js';
import { installMenu } from './menu.js';
import { startDeadlineNotifications } from './notifications.js';
import { handleSavePdf, SAVE_PDF_CHANNEL } from './print.js';
import {
  APP_HOST,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  decideNavigation,
  decidePermission,
  decideWindowOpen,
  secureWebPreferences,
} from './security.js';
import { answerVaultRequest, TokenStore } from './token-store.js';
import { createDeskTray, type DeskTray } from './tray.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '..', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** Where the server's tokens go: encrypted by the OS keychain (safeStorage), for the desk core to ask for. */
export function tokenStore(): TokenStore {
  return new TokenStore(path.join(app.getPath('userData'), 'tokens.bin'), safeStorage);
}

/** The central server: `--server=URL` on the command line, else DESK_SERVER_URL; none: a local-only desk. */
export function serverUrlOf(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const flag = argv.find((a) => a.startsWith('--server='));
  return flag ? flag.slice('--server='.length) : env.DESK_SERVER_URL || undefined;
}

let latestSyncStatus: SyncStatus | null = null;
let tray: DeskTray | null = null;
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
/** The desk core's latest sync status (null until its first sync attempt): for the tray and the window title. */
export function deskSyncStatus(): SyncStatus | null {
  return latestSyncStatus;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  const trusted = new Set<number>();

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event, url) => {
      const d = decideNavigation(url);
      event.preventDefault();
      if (d.openExternally) void shell.openExternal(url);
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (decideWindowOpen(url).openExternally) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  function startDesk(): {
    core: UtilityProcess;
    call: (m: DeskApiMethod, i: unknown) => Promise<DeskApiResult<unknown>>;
  } {
    const core = utilityProcess.fork(path.join(here, 'desk-utility.js'), [], {
      serviceName: 'Complaints Desk core',
      env: {
        ...process.env,
        DESK_DATA_DIR: path.join(app.getPath('userData'), 'data'),
        DESK_SERVER_URL: serverUrlOf(process.argv, process.env) ?? '',
      },
    });
    const calls = createCoreCalls((m) => core.postMessage(m));
    const tokens = tokenStore();
    core.on('message', (m: CoreMessage & { syncStatus?: SyncStatus }) => {
      if (isVaultRequest(m)) {
        core.postMessage({ vaultAnswer: answerVaultRequest(tokens, m.vault) });
        return;
      }
      if (m.syncStatus) {
        latestSyncStatus = m.syncStatus;
        tray?.update(m.syncStatus);
      }
      calls.receive(m);
    });
    core.on('exit', (code) => calls.exited(code));
    return { core, call: (method, input) => calls.call(method, input) };
  }

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_wc, permission, callback, details) =>
      callback(decidePermission(permission, details.requestingUrl)),
    );
    ses.setPermissionCheckHandler((_wc, permission, origin) => decidePermission(permission, origin));

    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
      const rel = path.posix.normalize(decodeURIComponent(url.pathname));
      let file = path.resolve(rendererDir, '.' + rel);
      if (!file.startsWith(rendererDir + path.sep)) return new Response('not found', { status: 404 });
      if (!path.extname(file)) file = path.join(rendererDir, 'index.html');
      try {
        const body = await readFile(file);
        const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
        return new Response(body, {
          headers: { 'content-type': type, 'content-security-policy': CONTENT_SECURITY_POLICY },
        });
      } catch {
        return new Response('not found', { status: 404 });
      }
    });

    const desk = startDesk();
    const dispatcher = createIpcDispatcher(trusted, desk.call);
    for (const { method, channel } of dispatcher.channels) {
      ipcMain.handle(channel, (event, input: unknown) =>
        dispatcher.handle(
          method,
          event.senderFrame
            ? {
                url: event.senderFrame.url,
                isMainFrame: event.senderFrame === event.sender.mainFrame,
                webContentsId: event.sender.id,
              }
            : null,
          input,
        ),
      );
    }

    // Save as PDF: the sender's own page (a print view) through Chromium's printToPDF, then a save dialog.
    ipcMain.handle(SAVE_PDF_CHANNEL, (event, input: unknown) =>
      handleSavePdf(
        event.senderFrame
          ? {
              url: event.senderFrame.url,
              isMainFrame: event.senderFrame === event.sender.mainFrame,
              webContentsId: event.sender.id,
            }
          : null,
        trusted,
        input,
        {
          printToPdf: (options) => event.sender.printToPDF(options),
          printHtmlToPdf: async (html, options) => {
            // A window of its own for the letter: never shown, no preload, JavaScript off, sandboxed.
            const paper = new BrowserWindow({
              show: false,
              webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
            });
            try {
              await paper.loadURL(
                `data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`,
              );
              return await paper.webContents.printToPDF(options);
            } finally {
              paper.destroy();
            }
          },
          chooseFile: async (name) => {
            const owner = BrowserWindow.fromWebContents(event.sender);
            const options = {
              defaultPath: path.join(app.getPath('documents'), name),
              filters: [{ name: 'PDF', extensions: ['pdf'] }],
            };
            const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
            return r.canceled || !r.filePath ? null : r.filePath;
          },
          writeFile: (file, data) => writeFile(file, data),
        },
      ),
    );

    win = new BrowserWindow({
      width: 1440,
      height: 900,
      title: 'Complaints Desk',
      show: false,
      webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
    });
    trusted.add(win.webContents.id);
    win.once('ready-to-show', () => win?.show());
    // The shell's own furniture: menu with the workspace's shortcuts, tray with the sync status, and
    // notifications for today's deadlines (each a thin layer over a module tested in tests/main).
    const show = () => {
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    };
    const syncNow = () => void desk.call('syncNow', {});
    const notifier = startDeadlineNotifications(
      desk.call,
      () => LONDON_DAY.format(new Date()),
      (id) => {
        show();
        void win?.loadURL(`${APP_ORIGIN}/#/case/${id}`);
      },
    );
    installMenu({ syncNow, checkDeadlines: () => void notifier.checkNow() }, !app.isPackaged);
    tray = createDeskTray(path.join(here, 'icons'), { show, syncNow, quit: () => app.quit() });
    tray.update(latestSyncStatus);
    // After sign-in there is someone to notify: a first check a minute in, then on the notifier's interval.
    setTimeout(() => void notifier.checkNow(), 60_000).unref();
    void win.loadURL(`${APP_ORIGIN}/`);
    win.on('closed', () => {
      win = null;
      tray?.destroy();
      tray = null;
      desk.core.kill();
    });
  });

  app.on('window-all-closed', () => app.quit());
}
