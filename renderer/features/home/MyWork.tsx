import { Button, makeStyles, Spinner, Text, tokens, ToolbarButton } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { QueuePage } from '../../../shared/contracts/desk-api.js';
import { asDeskError, MY_WORK_FIRST_PAGE, useMyWorkQuery, useReferenceDataQuery } from '../../api/desk-api.js';
import { callDesk } from '../../api/transport.js';
import { navigate } from '../../app/route.js';
import { CaseTable } from '../../components/CaseTable.js';
import { CaseDetailView } from '../case/case-view.js';
import { CommandBar } from '../../components/CommandBar.js';
import { joinPages, MY_WORK_FRESH_SECONDS, sharePage } from './work-pages.js';

const useStyles = makeStyles({
  body: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Every open case assigned to me, soonest deadline first, a page at a time. */
export function MyWork() {
  const styles = useStyles();
  const today = useReferenceDataQuery(undefined).data?.today ?? '';
  // The first page as sign-in (or Home) fetched it, drawn at once; asked for again when opened only if it is older
  // than MY_WORK_FRESH_SECONDS (and whenever a change on this desk invalidates it). RTK Query keeps every case that
  // did not change as the same object, so a refresh redraws only the rows that changed.
  const first = useMyWorkQuery(MY_WORK_FIRST_PAGE, { refetchOnMountOrArgChange: MY_WORK_FRESH_SECONDS });
  const [later, setLater] = useState<readonly QueuePage[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const { items, next } = useMemo(() => joinPages(first.data, later), [first.data, later]);

  async function showMore(after: NonNullable<typeof next>) {
    setLoadingMore(true);
    const r = await callDesk('myWork', { ...MY_WORK_FIRST_PAGE, after });
    setLoadingMore(false);
    if (!r.ok) {
      setMoreError(r.error.message);
      return;
    }
    setMoreError(null);
    setLater((pages) => [...pages, r.value]);
  }

  // When the first page comes back changed, the pages shown after it are fetched again from its new end (as many
  // as were shown), so a case that moved from one page to another is neither lost nor shown twice.
  const firstData = first.data;
  const laterNow = useRef(later);
  laterNow.current = later;
  const firstBefore = useRef(firstData);
  useEffect(() => {
    if (firstBefore.current === firstData) return;
    firstBefore.current = firstData;
    const count = laterNow.current.length;
    if (!firstData || count === 0) return;
    const shown = laterNow.current.flatMap((p) => p.items);
    let cancelled = false;
    void (async () => {
      const pages: QueuePage[] = [];
      for (let after = firstData.next; after && pages.length < count;) {
        const r = await callDesk('myWork', { ...MY_WORK_FIRST_PAGE, after });
        if (cancelled) return;
        if (!r.ok) {
          setMoreError(r.error.message);
          return;
        }
        pages.push(sharePage(shown, r.value));
        after = r.value.next;
      }
      setLater(pages);
    })();
    return () => {
      cancelled = true;
    };
  }, [firstData]);

  useEffect(() => {
    // Opening one of these cases is what comes next, so its view's chunk is fetched now; once the list is drawn
    // and the page idle, not in the task that draws it (adding the chunk's preload links takes about 20 ms).
    const id = window.requestIdleCallback(() => void CaseDetailView.preload(), { timeout: 500 });
    return () => window.cancelIdleCallback(id);
  }, []);

  const error = asDeskError(first.error)?.message ?? moreError;
  const loading = first.isLoading || loadingMore;
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
        {!loading && next && <Button onClick={() => void showMore(next)}>Show more</Button>}
        {!loading && !error && items.length === 0 && <Text>No open cases are assigned to you.</Text>}
      </div>
    </>
  );
}
