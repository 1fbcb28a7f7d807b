// The tray icon with the desk's sync status (electron/shell-status.ts decides the text and the state). Thin
// wiring over Electron's Tray; the status text is tested in tests/main/shell.test.ts.
import path from 'node:path';
import { Menu, nativeImage, Tray } from 'electron';
import type { SyncStatus } from '../shared/contracts/desk-api.js';
import { trayStatus, type TrayState } from './shell-status.js';

export interface DeskTray {
  update(status: SyncStatus | null): void;
  destroy(): void;
}

export function createDeskTray(iconsDir: string, actions: { show(): void; syncNow(): void; quit(): void }): DeskTray {
  const icon = (state: TrayState) => nativeImage.createFromPath(path.join(iconsDir, `tray-${state}.png`));
  const tray = new Tray(icon('starting'));
  let last = '';
  const update = (status: SyncStatus | null) => {
    const s = trayStatus(status, new Date().toISOString());
    const fingerprint = `${s.state}|${s.label}`;
    if (fingerprint === last) return;
    last = fingerprint;
    tray.setImage(icon(s.state));
    tray.setToolTip(s.tooltip);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: s.label, enabled: false },
        { type: 'separator' },
        { label: 'Open Complaints Desk', click: actions.show },
        { label: 'Sync Now', click: actions.syncNow, enabled: status?.serverConfigured === true },
        { type: 'separator' },
        { label: 'Quit', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.show);
  update(null);
  return { update, destroy: () => tray.destroy() };
}
