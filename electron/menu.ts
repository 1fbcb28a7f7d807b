// The application menu: electron/menu-template.ts turned into Electron's Menu. Thin wiring, not run in tests
// (Electron's binary cannot be downloaded here); the template is tested in tests/main/shell.test.ts.
import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuSpec } from './menu-template.js';

export interface MenuCommands {
  syncNow(): void;
  checkDeadlines(): void;
}

function toElectron(spec: MenuSpec, commands: MenuCommands): MenuItemConstructorOptions {
  if ('type' in spec) return { type: 'separator' };
  if ('sends' in spec) {
    return {
      label: spec.label,
      accelerator: spec.accelerator,
      registerAccelerator: false,
      click: (_item, win) => {
        const target = win instanceof BrowserWindow ? win : BrowserWindow.getFocusedWindow();
        if (!target) return;
        const modifiers = [...spec.sends.modifiers];
        target.webContents.sendInputEvent({ type: 'keyDown', keyCode: spec.sends.keyCode, modifiers });
        target.webContents.sendInputEvent({ type: 'keyUp', keyCode: spec.sends.keyCode, modifiers });
      },
    };
  }
  if ('command' in spec) {
    return {
      label: spec.label,
      click: () => (spec.command === 'sync-now' ? commands.syncNow() : commands.checkDeadlines()),
    };
  }
  if ('submenu' in spec) return { label: spec.label, submenu: spec.submenu.map((s) => toElectron(s, commands)) };
  return spec.label ? { role: spec.role, label: spec.label } : { role: spec.role };
}

export function installMenu(commands: MenuCommands, devTools: boolean): void {
  const template = menuTemplate(process.platform, { devTools }).map((s) => toElectron(s, commands));
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
