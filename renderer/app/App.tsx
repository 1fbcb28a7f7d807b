import {
  FluentProvider,
  Spinner,
  teamsHighContrastTheme,
  webDarkTheme,
  webLightTheme,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Suspense, useEffect } from 'react';
import { useSessionQuery } from '../api/desk-api.js';
import { SignIn } from '../features/auth/SignIn.js';
import { NotLetIn } from '../features/auth/NotLetIn.js';
import { useAppSelector } from './hooks.js';
import { loadShell, Shell } from './shell-chunk.js';

const THEMES = { light: webLightTheme, dark: webDarkTheme, 'high-contrast': teamsHighContrastTheme } as const;

const useStyles = makeStyles({
  root: {
    height: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
  },
  center: { margin: 'auto' },
});

export function App({ launch }: { launch: 'none' | 'ok' | 'refused' }) {
  const theme = useAppSelector((s) => s.ui.theme);
  const styles = useStyles();
  const session = useSessionQuery(undefined);
  const signInShown = !session.isLoading && !session.data && launch !== 'refused';
  useEffect(() => {
    // Once the sign-in form is on screen and the page is idle (or at the latest when Sign in is pressed:
    // SignIn calls it too), so fetching the workspace never competes with drawing the form.
    if (!signInShown) return;
    const id = window.requestIdleCallback(() => void loadShell(), { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }, [signInShown]);
  let body;
  if (launch === 'refused' || session.error?.code === 'unauthenticated') body = <NotLetIn />;
  else if (session.isLoading) body = <Spinner className={styles.center} label="Opening the desk…" />;
  else if (!session.data) body = <SignIn />;
  else {
    body = (
      <Suspense fallback={<Spinner className={styles.center} label="Opening the desk…" />}>
        <Shell session={session.data} />
      </Suspense>
    );
  }
  return (
    <FluentProvider theme={THEMES[theme]}>
      {/* Layout on an inner element: Fluent copies the provider's classes onto its portal nodes. */}
      <div className={styles.root} data-theme={theme}>
        {body}
      </div>
    </FluentProvider>
  );
}
