// The desk core off the UI thread: Electron's main process forks this file as a utility process
// (utilityProcess.fork) and talks to it over its parent port. Each message is { id, method, input } and each
// answer { id, result }; the desk service validates every payload again.
import { systemClock } from '../../db/sqlite/desk-core.js';
import { isEnrolled, seedDemoOrganisation } from './demo.js';
import { DeskService } from './service.js';

interface Request {
  readonly id: number;
  readonly method: string;
  readonly input: unknown;
}

const dataDir = process.env.DESK_DATA_DIR;
if (!dataDir) throw new Error('DESK_DATA_DIR is not set');
const service = DeskService.open({ dataDir, profile: process.env.DESK_PROFILE ?? 'default' });
// With no central server configured, a new desk gets the demo organisation so a newcomer can try everything.
if (!isEnrolled(service.desk) && !process.env.DESK_SERVER_URL) {
  await seedDemoOrganisation(service.desk, { today: systemClock.today() });
}

process.parentPort.on('message', (e: { data: Request }) => {
  const { id, method, input } = e.data;
  void service.call(method, input).then((result) => process.parentPort.postMessage({ id, result }));
});
process.parentPort.postMessage({ ready: true });
