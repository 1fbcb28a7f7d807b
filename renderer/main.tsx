import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
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
  createRoot(root).render(
    <StrictMode>
      <Provider store={store}>
        <App launch={launch} />
      </Provider>
    </StrictMode>,
  );
});
