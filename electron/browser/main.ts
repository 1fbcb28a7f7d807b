// `npm run web`: the browser mode. Opens (or creates) the desk under a data directory, seeds the demo
// organisation on a new desk when no central server is configured, and serves the built renderer and the
// DeskApi on 127.0.0.1. Prints the one URL that lets a browser in. With a central server (--server or
// DESK_SERVER_URL) sign-in is online first and the sync agent runs in this process once someone signs in.
//
//   npm run web -- [--data-dir DIR] [--profile NAME] [--port N] [--no-demo] [--server URL] [--sync-interval S]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../db/sqlite/desk-core.js';
import { isEnrolled, seedDemoOrganisation } from '../desk/demo.js';
import { DeskService } from '../desk/service.js';
import { startBrowserHost } from './host.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.DESK_DATA_DIR ?? path.resolve('.data/web') },
    profile: { type: 'string', default: 'default' },
    port: { type: 'string', default: process.env.DESK_PORT ?? '0' },
    'static-dir': { type: 'string', default: path.resolve('dist/renderer') },
    'no-demo': { type: 'boolean', default: false },
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
let service: DeskService;
try {
  service = DeskService.open({
    dataDir: values['data-dir'],
    profile: values.profile,
    ...(serverUrl ? { serverUrl } : {}),
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
} else if (!isEnrolled(service.desk) && !values['no-demo']) {
  const started = Date.now();
  const demo = await seedDemoOrganisation(service.desk, {
    today: systemClock.today(),
    cases: Number(values['demo-cases']),
  });
  console.log(
    `desk: new desk seeded with the demo organisation (${demo.contacts} contacts, ${demo.complaints} complaints) in ${Date.now() - started} ms`,
  );
  if (demo.refusals.length) console.warn(`desk: demo walk refusals:\n  ${demo.refusals.join('\n  ')}`);
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
