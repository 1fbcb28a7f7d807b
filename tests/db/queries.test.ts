import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendTimelineEvent,
  breaching,
  caseDetail,
  myWork,
  teamQueue,
  updateComplaintState,
  type DeskDatabase,
} from '../../db/sqlite/index.js';
import { isoDate } from '../../shared/domain/dates.js';
import { calendarFor } from '../../shared/domain/calendar/working-days.js';
import { AGENT, AGENT2, TEAM_A, TEAM_B, addCase, idFactory, nextHlc, openTemp, seedDesk, tempDir } from './fixtures.js';

let desk: DeskDatabase;
let cleanup: () => void;
const newId = idFactory();
const today = isoDate('2025-01-08');

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  desk = openTemp(t.dir);
  seedDesk(desk.db);
  const days = ['2025-01-03', '2025-01-08', '2025-01-10', '2025-01-15', '2025-02-03'];
  for (let i = 0; i < 130; i++) {
    addCase(desk.db, newId, {
      familyName: `P${i}`,
      nextDeadlineDate: i % 13 === 0 ? null : (days[i % days.length] ?? null),
      assigneeId: i % 2 ? AGENT : AGENT2,
      teamId: i % 5 === 4 ? TEAM_B : TEAM_A,
      status: i % 17 === 0 ? 'closed' : 'open',
    });
  }
});
afterAll(() => {
  desk.close();
  cleanup();
});

const sortKey = (d: string | null, ref: string): string => `${d ?? '9999-12-31'}|${ref}`;

describe('queries', () => {
  it('my work: only my open cases, soonest deadline first, undated last, with working days left', () => {
    const page = myWork(desk.db, { assigneeId: AGENT, today, limit: 500 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((c) => c.assigneeId === AGENT && c.status === 'open')).toBe(true);
    const keys = page.items.map((c) => sortKey(c.nextDeadlineDate, c.reference));
    expect(keys).toEqual([...keys].sort());
    const dated = page.items.filter((c) => c.nextDeadlineDate !== null);
    // Deadline-date order is working-days-left order.
    const left = dated.map((c) => c.workingDaysLeft ?? 0);
    expect(left).toEqual([...left].sort((a, b) => a - b));
    const first = dated[0];
    expect(first?.workingDaysLeft).toBe(calendarFor('england-and-wales').workingDaysLeft(today, isoDate('2025-01-03')));
    expect(page.items.at(-1)?.nextDeadlineDate).toBeNull();
    expect(page.items.at(-1)?.workingDaysLeft).toBeNull();
  });

  it('team queue: keyset pages of 50 that together list every open case of the team exactly once, in order', () => {
    const all: string[] = [];
    let after = null;
    let pages = 0;
    do {
      const page = teamQueue(desk.db, { teamId: TEAM_A, today, after });
      expect(page.items.length).toBeLessThanOrEqual(50);
      all.push(...page.items.map((c) => sortKey(c.nextDeadlineDate, c.reference)));
      after = page.next;
      pages++;
    } while (after);
    const expected = (
      desk.db
        .prepare("SELECT next_deadline_date AS d, reference AS r FROM complaints WHERE team_id = ? AND status = 'open'")
        .all(TEAM_A) as { d: string | null; r: string }[]
    )
      .map((r) => sortKey(r.d, r.r))
      .sort();
    expect(all).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 50));
  });

  it('breaching today and this week', () => {
    const todayList = breaching(desk.db, { onOrBefore: today, today });
    expect(todayList.length).toBeGreaterThan(0);
    expect(todayList.every((c) => c.nextDeadlineDate !== null && c.nextDeadlineDate <= today)).toBe(true);
    expect(todayList.every((c) => (c.workingDaysLeft ?? 1) <= 0)).toBe(true);
    const week = breaching(desk.db, { onOrBefore: isoDate('2025-01-10'), today, teamId: TEAM_A, limit: 500 });
    expect(week.length).toBeGreaterThan(todayList.filter((c) => c.teamId === TEAM_A).length);
    expect(week.every((c) => c.teamId === TEAM_A && (c.nextDeadlineDate ?? '') <= '2025-01-10')).toBe(true);
    const mine = breaching(desk.db, { onOrBefore: today, today, assigneeId: AGENT });
    expect(mine.every((c) => c.assigneeId === AGENT)).toBe(true);
  });

  it('uses the partial indexes (no full scan, no sort) for queues', () => {
    const plan = (sql: string, ...args: unknown[]): string =>
      (desk.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    const p = plan(
      "SELECT id FROM complaints c WHERE c.team_id = ? AND c.status IN ('screening', 'open') AND (c.queue_date, c.reference) > (?, ?) ORDER BY c.queue_date, c.reference LIMIT 51",
      TEAM_A,
      '',
      '',
    );
    expect(p).toMatch(/complaints_team_queue/);
    expect(p).not.toMatch(/TEMP B-TREE/);
  });

  it('case detail with its timeline, including the enquiry it came from', () => {
    const c = addCase(desk.db, newId, { familyName: 'Detail' });
    desk.db.transaction(() => {
      appendTimelineEvent(desk.db, {
        id: newId(),
        contactId: c.contactId,
        hlc: nextHlc(),
        occurredAt: '2025-01-06T09:00:00Z',
        actorId: AGENT,
        kind: 'contact-logged',
        summary: 'Enquiry logged',
      });
      appendTimelineEvent(desk.db, {
        id: newId(),
        complaintId: c.complaintId,
        contactId: c.contactId,
        hlc: nextHlc(),
        occurredAt: '2025-01-06T09:05:00Z',
        actorId: AGENT,
        kind: 'converted',
        summary: 'Converted to a complaint',
      });
      appendTimelineEvent(desk.db, {
        id: newId(),
        complaintId: c.complaintId,
        hlc: nextHlc(),
        occurredAt: '2025-01-07T09:00:00Z',
        actorId: AGENT,
        kind: 'acknowledged',
        summary: 'Acknowledged',
        detail: { by: 'letter' },
      });
      expect(
        updateComplaintState(
          desk.db,
          c.complaintId,
          1,
          {
            stateJson: '{"stage":"stage-1","ack":true}',
            status: 'open',
            stageKey: 'stage-1',
            stageStatus: 'investigating',
            assigneeId: AGENT,
            teamId: TEAM_A,
            nextDeadlineDate: '2025-01-21',
            nextDeadlineKind: 'response',
          },
          nextHlc(),
        ),
      ).toBe(true);
      // A stale version is refused rather than overwriting a newer change.
      expect(
        updateComplaintState(
          desk.db,
          c.complaintId,
          1,
          {
            stateJson: '{}',
            status: 'open',
            stageKey: null,
            stageStatus: null,
            assigneeId: null,
            teamId: null,
            nextDeadlineDate: null,
            nextDeadlineKind: null,
          },
          nextHlc(),
        ),
      ).toBe(false);
    })();
    const d = caseDetail(desk.db, { complaintId: c.complaintId, today });
    expect(d?.complaint.reference).toBe(c.reference);
    expect(d?.complaint.state).toEqual({ stage: 'stage-1', ack: true });
    expect(d?.timeline.map((e) => e.kind)).toEqual(['contact-logged', 'converted', 'acknowledged']);
    expect(d?.timeline[2]?.detail).toEqual({ by: 'letter' });
    expect(d?.workingDaysLeft).toBe(9);
    expect(d?.person?.family_name).toBe('Detail');
    expect(caseDetail(desk.db, { complaintId: 'nope', today })).toBeNull();
    expect(() => desk.db.prepare('DELETE FROM timeline_events').run()).toThrow(/append-only/);
  });
});
