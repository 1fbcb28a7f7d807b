// The frame of a record's own view (a case, a contact, a person's or a property's records): what shows while
// the record is loading or when it cannot be opened, the header (its title, what sits beside it, the lines under
// it), the command bar under the header and its commands, each run from anywhere in the view by Alt and a key.
import {
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Title2,
  tokens,
  Toolbar,
  ToolbarButton,
  Tooltip,
} from '@fluentui/react-components';
import { useEffect, useRef, type ReactElement, type ReactNode, type Ref } from 'react';
import { asDeskError } from '../api/desk-api.js';

const useStyles = makeStyles({
  header: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  titleRow: { display: 'flex', alignItems: 'baseline', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  commands: {
    paddingInline: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
  },
});

/** The styles of the header's further lines (what the record is, where it stands). */
export const useViewHeaderStyles = makeStyles({
  meta: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
});

/**
 * While a view's query loads, a spinner saying what is being opened; when it failed or found nothing, the
 * reason as an alert (`failed` when the desk gave none); null once its data is there.
 */
export function queryGate(
  query: { readonly isLoading: boolean; readonly error?: unknown; readonly data?: unknown },
  words: { readonly loading: string; readonly failed: string },
): ReactElement | null {
  if (query.isLoading) return <Spinner label={words.loading} />;
  const err = asDeskError(query.error);
  if (!err && query.data) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>{err?.message ?? words.failed}</MessageBarBody>
    </MessageBar>
  );
}

/** The view's header: its title (the page's h1) with what stands beside it, then its further lines. */
export function ViewHeader({
  label,
  title,
  aside,
  children,
}: {
  /** The header's name for assistive technology ("Case summary"). */
  label: string;
  title: string;
  aside?: ReactNode;
  children?: ReactNode;
}) {
  const styles = useStyles();
  return (
    <section className={styles.header} aria-label={label}>
      <div className={styles.titleRow}>
        <Title2 as="h1">{title}</Title2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** The view's command bar, under its header. */
export function ViewCommands({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Toolbar className={styles.commands} aria-label={label}>
      {children}
    </Toolbar>
  );
}

/** Whether a command is open now, and if not, why (what its disabled button and tooltip say). */
export interface ViewCommandState {
  readonly allowed: boolean;
  readonly reason: string | null;
}

/**
 * One command of the bar: disabled (still focusable, so its reason is read out) with the reason in a tooltip when
 * it is not open now, its Alt shortcut announced.
 */
export function ViewCommand({
  state,
  label,
  icon,
  shortcut,
  primary = false,
  buttonRef,
  onRun,
}: {
  state: ViewCommandState;
  label: string;
  icon: ReactElement;
  /** The letter that runs it with Alt (useAltKeys). */
  shortcut: string;
  primary?: boolean;
  buttonRef?: Ref<HTMLButtonElement> | undefined;
  onRun: () => void;
}) {
  const b = (
    <ToolbarButton
      ref={buttonRef}
      icon={icon}
      appearance={state.allowed && primary ? 'primary' : 'subtle'}
      disabledFocusable={!state.allowed}
      aria-description={state.allowed ? undefined : (state.reason ?? undefined)}
      aria-keyshortcuts={`Alt+${shortcut.toUpperCase()}`}
      onClick={onRun}
    >
      {label}
    </ToolbarButton>
  );
  return state.allowed ? (
    <span>{b}</span>
  ) : (
    <Tooltip content={state.reason ?? 'Not available now'} relationship="description">
      {b}
    </Tooltip>
  );
}

/** Alt and a letter run the view's command of that letter from anywhere in the view (the latest `run`). */
export function useAltKeys<C extends string>(keys: Readonly<Record<string, C>>, run: (command: C) => void): void {
  const runRef = useRef(run);
  runRef.current = run;
  const keysRef = useRef(keys);
  keysRef.current = keys;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const command = keysRef.current[e.key.toLowerCase()];
      if (!command) return;
      e.preventDefault();
      runRef.current(command);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
