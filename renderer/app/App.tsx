import { FluentProvider, Spinner, webLightTheme, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, useEffect, useState } from 'react';
import { useSessionQuery } from '../api/desk-api.js';
import { SignIn } from '../features/auth/SignIn.js';
import { NotLetIn } from '../features/auth/NotLetIn.js';
import { useAppSelector } from './hooks.js';
import { loadShell, Shell } from './shell-chunk.js';
import { buildTheme, themeIfBuilt } from './themes.js';
import type { ThemeName } from './ui-slice.js';

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

/**
 * The theme on screen: the one chosen once it is built (start() builds the saved one before the first render),
 * the one before it meanwhile, so data-theme always names the theme actually applied.
 */
function useAppliedTheme(wanted: ThemeName): ThemeName {
  const [applied, setApplied] = useState(wanted);
  useEffect(() => {
    let live = true;
    void buildTheme(wanted).then(() => live && setApplied(wanted));
    return () => {
      live = false;
    };
  }, [wanted]);
  return themeIfBuilt(wanted) ? wanted : applied;
}

export function App({ launch }: { launch: 'none' | 'ok' | 'refused' }) {
  const theme = useAppliedTheme(useAppSelector((s) => s.ui.theme));
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
    <FluentProvider theme={themeIfBuilt(theme) ?? webLightTheme}>
      {/* Layout on an inner element: Fluent copies the provider's classes onto its portal nodes. */}
      <div className={styles.root} data-theme={theme}>
        {body}
      </div>
    </FluentProvider>
  );
}
