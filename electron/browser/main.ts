// `npm run web`: the browser mode. Opens (or creates) the desk under a data directory, seeds the demo
// organisation on a new desk when no central server is configured, and serves the built renderer and the
// DeskApi on 127.0.0.1. Prints the one URL that lets a browser in.
//
//   npm run web -- [--data-dir DIR] [--profile NAME] [--port N] [--no-demo]
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
  },
});

const service = DeskService.open({ dataDir: values['data-dir'], profile: values.profile });
if (!isEnrolled(service.desk) && !values['no-demo']) {
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
  service.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
