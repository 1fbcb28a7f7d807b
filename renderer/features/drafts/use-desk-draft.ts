// A form's draft kept in the desk core (DeskApi saveDraft/loadDraft/discardDraft: a table in the desk database,
// per user), so what an agent typed survives an error, a reload, a crash or a restart of the app. Saves are
// debounced: one write per pause in typing, not one per keystroke.
import { useCallback, useEffect, useRef, useState } from 'react';
import { callDesk } from '../../api/transport.js';
import { restoreDraft } from './restore.js';

/** How long typing must pause before the draft is written. */
export const DRAFT_SAVE_DELAY_MS = 400;

export type DraftState = 'loading' | 'empty' | 'unsaved' | 'saving' | 'saved' | 'failed';

export interface DeskDraft<T> {
  readonly value: T;
  readonly set: (update: T | ((old: T) => T)) => void;
  /** Drops the draft (after the work it held was saved, or when the agent clears the form). */
  readonly discard: (next?: T) => void;
  readonly state: DraftState;
  readonly savedAt: string | null;
}

export function useDeskDraft<T extends object>(key: string, empty: T): DeskDraft<T> {
  const [value, setValue] = useState<T>(empty);
  const [state, setState] = useState<DraftState>('loading');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const emptyRef = useRef(empty);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<T | null>(null);

  // Typed (or cleared) before the stored draft came back: what is on the screen now wins, the answer is dropped.
  const touched = useRef(false);
  useEffect(() => {
    let live = true;
    touched.current = false;
    setState('loading');
    void callDesk('loadDraft', { key }).then((r) => {
      if (!live || touched.current) return;
      if (r.ok && r.value) {
        setValue(restoreDraft(emptyRef.current, r.value.body));
        setSavedAt(r.value.savedAt);
        setState('saved');
      } else {
        setValue(emptyRef.current);
        setState('empty');
      }
    });
    return () => {
      live = false;
    };
  }, [key]);

  const write = useCallback(
    (v: T) => {
      pending.current = null;
      setState('saving');
      void callDesk('saveDraft', { key, body: JSON.stringify(v) }).then((r) => {
        if (pending.current) return; // typed again meanwhile: the next save reports
        if (r.ok) {
          setSavedAt(r.value.savedAt);
          setState('saved');
        } else setState('failed');
      });
    },
    [key],
  );

  // Leaving the form writes what is waiting rather than dropping it. When the page itself goes (a reload, the
  // window closing), an ordinary request would be cancelled with it: in the browser mode a keepalive request
  // outlives the page; in Electron the IPC message is already on its way to the main process.
  useEffect(() => {
    const flush = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      if (pending.current) write(pending.current);
    };
    const leave = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      const v = pending.current;
      if (!v) return;
      pending.current = null;
      if (window.deskApi) {
        void window.deskApi.saveDraft({ key, body: JSON.stringify(v) });
        return;
      }
      void fetch('/api/saveDraft', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key, body: JSON.stringify(v) }),
        credentials: 'same-origin',
        keepalive: true,
      }).catch(() => undefined);
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      flush();
    };
  }, [write, key]);

  // Bumped by discard: an update queued before it (React runs the updater later) must not make its value pending
  // again, or leaving the form would write back the draft just discarded.
  const generation = useRef(0);
  const set = useCallback(
    (update: T | ((old: T) => T)) => {
      const at = generation.current;
      touched.current = true;
      setValue((old) => {
        const next = typeof update === 'function' ? (update as (o: T) => T)(old) : update;
        if (at === generation.current) pending.current = next;
        return next;
      });
      setState('unsaved');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = null;
        if (pending.current) write(pending.current);
      }, DRAFT_SAVE_DELAY_MS);
    },
    [write],
  );

  const discard = useCallback(
    (next?: T) => {
      generation.current++;
      touched.current = true;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      pending.current = null;
      setValue(next ?? emptyRef.current);
      setSavedAt(null);
      setState('empty');
      void callDesk('discardDraft', { key });
    },
    [key],
  );

  return { value, set, discard, state, savedAt };
}

/** What the form says about its draft, for a status line. */
export function draftStatus(state: DraftState, savedAt: string | null): string {
  const at = savedAt
    ? new Date(savedAt).toLocaleTimeString('en-GB', { timeStyle: 'medium', timeZone: 'Europe/London' })
    : '';
  switch (state) {
    case 'loading':
      return 'Looking for a draft…';
    case 'empty':
      return 'Your typing is kept as a draft on this desk until you finish.';
    case 'unsaved':
    case 'saving':
      return 'Saving the draft…';
    case 'saved':
      return `Draft saved on this desk at ${at}.`;
    case 'failed':
      return 'The draft could not be saved; keep this window open until you finish.';
  }
}
