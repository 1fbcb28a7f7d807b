// `npm run web`: the browser mode. Opens (or creates) the desk under a data directory, seeds the demo
// organisation on a new desk when no central server is configured, and serves the built renderer and the
// DeskApi on 127.0.0.1. Prints the one URL that lets a browser in. With a central server (--server or
// DESK_SERVER_URL) sign-in is online first and the sync agent runs in this process once someone signs in.
//
// With neither, a new desk gets the demo organisation AND its own central server (the real one, on the embedded
// database under the data directory, started as a child process each time; see desk/demo-server.ts), unless
// --no-demo-server keeps the demo desk on its own.
//
//   npm run web -- [--data-dir DIR] [--profile NAME] [--port N] [--no-demo] [--no-demo-server] [--server URL]
//                  [--sync-interval S] [--desk-name NAME]
// First: stack traces name the TypeScript sources (the map is read only when a stack is formatted).
import './stack-traces.js';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { systemClock } from '../../db/sqlite/desk-core.js';
import { openDeskDatabase } from '../../db/sqlite/index.js';
import { addCalendarDays } from '../../shared/domain/dates.js';
import { isEnrolled, seedDemoOrganisation } from '../desk/demo.js';
import { hasDemoServer, seedDemoServer, startDemoServer, type RunningServer } from '../desk/demo-server.js';
import { DeskService, deskDatabasePath } from '../desk/service.js';
import { startBrowserHost } from './host.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.DESK_DATA_DIR ?? path.resolve('.data/web') },
    profile: { type: 'string', default: 'default' },
    port: { type: 'string', default: process.env.DESK_PORT ?? '0' },
    'static-dir': { type: 'string', default: path.resolve('dist/renderer') },
    'no-demo': { type: 'boolean', default: false },
    'no-demo-server': { type: 'boolean', default: false },
    'demo-cases': { type: 'string', default: '320' },
    server: { type: 'string', default: process.env.DESK_SERVER_URL ?? '' },
    'sync-interval': { type: 'string', default: process.env.DESK_SYNC_INTERVAL ?? '30' },
    'desk-name': { type: 'string', default: process.env.DESK_NAME ?? '' },
  },
});

const serverUrl = values.server ? parseServerUrl(values.server) : undefined;
const syncIntervalS = Number(values['sync-interval']);
if (!Number.isFinite(syncIntervalS) || syncIntervalS < 1) {
  console.error(`desk: --sync-interval must be a number of seconds (1 or more), not '${values['sync-interval']}'`);
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..', '..');
const demoServerDir = path.join(values['data-dir'], 'demo-server', values.profile);
let demoServer: RunningServer | null = null;
if (!serverUrl && !values['no-demo']) {
  const file = deskDatabasePath(values['data-dir'], values.profile);
  mkdirSync(path.dirname(file), { recursive: true });
  const desk = openDeskDatabase(file);
  try {
    if (!isEnrolled(desk)) {
      const withServer = !values['no-demo-server'];
      const started = Date.now();
      const demo = await seedDemoOrganisation(desk, {
        // With a server, the walk ends yesterday: its steps are stamped from 08:00 UTC of its last day, and a
        // desk clock ahead of the server's would have the server refuse the desk's next changes.
        today: withServer ? addCalendarDays(systemClock.today(), -1) : systemClock.today(),
        cases: Number(values['demo-cases']),
      });
      console.log(
        `desk: new desk seeded with the demo organisation (${demo.contacts} contacts, ${demo.complaints} complaints) in ${Date.now() - started} ms`,
      );
      if (demo.refusals.length) console.warn(`desk: demo walk refusals:\n  ${demo.refusals.join('\n  ')}`);
      if (withServer) {
        const t = Date.now();
        const seeded = await seedDemoServer(desk, { root, dataDir: demoServerDir });
        console.log(
          `desk: demo server seeded in ${Date.now() - t} ms (${seeded.accepted} changes accepted, ${seeded.rejected} refused)`,
        );
      }
    }
    if (hasDemoServer(desk, demoServerDir)) {
      const t = Date.now();
      demoServer = await startDemoServer({ root, dataDir: demoServerDir });
      console.log(`desk: demo central server on ${demoServer.url} (started in ${Date.now() - t} ms)`);
    }
  } finally {
    desk.close();
  }
}

const centralUrl = serverUrl ?? demoServer?.url;
let service: DeskService;
try {
  service = DeskService.open({
    dataDir: values['data-dir'],
    profile: values.profile,
    ...(centralUrl ? { serverUrl: centralUrl } : {}),
    syncIntervalMs: syncIntervalS * 1000,
    ...(values['desk-name'] ? { deskName: values['desk-name'] } : {}),
  });
} catch (e) {
  console.error(`desk: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
if (serverUrl) {
  console.log(
    `desk: central server ${serverUrl}${isEnrolled(service.desk) ? '' : ' (not enrolled yet: an administrator signs in first)'}`,
  );
}

const host = await startBrowserHost({ desk: service, staticDir: values['static-dir'], port: Number(values.port) });
console.log(`desk: browser mode on ${host.origin} (data: ${service.desk.file})`);
console.log(`desk: open ${host.url}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await host.close();
  await service.closeAsync();
  await demoServer?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());

function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    console.error(`desk: --server must be a URL such as http://127.0.0.1:8787, not '${text}'`);
    process.exit(2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    console.error(`desk: --server must be an http(s) URL, not '${text}'`);
    process.exit(2);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}
process.on('SIGTERM', () => void stop());
