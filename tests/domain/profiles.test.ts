// Deadlines and screening of each profile, from the policy texts, on real calendar dates.
import { describe, expect, it } from 'vitest';
import {
  PROFILES,
  calendarFor,
  findProfile,
  isOlderThan,
  isoDate,
  profileInForce,
  projectDeadlines,
  screenComplaint,
  screenTimeLimit,
  type PolicyProfile,
} from '../../shared/domain/index.js';

const d = isoDate;
const ew = calendarFor('england-and-wales');
const profile = (id: string): PolicyProfile => {
  const p = findProfile(id);
  if (!p) throw new Error(id);
  return p;
};

describe('profile catalogue', () => {
  it('ships the five profiles, each citing its source for every deadline rule', () => {
    expect(PROFILES.map((p) => p.id)).toEqual([
      'hos-code-2024',
      'clarion-interim-2022',
      'four-level-2020',
      'citizen-2020',
      'connect-2022',
    ]);
    for (const p of PROFILES) {
      expect(p.source.title.length).toBeGreaterThan(10);
      for (const s of p.stages) {
        for (const rule of [s.acknowledge, s.respond, s.escalationWindow]) if (rule) expect(rule.cite).toMatch(/\w/);
        expect(s.extension.cite).toMatch(/\w/);
      }
    }
  });

  it('the Code has exactly two stages, the second decided by someone else', () => {
    const code = profile('hos-code-2024');
    expect(code.stages.map((s) => s.key)).toEqual(['stage1', 'stage2']);
    expect(code.stages[1]?.decisionMakerMustDiffer).toBe(true);
  });

  it('a complaint follows the profile assigned for the date it was received', () => {
    const assignments = [
      { profileId: 'clarion-interim-2022', from: d('2022-06-17'), to: d('2024-03-31') },
      { profileId: 'hos-code-2024', from: d('2024-04-01'), to: null },
    ];
    expect(profileInForce(d('2022-06-16'), assignments).id).toBe('hos-code-2024'); // before the window: the default family
    expect(profileInForce(d('2022-06-17'), assignments).id).toBe('clarion-interim-2022');
    expect(profileInForce(d('2024-03-31'), assignments).id).toBe('clarion-interim-2022');
    expect(profileInForce(d('2024-04-01'), assignments).id).toBe('hos-code-2024');
    expect(profileInForce(d('2025-01-01')).id).toBe('hos-code-2024');
  });
});

describe('deadlines', () => {
  it('hos-code-2024: 5 WD to acknowledge, 10 WD to respond from acknowledgement, +10 WD at most (Christmas 2024)', () => {
    const p = projectDeadlines(profile('hos-code-2024'), { received: d('2024-12-20') }, ew);
    // 23, 24, 27, 30, 31 December (25, 26 are bank holidays)
    expect(p.stage1.acknowledgeBy).toBe('2024-12-31');
    // from the acknowledgement deadline: 2, 3, 6–10, 13, 14, 15 January (1 January is a bank holiday)
    expect(p.stage1.respondBy).toBe('2025-01-15');
    expect(p.stage1.respondByWithMaxExtension).toBe('2025-01-29');
    expect(p.stage1.escalationRequestBy).toBeNull(); // the Code sets no escalation window
    expect(p.stage2?.acknowledgeBy).toBeNull();
  });

  it('hos-code-2024: counts from the real events once they happen', () => {
    const p = projectDeadlines(
      profile('hos-code-2024'),
      {
        received: d('2025-04-14'),
        acknowledged: d('2025-04-15'),
        responded: d('2025-04-25'),
        escalationRequested: d('2025-05-01'),
        stage2Acknowledged: d('2025-05-02'),
      },
      ew,
    );
    expect(p.stage1.acknowledgeBy).toBe('2025-04-23'); // Good Friday 18 and Easter Monday 21 April skipped
    expect(p.stage1.respondBy).toBe('2025-05-01'); // 10 WD after 15 April: 16, 17, 22–25, 28, 29, 30, 1 May (18, 21 holidays)
    expect(p.stage2?.acknowledgeBy).toBe('2025-05-09'); // 5 WD after 1 May: 2, 6, 7, 8, 9 (5 May holiday)
    expect(p.stage2?.respondBy).toBe('2025-06-03'); // 20 WD after 2 May, skipping 5 and 26 May
    expect(p.stage2?.respondByWithMaxExtension).toBe('2025-07-01'); // 20 more WD
  });

  it('connect-2022: stage 2 request within 21 days of the stage 1 response, answered in 20 WD (+10)', () => {
    const p = projectDeadlines(
      profile('connect-2022'),
      { received: d('2024-03-25'), acknowledged: d('2024-03-27'), responded: d('2024-04-05') },
      ew,
    );
    expect(p.stage1.acknowledgeBy).toBe('2024-04-03'); // 26, 27, 28, 2 Apr, 3 Apr (Good Friday 29 Mar, Easter Monday 1 Apr)
    expect(p.stage1.respondBy).toBe('2024-04-12');
    expect(p.stage1.respondByWithMaxExtension).toBe('2024-04-26');
    expect(p.stage1.escalationRequestBy).toBe('2024-04-26'); // 5 April + 21 calendar days
    expect(p.stage2?.respondBy).toBe('2024-05-28'); // counted from the request deadline: 20 WD after 26 April (6 and 27 May holidays)
  });

  it('four-level-2020: Feedback with Investigation 2 WD, Stage 1 8 WD, escalation within 10 days, Stage 2 5 WD', () => {
    const p = projectDeadlines(
      profile('four-level-2020'),
      { received: d('2023-05-04'), responded: d('2023-05-12'), escalationRequested: d('2023-05-19') },
      ew,
    );
    expect(p.feedbackWithInvestigation?.respondBy).toBe('2023-05-09'); // 5 May, (8 May coronation), 9 May
    expect(p.stage1.acknowledgeBy).toBeNull();
    expect(p.stage1.respondBy).toBe('2023-05-17'); // 5, 9, 10, 11, 12, 15, 16, 17
    expect(p.stage1.respondByWithMaxExtension).toBe('2023-05-17'); // no extension in this policy
    expect(p.stage1.escalationRequestBy).toBe('2023-05-22'); // 12 May + 10 calendar days
    expect(p.stage2?.respondBy).toBe('2023-05-26');
  });

  it('citizen-2020: acknowledge within 3 WD; one stage, no response deadline set', () => {
    const p = projectDeadlines(profile('citizen-2020'), { received: d('2022-09-15') }, ew);
    expect(p.stage1.acknowledgeBy).toBe('2022-09-21'); // 16, (19 funeral), 20, 21
    expect(p.stage1.respondBy).toBeNull();
    expect(p.stage2).toBeNull();
  });

  it('clarion-interim-2022: log in 10 WD, respond in 20 WD of logging; peer review 10 WD + 40 WD; no extension cap', () => {
    const p = projectDeadlines(
      profile('clarion-interim-2022'),
      {
        received: d('2022-12-16'),
        acknowledged: d('2022-12-22'),
        responded: d('2023-01-10'),
        escalationRequested: d('2023-01-16'),
      },
      ew,
    );
    expect(p.stage1.acknowledgeBy).toBe('2023-01-04'); // 19–23, 28, 29, 30 Dec, 3, 4 Jan (26, 27 Dec and 2 Jan holidays)
    expect(p.stage1.respondBy).toBe('2023-01-24');
    expect(p.stage1.respondByWithMaxExtension).toBeNull();
    expect(p.stage2?.acknowledgeBy).toBe('2023-01-30');
    expect(p.stage2?.respondBy).toBe('2023-03-27'); // 40 WD after 30 January
  });

  it('Scotland and Northern Ireland use their own calendars', () => {
    const received = d('2023-12-29');
    expect(
      projectDeadlines(profile('hos-code-2024'), { received }, calendarFor('england-and-wales')).stage1.acknowledgeBy,
    ).toBe('2024-01-08');
    expect(projectDeadlines(profile('hos-code-2024'), { received }, calendarFor('scotland')).stage1.acknowledgeBy).toBe(
      '2024-01-09',
    );
    const patrick = d('2025-03-14');
    expect(
      projectDeadlines(profile('connect-2022'), { received: patrick }, calendarFor('northern-ireland')).stage1
        .acknowledgeBy,
    ).toBe('2025-03-24');
  });
});

describe('time limits', () => {
  it('"older than N months" means received later than the start plus N calendar months', () => {
    expect(isOlderThan(d('2023-03-01'), 12, d('2024-03-01'))).toBe(false);
    expect(isOlderThan(d('2023-03-01'), 12, d('2024-03-02'))).toBe(true);
    expect(isOlderThan(d('2023-08-31'), 6, d('2024-02-29'))).toBe(false); // 31 Aug + 6 months = 29 Feb 2024
    expect(isOlderThan(d('2023-08-31'), 6, d('2024-03-01'))).toBe(true);
  });

  it('hos-code-2024 counts from the later of the issue and the resident becoming aware; good reason is discretion', () => {
    const code = profile('hos-code-2024');
    expect(screenTimeLimit(code, { received: d('2024-06-10'), issueDate: d('2023-05-01') }).accepted).toBe(false);
    expect(
      screenTimeLimit(code, { received: d('2024-06-10'), issueDate: d('2023-05-01'), awareDate: d('2023-07-01') })
        .accepted,
    ).toBe(true);
    expect(
      screenTimeLimit(code, { received: d('2024-06-10'), issueDate: d('2023-05-01'), exceptions: ['good-reason'] })
        .accepted,
    ).toBe(true);
    const r = screenTimeLimit(code, {
      received: d('2024-06-10'),
      issueDate: d('2023-05-01'),
      exceptions: ['damp-mould'],
    });
    expect(r.accepted).toBe(false);
    expect(r.reasons[0]?.text).toMatch(/damp-mould is not an exception under hos-code-2024/);
    expect(r.ombudsmanRightToBeStated).toBe(true);
  });

  it('connect-2022: six months from the issue, except safeguarding or health and safety', () => {
    const connect = profile('connect-2022');
    const late = { received: d('2024-03-01'), issueDate: d('2023-08-20') };
    expect(screenTimeLimit(connect, late).accepted).toBe(false);
    expect(screenTimeLimit(connect, { ...late, awareDate: d('2024-01-01') }).accepted).toBe(false); // awareness does not count here
    expect(screenTimeLimit(connect, { ...late, exceptions: ['health-and-safety'] }).accepted).toBe(true);
    expect(screenTimeLimit(connect, { ...late, exceptions: ['good-reason'] }).accepted).toBe(false);
  });

  it('citizen-2020: 12 months from when the problem happened; four-level and clarion set no issue-age limit', () => {
    expect(
      screenTimeLimit(profile('citizen-2020'), { received: d('2024-03-01'), issueDate: d('2023-02-28') }).accepted,
    ).toBe(false);
    expect(
      screenTimeLimit(profile('four-level-2020'), { received: d('2024-03-01'), issueDate: d('2010-01-01') }).accepted,
    ).toBe(true);
    expect(
      screenTimeLimit(profile('clarion-interim-2022'), { received: d('2024-03-01'), issueDate: d('2010-01-01') })
        .accepted,
    ).toBe(true);
  });

  it('without an issue date the limit is not applied, and says so', () => {
    const r = screenTimeLimit(profile('hos-code-2024'), { received: d('2024-03-01') });
    expect(r.accepted).toBe(true);
    expect(r.reasons[0]?.code).toBe('time-limit-not-applied');
  });
});

describe('exclusions', () => {
  it('a refusal needs an exclusion of the profile and its evidence', () => {
    const code = profile('hos-code-2024');
    const refused = screenComplaint(code, {
      received: d('2024-06-10'),
      exclusions: [{ code: 'legal-proceedings', evidence: 'Claim K00AB123 issued 2 May 2024' }],
    });
    expect(refused.ok && refused.result.accepted).toBe(false);
    expect(refused.ok && refused.result.reasons.find((r) => r.code === 'legal-proceedings')?.text).toMatch(
      /Claim K00AB123/,
    );
    const noEvidence = screenComplaint(code, {
      received: d('2024-06-10'),
      exclusions: [{ code: 'legal-proceedings', evidence: '  ' }],
    });
    expect(noEvidence).toEqual({
      ok: false,
      errors: [{ field: 'exclusions.0.evidence', message: expect.stringMatching(/evidence/) }],
    });
    const foreign = screenComplaint(code, {
      received: d('2024-06-10'),
      exclusions: [{ code: 'anonymous', evidence: 'no name given' }],
    });
    expect(foreign.ok).toBe(false);
  });

  it('clarion’s cyber-incident rule covers complaints received from 17 June 2022 only', () => {
    const clarion = profile('clarion-interim-2022');
    const claim = [{ code: 'cyber-incident-delay' as const, evidence: 'repair delayed while CRM down' }];
    expect(screenComplaint(clarion, { received: d('2022-06-17'), exclusions: claim }).ok).toBe(true);
    expect(screenComplaint(clarion, { received: d('2022-06-16'), exclusions: claim }).ok).toBe(false);
  });
});
