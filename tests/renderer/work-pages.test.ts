// My work's pages and Home's preview of them: no case lost or shown twice across pages, unchanged cases kept as
// the same objects on a refresh (so their rows are not drawn again), and Home's short list with what it leaves out.
import { describe, expect, it } from 'vitest';
import type { CaseListItem, QueuePage } from '../../shared/contracts/desk-api.js';
import {
  elsewhereOnHome,
  HOME_PREVIEW_ROWS,
  homePreview,
  joinPages,
  sharePage,
} from '../../renderer/features/home/work-pages.js';

function item(n: number, patch: Partial<CaseListItem> = {}): CaseListItem {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    reference: `CMP-TEST-${String(n).padStart(6, '0')}`,
    status: 'open',
    stageKey: 'stage1',
    stageStatus: 'investigating',
    assigneeId: null,
    teamId: null,
    region: 'north',
    receivedDate: '2026-03-01',
    nextDeadlineDate: '2026-03-20',
    nextDeadlineKind: 'stage1:respond',
    workingDaysLeft: n,
    personName: `Resident ${n}`,
    summary: 'Leak under the sink',
    ...patch,
  };
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => item(from + i));
const cursor = (n: number) => ({ queueDate: '2026-03-01', reference: item(n).reference });
const page = (items: CaseListItem[], next: number | null): QueuePage => ({
  items,
  next: next === null ? null : cursor(next),
});

describe("Home's preview of My work", () => {
  it('shows the first rows and says how many more My work holds', () => {
    const p = homePreview(page(range(0, 100), 99), 250);
    expect(HOME_PREVIEW_ROWS).toBe(10);
    expect(p.rows.map((r) => r.reference)).toEqual(range(0, 10).map((r) => r.reference));
    expect(p.more).toBe(240);
  });
  it('counts at least the rest of the first page while the counts are not known, and nothing more when all fit', () => {
    expect(homePreview(page(range(0, 92), null), undefined).more).toBe(82);
    expect(homePreview(page(range(0, 4), null), 4)).toEqual({ rows: range(0, 4), more: 0 });
  });
});

describe("My work's pages", () => {
  it('joins the pages in order, next being the last page’s', () => {
    const joined = joinPages(page(range(0, 100), 99), [page(range(100, 200), 199), page(range(200, 230), null)]);
    expect(joined.items.map((i) => i.id)).toEqual(range(0, 230).map((i) => i.id));
    expect(joined.next).toBeNull();
    expect(joinPages(page(range(0, 100), 99), []).next).toEqual(cursor(99));
    expect(joinPages(undefined, [])).toEqual({ items: [], next: null });
  });
  it('shows a case that moved up into a refreshed first page once, where it now is', () => {
    // Case 150 became urgent: the first page fetched again holds it; the second page was fetched before.
    const first = page([item(150), ...range(0, 99)], 98);
    const joined = joinPages(first, [page(range(99, 199), 198)]);
    expect(joined.items).toHaveLength(199);
    expect(new Set(joined.items.map((i) => i.id)).size).toBe(199);
    expect(joined.items[0]?.id).toBe(item(150).id);
  });
  it('keeps the first page as it is when nothing was fetched after it (no copy to draw again)', () => {
    const first = page(range(0, 100), 99);
    expect(joinPages(first, []).items).toBe(first.items);
  });
});

describe('a page fetched again', () => {
  it('keeps unchanged cases as the objects already shown and takes the changed ones', () => {
    const shown = range(0, 5);
    const again = page([...range(0, 2).map((i) => ({ ...i })), item(2, { workingDaysLeft: -1 }), item(3), item(9)], 9);
    const shared = sharePage(shown, again);
    expect(shared.items[0]).toBe(shown[0]);
    expect(shared.items[1]).toBe(shown[1]);
    expect(shared.items[2]).not.toBe(shown[2]);
    expect(shared.items[2]?.workingDaysLeft).toBe(-1);
    expect(shared.items[3]).toBe(shown[3]);
    expect(shared.items[4]).toBe(again.items[4]);
    expect(shared.next).toEqual(cursor(9));
  });
});

describe("Home's empty list for someone whose work is not cases", () => {
  it('leads a business-area owner to Actions and an administrator to Admin', () => {
    expect(elsewhereOnHome(['business-area-owner'])).toBe(
      'The actions your business areas own are in Actions, in the rail on the left.',
    );
    expect(elsewhereOnHome(['administrator'])).toBe(
      'Users, letter templates and settings are in Admin, in the rail on the left.',
    );
  });
  it('adds nothing for the roles whose work is cases, whatever else they hold', () => {
    expect(elsewhereOnHome(['agent'])).toBeNull();
    expect(elsewhereOnHome(['team-leader'])).toBeNull();
    expect(elsewhereOnHome(['manager', 'business-area-owner'])).toBeNull();
  });
});
