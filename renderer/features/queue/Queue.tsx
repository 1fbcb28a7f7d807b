import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  tokens,
  ToolbarButton,
} from '@fluentui/react-components';
import { ArrowClockwise20Regular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseListItem, QueueCursor, Session } from '../../../shared/contracts/desk-api.js';
import { useAssignManyMutation, useReferenceDataQuery } from '../../api/desk-api.js';
import { callDesk } from '../../api/transport.js';
import { dueOf, dueText, stageName } from '../../app/due.js';
import { hrefOf } from '../../app/route.js';
import { CommandBar } from '../../components/CommandBar.js';
import { dueColour, useDueColours } from '../../components/due-colours.js';

const ROW = 44;
const PAGE = 500;

const useStyles = makeStyles({
  root: { flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 },
  filters: {
    display: 'flex',
    gap: tokens.spacingHorizontalL,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  grid: {
    flex: 1,
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    margin: tokens.spacingHorizontalXL,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  head: {
    display: 'grid',
    gridTemplateColumns: '44px 170px 190px 1fr 160px 110px 230px',
    alignItems: 'center',
    height: `${ROW}px`,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  scroller: { flex: 1, overflowY: 'auto', position: 'relative', contain: 'strict' },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    display: 'grid',
    gridTemplateColumns: '44px 170px 190px 1fr 160px 110px 230px',
    alignItems: 'center',
    height: `${ROW}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  cell: {
    paddingInline: tokens.spacingHorizontalS,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  checkbox: {
    width: '18px',
    height: '18px',
    marginInline: 'auto',
    display: 'block',
    accentColor: tokens.colorBrandBackground,
  },
  link: { color: tokens.colorBrandForegroundLink, fontWeight: tokens.fontWeightSemibold },
  pill: {
    display: 'inline-block',
    paddingInline: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    fontSize: tokens.fontSizeBase200,
    lineHeight: '22px',
  },
  placeholder: { color: tokens.colorNeutralForeground3 },
  empty: { padding: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  bulk: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', marginLeft: 'auto' },
});

interface Filter {
  stage: string;
  due: string;
  assigneeId: string;
}

export function Queue({ session }: { session: Session }) {
  const styles = useStyles();
  const colours = useDueColours();
  const ref = useReferenceDataQuery(undefined);
  const today = ref.data?.today ?? '';
  const [filter, setFilter] = useState<Filter>({ stage: '', due: '', assigneeId: '' });
  const [rows, setRows] = useState<CaseListItem[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<QueueCursor | null>(null);
  const [loading, setLoading] = useState(false);
  // The first page for the current filters has come back (until then an empty queue is not yet known to be empty).
  const [answered, setAnswered] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [assignee, setAssignee] = useState('');
  const [assignMany, assignState] = useAssignManyMutation();
  const [notice, setNotice] = useState<string | null>(null);
  const generation = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  const filterInput = useCallback(
    () => ({
      ...(filter.stage ? { stage: filter.stage } : {}),
      ...(filter.due ? { due: filter.due as 'breached' | 'today' | 'week' } : {}),
      ...(filter.assigneeId ? { assigneeId: filter.assigneeId } : {}),
    }),
    [filter],
  );

  const load = useCallback(
    async (after: QueueCursor | null) => {
      const gen = generation.current;
      setLoading(true);
      const r = await callDesk('teamQueue', { after, limit: PAGE, filter: filterInput() });
      if (gen !== generation.current) return; // the filters changed meanwhile
      setLoading(false);
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setError(null);
      setAnswered(true);
      setRows((prev) => (after ? prev.concat(r.value.items) : [...r.value.items]));
      if (r.value.total !== undefined) setTotal(r.value.total);
      setNext(r.value.next);
    },
    [filterInput],
  );

  const reload = useCallback(() => {
    generation.current++;
    setRows([]);
    setNext(null);
    setAnswered(false);
    setSelected(new Set());
    scroller.current?.scrollTo({ top: 0 });
    void load(null);
  }, [load]);

  useEffect(() => reload(), [reload]);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? 0;
  // Keyset pages load in order: keep loading until the rows in view are there.
  useEffect(() => {
    if (!loading && next && lastVisible >= rows.length - 50) void load(next);
  }, [lastVisible, rows.length, next, loading, load]);

  const teamUsers = (ref.data?.users ?? []).filter((u) => u.teamId === session.teamId);
  const nameOf = new Map((ref.data?.users ?? []).map((u) => [u.id, u.displayName]));

  async function reassign() {
    const ids = [...selected];
    let assigned = 0;
    const failed: string[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const r = await assignMany({ complaintIds: ids.slice(i, i + 500), assigneeId: assignee });
      if ('error' in r) {
        setError(r.error?.message ?? 'Re-assigning failed.');
        return;
      }
      assigned += r.data.assigned;
      failed.push(...r.data.failed.map((f) => f.message));
    }
    setNotice(
      `${assigned} case${assigned === 1 ? '' : 's'} re-assigned to ${nameOf.get(assignee) ?? 'the chosen person'}` +
        (failed.length ? `; ${failed.length} not: ${failed[0]}` : '.'),
    );
    reload();
  }

  function toggle(id: string) {
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  }

  return (
    <div className={styles.root}>
      <CommandBar title={`Queue: ${session.teamName ?? 'my team'}`}>
        <ToolbarButton icon={<ArrowClockwise20Regular />} onClick={reload}>
          Refresh
        </ToolbarButton>
        <Text aria-live="polite" data-testid="queue-total">
          {total.toLocaleString('en-GB')} open case{total === 1 ? '' : 's'}
        </Text>
      </CommandBar>
      <div className={styles.filters} role="search" aria-label="Queue filters">
        <Field label="Stage">
          <Select value={filter.stage} onChange={(_, d) => setFilter((f) => ({ ...f, stage: d.value }))}>
            <option value="">Any</option>
            <option value="screening">Screening</option>
            <option value="stage1">Stage 1</option>
            <option value="stage2">Stage 2</option>
          </Select>
        </Field>
        <Field label="Deadline">
          <Select value={filter.due} onChange={(_, d) => setFilter((f) => ({ ...f, due: d.value }))}>
            <option value="">Any</option>
            <option value="breached">Breached</option>
            <option value="today">Due today or breached</option>
            <option value="week">Due this week or breached</option>
          </Select>
        </Field>
        <Field label="Assigned to">
          <Select value={filter.assigneeId} onChange={(_, d) => setFilter((f) => ({ ...f, assigneeId: d.value }))}>
            <option value="">Anyone</option>
            {teamUsers.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.bulk}>
          <Text>{selected.size.toLocaleString('en-GB')} selected</Text>
          <Field label="Re-assign selected to">
            <Select value={assignee} onChange={(_, d) => setAssignee(d.value)}>
              <option value="">Choose…</option>
              {teamUsers.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName}
                </option>
              ))}
            </Select>
          </Field>
          <Button
            appearance="primary"
            disabled={!assignee || selected.size === 0 || assignState.isLoading}
            onClick={() => void reassign()}
          >
            Re-assign
          </Button>
        </div>
      </div>
      {(error || notice) && (
        <MessageBar intent={error ? 'error' : 'success'} role={error ? 'alert' : 'status'}>
          <MessageBarBody>{error ?? notice}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.grid} role="table" aria-label="Team queue" aria-rowcount={total + 1}>
        <div className={styles.head} role="row" aria-rowindex={1}>
          <span className={styles.cell} role="columnheader">
            <input
              type="checkbox"
              className={styles.checkbox}
              aria-label="Select every loaded case"
              checked={rows.length > 0 && selected.size === rows.length}
              onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
            />
          </span>
          <span className={styles.cell} role="columnheader">
            Reference
          </span>
          <span className={styles.cell} role="columnheader">
            Resident
          </span>
          <span className={styles.cell} role="columnheader">
            Complaint
          </span>
          <span className={styles.cell} role="columnheader">
            Assigned to
          </span>
          <span className={styles.cell} role="columnheader">
            Stage
          </span>
          <span className={styles.cell} role="columnheader">
            Time left
          </span>
        </div>
        {answered && total === 0 && (
          <p className={styles.empty} role="status" data-testid="queue-empty">
            {filter.stage || filter.due || filter.assigneeId
              ? 'No open cases in your team match these filters. Set a filter back to Any (or Anyone) to see more.'
              : 'Your team has no open cases.'}
          </p>
        )}
        <div
          ref={scroller}
          className={styles.scroller}
          data-testid="queue-scroller"
          tabIndex={0}
          role="rowgroup"
          aria-label="Queue rows"
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="none">
            {items.map((v) => {
              const r = rows[v.index];
              if (!r)
                return (
                  <div
                    key={v.key}
                    className={`${styles.row} ${styles.placeholder}`}
                    style={{ transform: `translateY(${v.start}px)` }}
                    role="row"
                    aria-rowindex={v.index + 2}
                  >
                    <span className={styles.cell} role="cell" />
                    <span className={styles.cell} role="cell">
                      Loading…
                    </span>
                  </div>
                );
              const due = dueOf(r, today);
              return (
                <div
                  key={v.key}
                  className={styles.row}
                  style={{ transform: `translateY(${v.start}px)` }}
                  role="row"
                  aria-rowindex={v.index + 2}
                  data-index={v.index}
                >
                  <span className={styles.cell} role="cell">
                    <input
                      type="checkbox"
                      className={styles.checkbox}
                      aria-label={`Select ${r.reference}`}
                      checked={selected.has(r.id)}
                      onChange={() => toggle(r.id)}
                    />
                  </span>
                  <span className={styles.cell} role="cell">
                    <a className={styles.link} href={hrefOf({ view: 'case', id: r.id })}>
                      {r.reference}
                    </a>
                  </span>
                  <span className={styles.cell} role="cell">
                    {r.personName ?? '—'}
                  </span>
                  <span className={styles.cell} role="cell" title={r.summary}>
                    {r.summary}
                  </span>
                  <span className={styles.cell} role="cell">
                    {r.assigneeId ? (nameOf.get(r.assigneeId) ?? 'Someone else') : 'Unassigned'}
                  </span>
                  <span className={styles.cell} role="cell">
                    {r.status === 'screening' ? 'Screening' : stageName(r.stageKey)}
                  </span>
                  <span className={styles.cell} role="cell">
                    <span data-due={due} className={`${styles.pill} ${dueColour(colours, due)}`}>
                      {dueText(r.workingDaysLeft)}
                    </span>
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
