// The application menu as data: the usual roles per platform and the workspace's own commands with their
// keyboard shortcuts. Pure (no Electron import), so it is tested in Node; electron/menu.ts builds the menu.
//
// The workspace's shortcuts are handled by the renderer itself (Alt+N, Alt+H, Alt+W, Alt+Q, Ctrl+K), in the
// browser mode too. The menu shows them without registering them (registerAccelerator: false), so a key press
// reaches the renderer once; choosing the item with the mouse sends the renderer the same key press.

export type MenuRole =
  | 'appMenu'
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'editMenu'
  | 'windowMenu';

/** A key press the renderer knows as a shortcut, in Electron's sendInputEvent terms. */
export interface ShortcutKey {
  readonly keyCode: string;
  readonly modifiers: readonly ('alt' | 'control' | 'meta' | 'shift')[];
}

export type MenuSpec =
  | { readonly type: 'separator' }
  | { readonly role: MenuRole; readonly label?: string }
  | {
      readonly label: string;
      readonly accelerator: string;
      readonly registerAccelerator: false;
      /** Sent to the window when the item is chosen. */
      readonly sends: ShortcutKey;
    }
  | { readonly label: string; readonly command: 'sync-now' | 'check-deadlines' }
  | { readonly label: string; readonly submenu: readonly MenuSpec[] };

const sep = { type: 'separator' } as const;

/** The workspace's commands: the renderer's own shortcuts (renderer/README.md). */
export const WORKSPACE_SHORTCUTS = [
  { label: 'Log a Contact', accelerator: 'Alt+N', sends: { keyCode: 'n', modifiers: ['alt'] } },
  { label: 'Home', accelerator: 'Alt+H', sends: { keyCode: 'h', modifiers: ['alt'] } },
  { label: 'My Work', accelerator: 'Alt+W', sends: { keyCode: 'w', modifiers: ['alt'] } },
  { label: 'Queues', accelerator: 'Alt+Q', sends: { keyCode: 'q', modifiers: ['alt'] } },
  { label: 'Search', accelerator: 'CmdOrCtrl+K', sends: { keyCode: 'k', modifiers: ['control'] } },
] as const satisfies readonly { label: string; accelerator: string; sends: ShortcutKey }[];

export function menuTemplate(platform: NodeJS.Platform, opts: { devTools: boolean }): MenuSpec[] {
  const mac = platform === 'darwin';
  const go: MenuSpec[] = WORKSPACE_SHORTCUTS.map((s) => ({
    label: s.label,
    accelerator: s.accelerator,
    registerAccelerator: false as const,
    // On macOS Ctrl+K is Cmd+K for the user; the renderer listens for either.
    sends: mac && s.accelerator.startsWith('CmdOrCtrl') ? { keyCode: s.sends.keyCode, modifiers: ['meta'] } : s.sends,
  }));
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    {
      label: mac ? 'File' : '&File',
      submenu: [
        go[0] ?? sep,
        sep,
        { label: 'Sync Now', command: 'sync-now' },
        { label: 'Check Deadlines Due Today', command: 'check-deadlines' },
        sep,
        mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
      ],
    },
    // Electron's own Edit menu (undo, cut, copy, paste, select all with the platform's shortcuts).
    { role: 'editMenu' },
    { label: mac ? 'Go' : '&Go', submenu: go.slice(1) },
    {
      label: mac ? 'View' : '&View',
      submenu: [
        { role: 'reload' },
        ...(opts.devTools ? [{ role: 'toggleDevTools' } as const] : []),
        sep,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        sep,
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
