// Why an action's step buttons are disabled, in the use case's order: the role, then whose action it is (the
// case's team, or the business area the user owns, from the reference data), then the step itself.
import { describe, expect, it } from 'vitest';
import type { ReferenceData, Role } from '../../shared/contracts/desk-api.js';
import { caseTeamRefusal } from '../../shared/domain/remedies/remedies.js';
import { actionStepReason, caseFormReason, remedyStepReason } from '../../renderer/features/remedies/step-reasons.js';

const OLI = 'user-oli';
const AREAS: ReferenceData['businessAreas'] = [
  { key: 'repairs', name: 'Repairs and maintenance', ownerUserId: OLI },
  { key: 'asb', name: 'Anti-social behaviour', ownerUserId: 'user-someone-else' },
  { key: 'income', name: 'Income', ownerUserId: null },
];
const who = (userId: string, roles: Role[], teamId: string | null = null) => ({ userId, roles, teamId });
const action = (
  areaKey: string,
  over: Partial<{ status: 'open' | 'in-progress' | 'done'; caseTeamId: string }> = {},
) => ({
  status: over.status ?? ('open' as const),
  areaKey,
  areaName: AREAS.find((a) => a.key === areaKey)?.name ?? areaKey,
  complaintReference: 'CMP-TEST-0001',
  caseTeamId: over.caseTeamId ?? 'team-a',
});

describe('actionStepReason', () => {
  it('lets a business-area owner move on the actions of the areas they own, wherever the case sits', () => {
    const oli = who(OLI, ['business-area-owner']);
    expect(actionStepReason(oli, AREAS, action('repairs'), 'in-progress')).toBeNull();
    expect(actionStepReason(oli, AREAS, action('repairs', { caseTeamId: 'team-b' }), 'done')).toBeNull();
  });

  it('disables the actions of areas the owner does not own, naming the area', () => {
    const oli = who(OLI, ['business-area-owner']);
    for (const to of ['in-progress', 'done', 'cancelled'] as const) {
      expect(actionStepReason(oli, AREAS, action('asb'), to)).toBe(
        'only the owner of Anti-social behaviour updates its actions',
      );
    }
    // An area with no owner is nobody's to close from the dashboard.
    expect(actionStepReason(oli, AREAS, action('income'), 'done')).toBe('only the owner of Income updates its actions');
  });

  it('does not guess ownership before the reference data has arrived', () => {
    const oli = who(OLI, ['business-area-owner']);
    expect(actionStepReason(oli, undefined, action('repairs'), 'done')).toBe(
      'only the owner of Repairs and maintenance updates its actions',
    );
  });

  it('keeps casework roles to their own team’s cases; a manager acts on any; an owner-agent on their areas', () => {
    const agentA = who('user-ada', ['agent'], 'team-a');
    const agentB = who('user-ben', ['agent'], 'team-b');
    expect(actionStepReason(agentA, AREAS, action('asb'), 'done')).toBeNull();
    expect(actionStepReason(agentB, AREAS, action('asb'), 'done')).toBe('CMP-TEST-0001 belongs to another team');
    expect(actionStepReason(who('user-mo', ['manager'], 'team-b'), AREAS, action('asb'), 'done')).toBeNull();
    const ownerAgent = who(OLI, ['agent', 'business-area-owner'], 'team-b');
    expect(actionStepReason(ownerAgent, AREAS, action('repairs'), 'done')).toBeNull();
    expect(actionStepReason(ownerAgent, AREAS, action('asb'), 'done')).toBe(
      'only the owner of Anti-social behaviour updates its actions',
    );
  });

  it('checks the role first and the step last', () => {
    expect(actionStepReason(who('user-al', ['administrator']), AREAS, action('repairs'), 'done')).toBe(
      'your role may not update actions',
    );
    expect(actionStepReason(null, AREAS, action('repairs'), 'done')).toBe('your role may not update actions');
    const oli = who(OLI, ['business-area-owner']);
    expect(actionStepReason(oli, AREAS, action('repairs', { status: 'in-progress' }), 'in-progress')).toBe(
      'already in progress',
    );
    expect(actionStepReason(oli, AREAS, action('repairs', { status: 'done' }), 'cancelled')).toBe(
      'this action is already closed (Done)',
    );
  });
});

describe('caseTeamRefusal, remedyStepReason and caseFormReason', () => {
  const CASE = { reference: 'CMP-TEST-0002', teamId: 'team-a' };
  const agentA = who('user-ada', ['agent'], 'team-a');
  const agentB = who('user-chloe', ['agent'], 'team-b');
  const leaderB = who('user-lee', ['team-leader'], 'team-b');
  const managerB = who('user-mo', ['manager'], 'team-b');
  const offered = { status: 'offered', kind: 'financial' } as const;

  it('keeps agents and team leaders to their own team’s cases; managers act on any; a case with no team is anyone’s', () => {
    expect(caseTeamRefusal(agentA, CASE)).toBeNull();
    expect(caseTeamRefusal(agentB, CASE)).toBe('CMP-TEST-0002 belongs to another team');
    expect(caseTeamRefusal(leaderB, CASE)).toBe('CMP-TEST-0002 belongs to another team');
    expect(caseTeamRefusal(managerB, CASE)).toBeNull();
    expect(caseTeamRefusal(agentB, { ...CASE, teamId: null })).toBeNull();
    // A user with no team is outside every team's case.
    expect(caseTeamRefusal(who('user-x', ['agent']), CASE)).toBe('CMP-TEST-0002 belongs to another team');
  });

  it('disables every remedy step on another team’s case with that reason, after the role', () => {
    for (const step of ['accept', 'refuse', 'withdraw'] as const) {
      expect(remedyStepReason(agentA, CASE, offered, step)).toBeNull();
      expect(remedyStepReason(agentB, CASE, offered, step)).toBe('CMP-TEST-0002 belongs to another team');
    }
    expect(remedyStepReason(leaderB, CASE, { status: 'refused', kind: 'financial' }, 'reconsider')).toBe(
      'CMP-TEST-0002 belongs to another team',
    );
    // The role comes first (as in the use case), the step's own rule last.
    expect(remedyStepReason(agentB, CASE, { status: 'refused', kind: 'financial' }, 'reconsider')).toBe(
      'a team leader or manager does this',
    );
    expect(remedyStepReason(managerB, CASE, offered, 'mark-paid')).toBe(
      'only an accepted offer is paid; this one is offered',
    );
    expect(remedyStepReason(null, CASE, offered, 'accept')).toBe('your role may not do this');
  });

  it('disables the offer and add-action forms on another team’s case', () => {
    expect(caseFormReason(agentA, 'offer-remedy', CASE)).toBeNull();
    expect(caseFormReason(agentA, 'add-action', CASE)).toBeNull();
    expect(caseFormReason(leaderB, 'offer-remedy', CASE)).toBe('CMP-TEST-0002 belongs to another team');
    expect(caseFormReason(agentB, 'add-action', CASE)).toBe('CMP-TEST-0002 belongs to another team');
    expect(caseFormReason(managerB, 'add-action', CASE)).toBeNull();
    expect(caseFormReason(who(OLI, ['business-area-owner']), 'add-action', CASE)).toBe('your role may not add actions');
  });
});
