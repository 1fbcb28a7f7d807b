import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { deskApi } from './api/desk-api.js';
import { exchangeLaunchSecret } from './api/transport.js';
import { App } from './app/App.js';
import { makeStore } from './app/store.js';
import './app/global.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

void exchangeLaunchSecret().then((launch) => {
  // Marks that the launch secret (if any) has been exchanged: tests wait for it before using the desk.
  document.documentElement.dataset.deskLaunch = launch;
  const store = makeStore();
  // Asked for before the first render, together: whether someone is signed in, and what the sign-in form says.
  if (launch !== 'refused') {
    void store.dispatch(deskApi.util.prefetch('session', undefined, { force: true }));
    void store.dispatch(deskApi.util.prefetch('deskInfo', undefined, { force: true }));
  }
  createRoot(root).render(
    <StrictMode>
      <Provider store={store}>
        <App launch={launch} />
      </Provider>
    </StrictMode>,
  );
});
