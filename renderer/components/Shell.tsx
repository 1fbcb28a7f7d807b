import {
  Avatar,
  Button,
  makeStyles,
  Menu,
  MenuDivider,
  MenuGroupHeader,
  MenuItem,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  Board20Regular,
  CheckmarkCircle20Regular,
  DataBarVertical20Regular,
  Home20Regular,
  Mail20Regular,
  PeopleQueue20Regular,
  Settings20Regular,
  TaskListLtr20Regular,
  type FluentIcon,
} from '@fluentui/react-icons';
import type { Role, Session } from '../../shared/contracts/desk-api.js';
import { deskApi, useSignOutMutation } from '../api/desk-api.js';
import { useAppDispatch, useAppSelector } from '../app/hooks.js';
import { memo, Suspense, useEffect, useMemo, useState } from 'react';
import { preloadable } from '../app/preloadable.js';
import { hrefOf, navigate, parseRoute, useRouteHash, type Route } from '../app/route.js';
import { setTheme, type ThemeName } from '../app/ui-slice.js';
import { CaseDetailView } from '../features/case/case-view.js';
import { Home } from '../features/home/Home.js';
import { MyWork } from '../features/home/MyWork.js';
import { SearchBox } from '../features/search/SearchBox.js';
import { SyncStatus } from '../features/sync/SyncStatus.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { NotForYou, NotYet } from './NotYet.js';
import { ContactDetailView, RecordsView } from '../features/contact/contact-view.js';

// Views in their own chunks, fetched the first time they are shown (or when usePreloadedViews asks), so the
// sign-in page and My work load only what they use. Home and My work, where every agent lands, stay in the Shell's
// chunk.
const CaseDetail = CaseDetailView;
const LogContact = preloadable(() => import('../features/contact/LogContact.js').then((m) => m.LogContact));
const LetterEditor = preloadable(() => import('../features/letters/LetterEditor.js').then((m) => m.LetterEditor));
const Letters = preloadable(() => import('../features/letters/Letters.js').then((m) => m.Letters));
const PrintLetter = preloadable(() => import('../features/letters/PrintLetter.js').then((m) => m.PrintLetter));
const Calibration = preloadable(() => import('../features/calibration/Calibration.js').then((m) => m.Calibration));
const PrintCalibration = preloadable(() =>
  import('../features/calibration/PrintCalibration.js').then((m) => m.PrintCalibration),
);
const Templates = preloadable(() => import('../features/admin/Templates.js').then((m) => m.Templates));
const Queue = preloadable(() => import('../features/queue/Queue.js').then((m) => m.Queue));
// Business-area owners' and managers' view: with Fluent's table and the remedy dialogs it would weigh on every
// agent's workspace chunk.
const ActionsDashboard = preloadable(() =>
  import('../features/remedies/ActionsDashboard.js').then((m) => m.ActionsDashboard),
);

/** The views an agent opens next from My work, fetched once the workspace is idle so opening a case waits for none. */
function usePreloadedViews(): void {
  useEffect(() => {
    const preload = () => {
      void CaseDetail.preload();
      void LogContact.preload();
    };
    // When the page is idle, so the fetch never competes with the first paint of Home or My work.
    const id = window.requestIdleCallback(preload, { timeout: 3000 });
    return () => window.cancelIdleCallback(id);
  }, []);
}

/**
 * The route to draw. A case opened before its view's chunk has arrived (the idle-time preload had not run yet, as
 * when a case is clicked the moment My work is drawn after launch) keeps the view being left on screen until the
 * chunk is here, instead of suspending: React holds a suspended view's fallback for at least 300 ms (measured: the
 * first case opened after launch took 340–360 ms instead of about 50). The case's data is already on its way
 * (usePrefetchOnRoute). A chunk that cannot be fetched falls back to the suspending path and its error boundary.
 */
function useDrawableRoute(): Route {
  const hash = useRouteHash();
  const route = parseRoute(hash);
  const waiting = route.view === 'case' && !CaseDetail.isLoaded();
  const [shown, setShown] = useState(hash);
  if (!waiting && shown !== hash) setShown(hash);
  useEffect(() => {
    if (!waiting) return;
    let live = true;
    const done = () => {
      if (live) setShown(hash);
    };
    void CaseDetail.preload().then(done, done);
    return () => {
      live = false;
    };
  }, [waiting, hash]);
  return waiting && shown !== hash ? parseRoute(shown) : route;
}

/**
 * A case's data is asked for the moment its route is entered (a row clicked, a search result opened, Back), before
 * React draws the change: the desk works on the answer while the page swaps views, instead of from the case view's
 * effects once the swap is done. The Navigation API's navigate event fires as a navigation starts, before the
 * address changes (so before any render can see the new route); where it is missing, hashchange in the capture
 * phase, which runs before the route's own listener (useRouteHash). Prefetch asks only for what is not cached, and the
 * case view's queries then share these requests.
 */
function usePrefetchOnRoute(): void {
  const dispatch = useAppDispatch();
  useEffect(() => {
    const prefetch = (hash: string) => {
      const route = parseRoute(hash);
      if (route.view !== 'case') return;
      void dispatch(deskApi.util.prefetch('caseDetail', route.id, {}));
      void dispatch(deskApi.util.prefetch('availableCommands', route.id, {}));
    };
    const navigation = (window as { navigation?: EventTarget }).navigation;
    if (navigation) {
      const onNavigate = (e: Event) => {
        const url = (e as Event & { destination?: { url?: string } }).destination?.url;
        if (url) prefetch(new URL(url).hash);
      };
      navigation.addEventListener('navigate', onNavigate);
      return () => navigation.removeEventListener('navigate', onNavigate);
    }
    const onHash = () => prefetch(window.location.hash);
    window.addEventListener('hashchange', onHash, { capture: true });
    return () => window.removeEventListener('hashchange', onHash, { capture: true });
  }, [dispatch]);
}

function Loading() {
  return <Spinner style={{ margin: 'auto' }} label="Loading…" />;
}

const useStyles = makeStyles({
  titleBar: {
    height: '48px',
    flexShrink: 0,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  appName: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, whiteSpace: 'nowrap' },
  spacer: { flex: 1 },
  body: { flex: 1, display: 'flex', minHeight: 0 },
  rail: {
    width: '76px',
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'stretch',
    paddingBlock: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground4,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  railItem: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: '2px',
    paddingBlock: tokens.spacingVerticalS,
    marginInline: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    textDecorationLine: 'none',
    fontSize: tokens.fontSizeBase100,
    ':hover': { backgroundColor: tokens.colorNeutralBackground4Hover, color: tokens.colorNeutralForeground1 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  railActive: {
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  main: { flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', overflow: 'auto' },
  avatarButton: {
    // The title bar's own colour, in every theme (including high contrast).
    color: 'inherit',
    minWidth: 'auto',
    ':hover': { color: 'inherit' },
    ':hover:active': { color: 'inherit' },
  },
});

interface RailItem {
  readonly view: Exclude<
    Route['view'],
    'case' | 'contact' | 'records' | 'log' | 'letter' | 'print-letter' | 'print-calibration'
  >;
  readonly label: string;
  readonly icon: FluentIcon;
  readonly roles: readonly Role[];
}

const RAIL: readonly RailItem[] = [
  {
    view: 'home',
    label: 'Home',
    icon: Home20Regular,
    roles: ['agent', 'team-leader', 'manager', 'business-area-owner', 'administrator'],
  },
  { view: 'work', label: 'My work', icon: TaskListLtr20Regular, roles: ['agent', 'team-leader', 'manager'] },
  { view: 'queues', label: 'Queues', icon: PeopleQueue20Regular, roles: ['team-leader', 'manager'] },
  { view: 'letters', label: 'Letters', icon: Mail20Regular, roles: ['agent', 'team-leader', 'manager'] },
  { view: 'calibration', label: 'Calibration', icon: Board20Regular, roles: ['manager'] },
  { view: 'actions', label: 'Actions', icon: CheckmarkCircle20Regular, roles: ['business-area-owner', 'manager'] },
  { view: 'reports', label: 'Reports', icon: DataBarVertical20Regular, roles: ['manager', 'administrator'] },
  { view: 'admin', label: 'Admin', icon: Settings20Regular, roles: ['administrator'] },
];

function labelOf(view: Route['view']): string {
  return RAIL.find((i) => i.view === view)?.label ?? view;
}

const SHORTCUT_OF: Record<string, string> = { home: 'Alt+H', work: 'Alt+W', queues: 'Alt+Q' };

const NOT_YET: Record<string, string> = {
  reports: 'Reports: volumes, timeliness and the annual self-assessment',
};

const UserMenu = memo(function UserMenu({ session }: { session: Session }) {
  const styles = useStyles();
  const dispatch = useAppDispatch();
  const theme = useAppSelector((s) => s.ui.theme);
  const [signOut] = useSignOutMutation();
  return (
    <Menu
      checkedValues={{ theme: [theme] }}
      onCheckedValueChange={(_, d) => {
        if (d.name === 'theme' && d.checkedItems[0]) dispatch(setTheme(d.checkedItems[0] as ThemeName));
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="transparent"
          className={styles.avatarButton}
          data-testid="account-menu"
          title="Account, theme and sign out"
          icon={<Avatar name={session.displayName} size={28} color="colorful" aria-hidden="true" />}
        >
          {session.displayName}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuGroupHeader>
            {session.displayName} · {session.roles.join(', ')}
            {session.teamName ? ` · ${session.teamName}` : ''}
          </MenuGroupHeader>
          <MenuGroupHeader data-testid="sign-in-method">
            {session.method === 'online'
              ? 'Signed in online (checked by the central server)'
              : 'Signed in offline (password checked on this desk)'}
          </MenuGroupHeader>
          <MenuDivider />
          <MenuGroupHeader>Theme</MenuGroupHeader>
          <MenuItemRadio name="theme" value="light">
            Light
          </MenuItemRadio>
          <MenuItemRadio name="theme" value="dark">
            Dark
          </MenuItemRadio>
          <MenuItemRadio name="theme" value="high-contrast">
            High contrast
          </MenuItemRadio>
          <MenuDivider />
          <MenuItem onClick={() => void signOut(undefined)}>Sign out</MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
});

/** The title bar: it does not change with the route, so moving between views does not draw it again. */
const TitleBar = memo(function TitleBar({ session }: { session: Session }) {
  const styles = useStyles();
  return (
    <header className={styles.titleBar}>
      <span className={styles.appName}>Complaints Desk</span>
      <Text size={200}>{session.deskName}</Text>
      <div className={styles.spacer} />
      <SearchBox />
      <div className={styles.spacer} />
      <SyncStatus />
      <UserMenu session={session} />
    </header>
  );
});

function Content({ route, session }: { route: Route; session: Session }) {
  switch (route.view) {
    case 'home':
      return <Home session={session} />;
    case 'work':
      return <MyWork />;
    case 'queues':
      return <Queue session={session} />;
    case 'log':
      return <LogContact session={session} />;
    case 'case':
      return <CaseDetail id={route.id} />;
    case 'contact':
      return <ContactDetailView id={route.id} />;
    case 'records':
      return <RecordsView kind={route.kind} id={route.id} />;
    case 'letters':
      return <Letters session={session} />;
    case 'letter':
      return <LetterEditor id={route.id} session={session} />;
    case 'calibration':
      return <Calibration session={session} />;
    case 'admin':
      return <Templates />;
    case 'actions':
      return <ActionsDashboard />;
    default:
      return <NotYet title={NOT_YET[route.view] ?? route.view} />;
  }
}

/** Alt+key shortcuts for agents who live in the app: Alt+N logs a contact, Alt+H/W/Q open the views. */
const SHORTCUTS: Record<string, Route> = {
  n: { view: 'log' },
  h: { view: 'home' },
  w: { view: 'work' },
  q: { view: 'queues' },
};

function useShortcuts(allowed: ReadonlySet<string>) {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const route = SHORTCUTS[e.key.toLowerCase()];
      if (route && allowed.has(route.view)) {
        e.preventDefault();
        navigate(route);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [allowed]);
}

export function Shell({ session }: { session: Session }) {
  const styles = useStyles();
  const route = useDrawableRoute();
  const items = RAIL.filter((i) => i.roles.some((r) => session.roles.includes(r)));
  const canLog = session.roles.some((r) => r === 'agent' || r === 'team-leader' || r === 'manager');
  const views = [...items.map((i) => i.view), ...(canLog ? ['log'] : [])].join(',');
  const allowed = useMemo(() => new Set<string>(views.split(',')), [views]);
  useShortcuts(allowed);
  usePreloadedViews();
  usePrefetchOnRoute();
  // A view outside this person's workspace (an address typed in, or the view the last person on this desk signed out
  // from) says so and leads Home, instead of showing a screen whose every call the desk refuses.
  const railView = RAIL.some((i) => i.view === route.view) || route.view === 'log';
  const blocked = railView && !allowed.has(route.view);
  // Print views show the document alone (no title bar or rail), so printing the page prints just that.
  if (route.view === 'print-letter') {
    return (
      <Suspense fallback={<Loading />}>
        <PrintLetter id={route.id} />
      </Suspense>
    );
  }
  if (route.view === 'print-calibration') {
    return (
      <Suspense fallback={<Loading />}>
        <PrintCalibration weekStart={route.weekStart} />
      </Suspense>
    );
  }
  return (
    <>
      <TitleBar session={session} />
      <div className={styles.body}>
        <nav className={styles.rail} aria-label="Workspace">
          {items.map((i) => {
            const active = route.view === i.view;
            const Icon = i.icon;
            return (
              <a
                key={i.view}
                href={hrefOf({ view: i.view } as Route)}
                className={`${styles.railItem} ${active ? styles.railActive : ''}`}
                aria-current={active ? 'page' : undefined}
                title={SHORTCUT_OF[i.view] ? `${i.label} (${SHORTCUT_OF[i.view]})` : i.label}
              >
                <Icon aria-hidden />
                {i.label}
              </a>
            );
          })}
        </nav>
        <main className={styles.main} id="main">
          <ErrorBoundary resetKey={window.location.hash}>
            <Suspense fallback={<Loading />}>
              {blocked ? (
                <NotForYou label={route.view === 'log' ? 'Log a contact' : labelOf(route.view)} />
              ) : (
                <Content route={route} session={session} />
              )}
            </Suspense>
          </ErrorBoundary>
        </main>
      </div>
    </>
  );
}
