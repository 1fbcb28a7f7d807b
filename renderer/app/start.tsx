// The workspace's start: the store, what the launch exchange answered, and the first render. Loaded by main.tsx
// (see there for why it is a chunk of its own).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { deskApi } from '../api/desk-api.js';
import type { Launch } from '../api/transport.js';
import { App } from './App.js';
import { makeStore } from './store.js';
import { buildTheme } from './themes.js';

export function start({ launch, first }: Launch): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  // Marks that the launch secret (if any) has been exchanged: tests wait for it before using the desk.
  document.documentElement.dataset.deskLaunch = launch;
  const store = makeStore();
  // Before the first render: whether someone is signed in, and what the sign-in form says. The exchange's answer
  // carries both (the first render is then the form, not a spinner); otherwise they are asked for together.
  if (launch !== 'refused') {
    const entries = [];
    if (first?.session.ok)
      entries.push({ endpointName: 'session', arg: undefined, value: first.session.value } as const);
    else void store.dispatch(deskApi.util.prefetch('session', undefined, { force: true }));
    if (first?.deskInfo.ok)
      entries.push({ endpointName: 'deskInfo', arg: undefined, value: first.deskInfo.value } as const);
    else void store.dispatch(deskApi.util.prefetch('deskInfo', undefined, { force: true }));
    store.dispatch(deskApi.util.upsertQueryEntries(entries));
  }
  const render = () =>
    createRoot(root).render(
      <StrictMode>
        <Provider store={store}>
          <App launch={launch} />
        </Provider>
      </StrictMode>,
    );
  // The saved theme from the first frame: light is built already; another is fetched first (a local chunk).
  const theme = store.getState().ui.theme;
  if (theme === 'light') render();
  else void buildTheme(theme).then(render, render);
}
