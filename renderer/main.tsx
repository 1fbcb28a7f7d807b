// The page's entry, kept tiny: the launch-secret exchange (whose answer also says who is signed in and what the
// sign-in form shows) goes out as soon as this runs, while React, Fluent and the app (app/start.tsx, preloaded by
// index.html: see vite.config.ts) are still being fetched and evaluated, instead of after them.
import { exchangeLaunchSecret } from './api/transport.js';
import './app/global.css';

const launch = exchangeLaunchSecret();
void import('./app/start.js').then(async ({ start }) => start(await launch));
