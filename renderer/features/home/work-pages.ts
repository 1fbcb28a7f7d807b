// My work's list as pages (the first one shared with Home, the rest fetched by "Show more"), and Home's short
// preview of it: pure, so Node tests check that paging neither loses nor repeats a case.
import type { CaseListItem, QueueCursor, QueuePage } from '../../../shared/contracts/desk-api.js';

/** How many of My work's rows Home shows, above a link to the whole list. */
export const HOME_PREVIEW_ROWS = 10;

/**
 * How long My work trusts the first page it already has (fetched at sign-in, or by Home) before asking again when
 * it is opened, in seconds. Any change made on this desk refreshes it anyway (the 'Work' tag).
 */
export const MY_WORK_FRESH_SECONDS = 30;

export interface HomePreview {
  readonly rows: readonly CaseListItem[];
  /** Cases in My work that Home does not show (at least those past the first page's rows, when more exist). */
  readonly more: number;
}

/** The top of My work for Home; `open` is the count of my open cases when known. */
export function homePreview(page: QueuePage, open: number | undefined): HomePreview {
  const rows = page.items.slice(0, HOME_PREVIEW_ROWS);
  const known = Math.max(open ?? 0, page.items.length);
  return { rows, more: Math.max(0, known - rows.length) };
}

/**
 * The rows of My work: the first page, then each page fetched after it, in order. A case is shown once, where it
 * first appears: when the first page is fetched again after a case moved up the list, the later pages (fetched
 * before) still hold it until they are fetched again too.
 */
export function joinPages(
  first: QueuePage | undefined,
  later: readonly QueuePage[],
): { items: readonly CaseListItem[]; next: QueueCursor | null } {
  if (!first) return { items: [], next: null };
  if (later.length === 0) return { items: first.items, next: first.next };
  const seen = new Set<string>();
  const items: CaseListItem[] = [];
  for (const page of [first, ...later]) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return { items, next: later[later.length - 1]?.next ?? null };
}

const sameItem = (a: CaseListItem, b: CaseListItem): boolean =>
  (Object.keys(b) as (keyof CaseListItem)[]).every((k) => a[k] === b[k]) &&
  Object.keys(a).length === Object.keys(b).length;

/**
 * A page fetched again, with every case that did not change kept as the very object already shown, so the list's
 * rows (memoised on their item) draw again only where something changed.
 */
export function sharePage(previous: readonly CaseListItem[], page: QueuePage): QueuePage {
  const before = new Map(previous.map((i) => [i.id, i]));
  const items = page.items.map((item) => {
    const old = before.get(item.id);
    return old && sameItem(old, item) ? old : item;
  });
  return { ...page, items };
}

/**
 * Where the work of someone with no cases of their own is, for Home's empty list: a business-area owner's is in
 * Actions, an administrator's in Admin (both in the rail). Null for the roles whose work is cases.
 */
export function elsewhereOnHome(roles: readonly string[]): string | null {
  if (roles.some((r) => r === 'agent' || r === 'team-leader' || r === 'manager')) return null;
  if (roles.includes('business-area-owner')) {
    return 'The actions your business areas own are in Actions, in the rail on the left.';
  }
  if (roles.includes('administrator'))
    return 'Users, letter templates and settings are in Admin, in the rail on the left.';
  return null;
}
