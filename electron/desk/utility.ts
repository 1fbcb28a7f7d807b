// The desk core off the UI thread: Electron's main process forks this file as a utility process
// (utilityProcess.fork) and talks to it over its parent port. Each message is { id, method, input } and each
// answer { id, result }; the desk service validates every payload again. With a central server
// (DESK_SERVER_URL) the sync agent runs here too: its tokens are kept by the main process with safeStorage
// (PortTokenVault), and each change of sync status is posted as { syncStatus } (for the tray).
import { systemClock } from '../../db/sqlite/desk-core.js';
import { isEnrolled, seedDemoOrganisation } from './demo.js';
import { isVaultAnswer, PortTokenVault } from './port-vault.js';
import { DeskService } from './service.js';

interface Request {
  readonly id: number;
  readonly method: string;
  readonly input: unknown;
}

const dataDir = process.env.DESK_DATA_DIR;
if (!dataDir) throw new Error('DESK_DATA_DIR is not set');
const serverUrl = process.env.DESK_SERVER_URL || undefined;
const vault = new PortTokenVault((m) => process.parentPort.postMessage(m));
const service = DeskService.open({
  dataDir,
  profile: process.env.DESK_PROFILE ?? 'default',
  ...(serverUrl ? { serverUrl } : {}),
  tokenVault: vault,
  ...(process.env.DESK_SYNC_INTERVAL ? { syncIntervalMs: Number(process.env.DESK_SYNC_INTERVAL) * 1000 } : {}),
});
// With no central server configured, a new desk gets the demo organisation so a newcomer can try everything.
if (!isEnrolled(service.desk) && !service.serverUrl()) {
  await seedDemoOrganisation(service.desk, { today: systemClock.today() });
}
service.onSyncStatus((syncStatus) => process.parentPort.postMessage({ syncStatus }));

process.parentPort.on('message', (e: { data: unknown }) => {
  if (isVaultAnswer(e.data)) {
    vault.receive(e.data);
    return;
  }
  const { id, method, input } = e.data as Request;
  void service.call(method, input).then((result) => process.parentPort.postMessage({ id, result }));
});
process.parentPort.postMessage({ ready: true });
