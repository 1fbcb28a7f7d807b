import { Button, makeStyles, Spinner, Text, tokens, ToolbarButton } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { CaseListItem, QueueCursor } from '../../../shared/contracts/desk-api.js';
import { deskApi, MY_WORK_FIRST_PAGE, useReferenceDataQuery } from '../../api/desk-api.js';
import { useAppSelector } from '../../app/hooks.js';
import { callDesk } from '../../api/transport.js';
import { navigate } from '../../app/route.js';
import { CaseTable } from '../../components/CaseTable.js';
import { CaseDetailView } from '../case/case-view.js';
import { CommandBar } from '../../components/CommandBar.js';

const useStyles = makeStyles({
  body: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Every open case assigned to me, soonest deadline first, a page at a time. */
export function MyWork() {
  const styles = useStyles();
  const today = useReferenceDataQuery(undefined).data?.today ?? '';
  // The first page as sign-in (or Home) last fetched it, shown at once and refreshed by the load below.
  const cached = useAppSelector((s) => deskApi.endpoints.myWork.select(MY_WORK_FIRST_PAGE)(s).data);
  const [items, setItems] = useState<CaseListItem[]>(() => (cached ? [...cached.items] : []));
  const [next, setNext] = useState<QueueCursor | null>(cached?.next ?? null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  async function load(after: QueueCursor | null) {
    setLoading(true);
    const r = await callDesk('myWork', { ...MY_WORK_FIRST_PAGE, after });
    setLoading(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setItems((prev) => (after ? [...prev, ...r.value.items] : [...r.value.items]));
    setNext(r.value.next);
  }
  useEffect(() => {
    void load(null);
    // Opening one of these cases is what comes next: its view's chunk is fetched now, not at the click.
    void CaseDetailView.preload();
  }, []);

  return (
    <>
      <CommandBar title="My work">
        <ToolbarButton appearance="primary" icon={<Add20Regular />} onClick={() => navigate({ view: 'log' })}>
          Log a contact
        </ToolbarButton>
      </CommandBar>
      <div className={styles.body}>
        {error && <Text role="alert">{error}</Text>}
        <CaseTable items={items} today={today} caption="My work" />
        {loading && <Spinner label="Loading…" />}
        {!loading && next && <Button onClick={() => void load(next)}>Show more</Button>}
        {!loading && items.length === 0 && <Text>No open cases are assigned to you.</Text>}
      </div>
    </>
  );
}
