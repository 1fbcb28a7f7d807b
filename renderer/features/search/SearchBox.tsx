import { Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { useEffect, useId, useRef, useState } from 'react';
import type { SearchHit } from '../../../shared/contracts/desk-api.js';
import { useSearchQuery } from '../../api/desk-api.js';
import { navigate } from '../../app/route.js';
import { routeOfHit } from './hit-route.js';
import { indexingNotice } from './indexing.js';

const useStyles = makeStyles({
  root: { position: 'relative', width: '460px', maxWidth: '40vw' },
  input: { width: '100%' },
  list: {
    position: 'absolute',
    top: '36px',
    left: 0,
    right: 0,
    zIndex: 10,
    margin: 0,
    padding: tokens.spacingVerticalXS,
    listStyleType: 'none',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    boxShadow: tokens.shadow16,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: '60vh',
    overflowY: 'auto',
  },
  item: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    display: 'flex',
    flexDirection: 'column',
  },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected, outline: `2px solid ${tokens.colorStrokeFocus2}` },
  disabled: { cursor: 'default', color: tokens.colorNeutralForeground2 },
  sub: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  notice: {
    cursor: 'default',
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    marginBottom: tokens.spacingVerticalXS,
  },
});

function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

const KIND_LABEL: Record<SearchHit['kind'], string> = {
  complaint: 'Complaint',
  contact: 'Enquiry',
  person: 'Person',
  property: 'Property',
};

/** Global search, Ctrl+K from anywhere: references, names, addresses, offline. */
export function SearchBox() {
  const styles = useStyles();
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const query = useDebounced(text.trim(), 120);
  // The list shows the last answer while the next is on its way (no flicker as the agent types); Enter acts only on
  // the answer for what is typed now, so a fast "reference, Enter" never opens a hit of the text before.
  const { data, currentData, isFetching } = useSearchQuery(query, { skip: query.length < 2 });
  const hits = query.length >= 2 ? (data?.hits ?? []) : [];
  const settled = query === text.trim() && query.length >= 2 && currentData !== undefined && !isFetching;
  const [pendingEnter, setPendingEnter] = useState(false);
  const notice = query.length >= 2 ? indexingNotice(data?.indexing) : null;

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => setActive(0), [query]);

  function choose(h: SearchHit | undefined) {
    if (!h) return;
    navigate(routeOfHit(h));
    setOpen(false);
    setText('');
    input.current?.blur();
  }

  // Enter pressed before the answer for the typed text arrived: open its first hit when it does.
  useEffect(() => {
    if (!pendingEnter || !settled) return;
    setPendingEnter(false);
    choose(hits[0]);
  });

  return (
    <div className={styles.root}>
      <Input
        ref={input}
        className={styles.input}
        contentBefore={<Search20Regular aria-hidden />}
        placeholder="Search references, people, addresses (Ctrl+K)"
        aria-label="Search (Ctrl+K)"
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={open && hits[active] ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(_, d) => {
          setText(d.value);
          setPendingEnter(false);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            if (settled) choose(hits[active]);
            else setPendingEnter(true);
          } else if (e.key === 'Escape') {
            // The combobox pattern: the first Esc closes the list, the next one clears what was typed.
            if (open && query.length >= 2) setOpen(false);
            else {
              setText('');
              setPendingEnter(false);
            }
          }
        }}
      />
      {open && query.length >= 2 && (
        <ul className={styles.list} id={listId} role="listbox" aria-label="Search results">
          {notice && (
            <li className={`${styles.item} ${styles.notice}`} role="status">
              <Text>{notice}</Text>
            </li>
          )}
          {hits.length === 0 && (
            <li className={`${styles.item} ${styles.disabled}`} role="option" aria-selected={false} aria-disabled>
              <Text>{notice ? 'No matches yet on this desk' : 'No matches on this desk'}</Text>
            </li>
          )}
          {hits.map((h, i) => (
            <li
              key={`${h.kind}:${h.id}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`${styles.item} ${i === active ? styles.active : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(h);
              }}
            >
              <Text weight="semibold">
                {KIND_LABEL[h.kind]}: {h.title}
              </Text>
              <span className={styles.sub}>{h.subtitle}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
