import {
  Badge,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  tokens,
  ToolbarButton,
} from '@fluentui/react-components';
import { Add20Regular, ArrowClockwise20Regular } from '@fluentui/react-icons';
import type { Session } from '../../../shared/contracts/desk-api.js';
import { MY_WORK_FIRST_PAGE, useMyWorkQuery, useReferenceDataQuery, useWorkCountsQuery } from '../../api/desk-api.js';
import { stageName } from '../../app/due.js';
import { hrefOf, navigate } from '../../app/route.js';
import { CaseTable } from '../../components/CaseTable.js';
import { CommandBar } from '../../components/CommandBar.js';
import { elsewhereOnHome, homePreview } from './work-pages.js';

const useStyles = makeStyles({
  body: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(4, minmax(160px, 1fr))', gap: tokens.spacingHorizontalL },
  tile: { padding: tokens.spacingHorizontalL },
  number: {
    fontSize: tokens.fontSizeHero800,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightHero800,
  },
  breached: { borderTop: `4px solid ${tokens.colorPaletteRedBorderActive}` },
  today: { borderTop: `4px solid ${tokens.colorPaletteDarkOrangeBorderActive}` },
  week: { borderTop: `4px solid ${tokens.colorPaletteMarigoldBorderActive}` },
  open: { borderTop: `4px solid ${tokens.colorBrandStroke1}` },
  states: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  listCard: { padding: 0, overflow: 'hidden' },
  listHead: { padding: tokens.spacingHorizontalL, paddingBottom: 0 },
  all: {
    padding: tokens.spacingHorizontalL,
    paddingTop: tokens.spacingVerticalS,
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
});

function stateLabel(s: string): string {
  if (s === 'screening') return 'Screening';
  const [stage, status] = s.split(' ');
  return `${stageName(stage ?? null)} ${status ?? ''}`.trim();
}

export function Home({ session }: { session: Session }) {
  const styles = useStyles();
  const counts = useWorkCountsQuery(undefined);
  const work = useMyWorkQuery(MY_WORK_FIRST_PAGE);
  const ref = useReferenceDataQuery(undefined);
  const today = ref.data?.today ?? '';
  const c = counts.data;
  // The soonest few; the whole list is My work's (a link below, and Alt+W).
  const preview = work.data ? homePreview(work.data, c?.open) : null;
  const canLog = session.roles.some((r) => r === 'agent' || r === 'team-leader' || r === 'manager');
  const elsewhere = elsewhereOnHome(session.roles);
  return (
    <>
      <CommandBar title={`Good day, ${session.displayName.split(' ')[0] ?? ''}`}>
        {canLog && (
          <ToolbarButton
            appearance="primary"
            icon={<Add20Regular />}
            onClick={() => navigate({ view: 'log' })}
            title="Log a contact (Alt+N)"
          >
            Log a contact
          </ToolbarButton>
        )}
        <ToolbarButton
          icon={<ArrowClockwise20Regular />}
          onClick={() => {
            void counts.refetch();
            void work.refetch();
          }}
        >
          Refresh
        </ToolbarButton>
      </CommandBar>
      <div className={styles.body}>
        {counts.error && (
          <MessageBar intent="error">
            <MessageBarBody>{counts.error.message}</MessageBarBody>
          </MessageBar>
        )}
        <section className={styles.tiles} aria-label="My cases by deadline">
          {(
            [
              ['Breached', c?.breached, styles.breached],
              ['Due today', c?.dueToday, styles.today],
              ['Due later this week', c?.dueThisWeek, styles.week],
              ['Open cases', c?.open, styles.open],
            ] as const
          ).map(([label, n, cls]) => (
            <Card key={label} className={`${styles.tile} ${cls}`}>
              <Text className={styles.number} data-testid={`count-${label}`}>
                {n ?? '–'}
              </Text>
              <Text>{label}</Text>
            </Card>
          ))}
        </section>
        {c && c.byState.length > 0 && (
          <section className={styles.states} aria-label="My open cases by state">
            <Subtitle2 as="h2">By state</Subtitle2>
            {c.byState.map((s) => (
              <Badge key={s.state} appearance="tint" color="brand" shape="rounded" size="large">
                {stateLabel(s.state)}: {s.count}
              </Badge>
            ))}
          </section>
        )}
        <Card className={styles.listCard}>
          <Subtitle2 as="h2" className={styles.listHead}>
            My cases, soonest deadline first
          </Subtitle2>
          {work.isLoading ? (
            <Spinner label="Loading my cases…" />
          ) : preview && preview.rows.length > 0 ? (
            <>
              <CaseTable items={preview.rows} today={today} caption="My cases, soonest deadline first" />
              <a className={styles.all} href={hrefOf({ view: 'work' })} title="My work (Alt+W)">
                {preview.more > 0 ? `All my open cases (${preview.more} more)` : 'All my open cases'}
              </a>
            </>
          ) : (
            <Text className={styles.listHead} data-testid="home-empty">
              No open cases are assigned to you.
              {elsewhere && ` ${elsewhere}`}
            </Text>
          )}
        </Card>
      </div>
    </>
  );
}
