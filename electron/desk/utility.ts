// The desk core off the UI thread: Electron's main process forks this file as a utility process
// (utilityProcess.fork) and talks to it over its parent port. Each message is { id, method, input } and each
// answer { id, result }; the desk service validates every payload again. With a central server
// (DESK_SERVER_URL) the sync agent runs here too: its tokens are kept by the main process with safeStorage
// (PortTokenVault), and each change of sync status is posted as { syncStatus } (for the tray).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../db/sqlite/desk-core.js';
import { openDeskDatabase } from '../../db/sqlite/index.js';
import { addCalendarDays } from '../../shared/domain/dates.js';
import { isEnrolled, seedDemoOrganisation } from './demo.js';
import { isVaultAnswer, PortTokenVault } from './port-vault.js';
import { hasDemoServer, seedDemoServer, startDemoServer, type RunningServer } from './demo-server.js';
import { DeskService, deskDatabasePath } from './service.js';

interface Request {
  readonly id: number;
  readonly method: string;
  readonly input: unknown;
}

const dataDir = process.env.DESK_DATA_DIR;
if (!dataDir) throw new Error('DESK_DATA_DIR is not set');
const profile = process.env.DESK_PROFILE ?? 'default';
let serverUrl = process.env.DESK_SERVER_URL || undefined;

// With no central server configured, a new desk gets the demo organisation and its own central server (as in
// the browser mode, electron/browser/main.ts), run by Electron's binary as Node from the project's sources, so
// only when started from a checkout (`npm start`); DESK_DEMO_SERVER=0 keeps the demo desk on its own.
let demoServer: RunningServer | null = null;
if (!serverUrl) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const demo = {
    root,
    dataDir: path.join(dataDir, 'demo-server', profile),
    node: { execPath: process.execPath, env: { ELECTRON_RUN_AS_NODE: '1' } },
  };
  const withServer = process.env.DESK_DEMO_SERVER !== '0' && existsSync(path.join(root, 'server', 'main.ts'));
  const file = deskDatabasePath(dataDir, profile);
  mkdirSync(path.dirname(file), { recursive: true });
  const desk = openDeskDatabase(file);
  try {
    if (!isEnrolled(desk)) {
      await seedDemoOrganisation(desk, {
        // See browser/main.ts: with a server, the walk ends yesterday so no step is ahead of the server's clock.
        today: withServer ? addCalendarDays(systemClock.today(), -1) : systemClock.today(),
      });
      if (withServer) await seedDemoServer(desk, demo);
    }
    if (withServer && hasDemoServer(desk, demo.dataDir)) {
      demoServer = await startDemoServer(demo);
      serverUrl = demoServer.url;
    }
  } finally {
    desk.close();
  }
}
process.on('exit', () => void demoServer?.stop());

const vault = new PortTokenVault((m) => process.parentPort.postMessage(m));
let service: DeskService | null = null;
let failure = '';
try {
  service = DeskService.open({
    dataDir,
    profile,
    ...(serverUrl ? { serverUrl } : {}),
    tokenVault: vault,
    ...(process.env.DESK_SYNC_INTERVAL ? { syncIntervalMs: Number(process.env.DESK_SYNC_INTERVAL) * 1000 } : {}),
  });
  service.onSyncStatus((syncStatus) => process.parentPort.postMessage({ syncStatus }));
} catch (e) {
  // The store could not be opened (locked by another desk, unreadable, a migration refused): the core stays up
  // to answer every call with the reason, and tells the main process (electron/core-calls.ts).
  failure = e instanceof Error ? e.message : String(e);
  process.parentPort.postMessage({ failed: failure });
}

process.parentPort.on('message', (e: { data: unknown }) => {
  if (isVaultAnswer(e.data)) {
    vault.receive(e.data);
    return;
  }
  const { id, method, input } = e.data as Request;
  if (!service) {
    process.parentPort.postMessage({
      id,
      result: { ok: false, error: { code: 'internal', message: `the desk could not be opened: ${failure}` } },
    });
    return;
  }
  void service.call(method, input).then((result) => process.parentPort.postMessage({ id, result }));
});
process.parentPort.postMessage({ ready: true });
