// The title bar's sync status: online/offline (or local only), when the desk last synced, the changes waiting
// and the server's rejections. It polls the desk core every few seconds; the button opens a panel with the
// details, "Sync now", and the rejected changes with their reasons in plain English.
import {
  Button,
  makeStyles,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowSync20Regular,
  CloudCheckmark20Regular,
  CloudOff20Regular,
  Warning20Regular,
} from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { SyncRejection } from '../../../shared/contracts/desk-api.js';
import { deskApi, useSyncStatusQuery } from '../../api/desk-api.js';
import { useAppDispatch } from '../../app/hooks.js';
import { useSyncNowMutation, useSyncRejectionsQuery } from './sync-api.js';
import { describeSync, labelOfUseCase, plural, when } from './sync-labels.js';

/** Often enough that "offline" and "waiting" follow the agent's own attempts closely; each poll is a few counts. */
export const SYNC_POLL_MS = 3_000;

const useStyles = makeStyles({
  trigger: {
    color: 'inherit',
    minWidth: 'auto',
    fontWeight: tokens.fontWeightRegular,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'nowrap',
    ':hover': { color: 'inherit' },
    ':hover:active': { color: 'inherit' },
  },
  rejected: {
    marginInlineStart: tokens.spacingHorizontalXS,
    paddingInline: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorPaletteRedBackground3,
    color: tokens.colorNeutralForegroundOnBrand,
    fontWeight: tokens.fontWeightSemibold,
  },
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
  panel: { width: '420px', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0, overflowWrap: 'anywhere' },
  // Fluent's Text is inline whatever element it renders; headings and paragraphs here are blocks.
  block: { display: 'block', margin: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    maxHeight: '240px',
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    borderLeft: `3px solid ${tokens.colorPaletteRedBorder2}`,
    paddingInlineStart: tokens.spacingHorizontalS,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

function Rejections({ open }: { open: boolean }) {
  const styles = useStyles();
  const { data, isFetching } = useSyncRejectionsQuery(undefined, { skip: !open });
  if (!data) return isFetching ? <Spinner size="tiny" label="Loading rejected changes" /> : null;
  if (data.length === 0) return null;
  return (
    <section aria-labelledby="sync-rejections-heading">
      <Text as="h3" id="sync-rejections-heading" weight="semibold" size={300} className={styles.block}>
        Changes the server refused ({data.length})
      </Text>
      <Text as="p" size={200} className={styles.block}>
        Each was undone on this desk: the record shows what the server holds.
      </Text>
      <ul className={styles.list}>
        {data.map((r: SyncRejection) => (
          <li key={r.mutationId} className={styles.item}>
            <Text weight="semibold" size={200}>
              {labelOfUseCase(r.useCase)}
            </Text>{' '}
            <Text size={200}>
              (made {when(r.madeAt)}, refused {when(r.at)})
            </Text>
            <Text as="p" size={200} className={`${styles.block} ${styles.detail}`}>
              {r.reason}
            </Text>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function SyncStatus() {
  const styles = useStyles();
  const dispatch = useAppDispatch();
  const [open, setOpen] = useState(false);
  const { data } = useSyncStatusQuery(undefined, { pollingInterval: SYNC_POLL_MS });
  const [syncNow, { isLoading: syncing, error: syncError }] = useSyncNowMutation();
  const { label, name } = describeSync(data);

  // A sync may have pulled other desks' changes: let the open views fetch again.
  const lastSync = data?.lastSyncAt ?? null;
  const seen = useRef(lastSync);
  useEffect(() => {
    if (seen.current !== lastSync) {
      seen.current = lastSync;
      dispatch(deskApi.util.invalidateTags(['Work', 'Queue', 'Case', 'Reference']));
    }
  }, [lastSync, dispatch]);

  const Icon = data?.mode === 'online' ? CloudCheckmark20Regular : CloudOff20Regular;
  const local = data?.mode === 'local-only';
  return (
    <div role="status" aria-live="polite" aria-atomic="true">
      <Popover open={open} onOpenChange={(_, d) => setOpen(d.open)} trapFocus positioning="below-end" withArrow>
        <PopoverTrigger disableButtonEnhancement>
          <Button
            appearance="transparent"
            className={styles.trigger}
            icon={syncing || data?.syncing ? <ArrowSync20Regular aria-hidden /> : <Icon aria-hidden />}
            // The visible words are the accessible name (a screen reader and a speech user say the same thing);
            // the longer description goes in the title.
            title={name}
            data-sync-mode={data?.mode ?? 'loading'}
            data-sync-waiting={data?.waitingChanges ?? ''}
          >
            <span className={styles.hidden}>Sync status: </span>
            {label}
            {data && data.rejections > 0 && <span className={styles.rejected}>{data.rejections} rejected</span>}
          </Button>
        </PopoverTrigger>
        <PopoverSurface aria-labelledby="sync-panel-heading">
          <div className={styles.panel}>
            <Text as="h2" id="sync-panel-heading" weight="semibold" size={400}>
              {local ? 'Local only' : data?.mode === 'online' ? 'Online' : 'Offline'}
            </Text>
            {local ? (
              <Text as="p" size={200}>
                This desk has no central server configured. Every change is kept safely on this computer.
              </Text>
            ) : (
              data && (
                <>
                  <dl className={styles.facts}>
                    <dt className={styles.term}>Server</dt>
                    <dd className={styles.detail}>{data.serverUrl}</dd>
                    <dt className={styles.term}>Last sync</dt>
                    <dd className={styles.detail}>{when(data.lastSyncAt)}</dd>
                    <dt className={styles.term}>Waiting</dt>
                    <dd className={styles.detail}>
                      {plural(data.waitingChanges, 'change')}
                      {data.waitingForOthers > 0 &&
                        ` (${data.waitingForOthers.toLocaleString('en-GB')} made by other users of this desk, sent when they next sign in here)`}
                    </dd>
                    <dt className={styles.term}>Rejected</dt>
                    <dd className={styles.detail}>{plural(data.rejections, 'change')}</dd>
                  </dl>
                  {data.mode === 'offline' && !data.lastError && (
                    <Text as="p" size={200}>
                      Work carries on here; changes are sent when the server can be reached.
                    </Text>
                  )}
                  {data.updateRequired && (
                    <Text as="p" size={200} className={styles.error}>
                      The server speaks a newer sync protocol: update this desk to sync again.
                    </Text>
                  )}
                  {data.lastError && (
                    <Text as="p" size={200} className={styles.error}>
                      <Warning20Regular aria-hidden /> {data.lastError}
                    </Text>
                  )}
                  <div className={styles.actions}>
                    <Button
                      appearance="primary"
                      icon={<ArrowSync20Regular aria-hidden />}
                      // Focusable while disabled: focus stays in the panel during a sync, so Escape still closes it.
                      disabledFocusable={syncing || data.needsOnlineSignIn}
                      onClick={() => void syncNow(undefined)}
                    >
                      {syncing ? 'Syncing…' : 'Sync now'}
                    </Button>
                    {syncing && <Spinner size="tiny" aria-label="Syncing" />}
                  </div>
                  {syncError && 'message' in syncError && (
                    <Text as="p" size={200} className={styles.error}>
                      {syncError.message}
                    </Text>
                  )}
                  <Rejections open={open} />
                </>
              )
            )}
          </div>
        </PopoverSurface>
      </Popover>
    </div>
  );
}
