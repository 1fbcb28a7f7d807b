// Deadlines of a profile's stages on the working-day clock. Where a deadline counts from an event that has
// not happened yet, it counts from that event's own deadline; where that event has no deadline, neither
// does anything counted from it.
import { addCalendarDays, type IsoDate } from '../dates.js';
import type { WorkingCalendar } from '../calendar/working-days.js';
import type { DayRule, PolicyProfile, StageDef, StageKey } from './types.js';

export interface StageEvents {
  /** Receipt for the first stage, the escalation request for later ones. */
  readonly entered: IsoDate | null;
  readonly acknowledged?: IsoDate | null;
  readonly responded?: IsoDate | null;
  /** The response date currently agreed after extensions, if any. */
  readonly extendedTo?: IsoDate | null;
}

export interface StageDeadlines {
  readonly stage: StageKey;
  readonly acknowledgeBy: IsoDate | null;
  /** The response deadline before any extension. */
  readonly respondBy: IsoDate | null;
  /** The response deadline as extended (equal to respondBy when not extended). */
  readonly currentRespondBy: IsoDate | null;
  /** The latest the response may be extended to; null where the profile sets no cap (or no response deadline). */
  readonly respondByWithMaxExtension: IsoDate | null;
  /** The last day to ask for the next stage; null where no window is set or there is no next stage. */
  readonly escalationRequestBy: IsoDate | null;
}

export function applyRule(rule: DayRule, from: IsoDate, calendar: WorkingCalendar): IsoDate {
  return rule.unit === 'working' ? calendar.addWorkingDays(from, rule.days) : addCalendarDays(from, rule.days);
}

export function stageDeadlines(
  stage: StageDef,
  events: StageEvents,
  calendar: WorkingCalendar,
  hasNextStage: boolean,
): StageDeadlines {
  const entered = events.entered;
  const acknowledgeBy = stage.acknowledge && entered ? applyRule(stage.acknowledge, entered, calendar) : null;
  const anchor = (a: DayRule['from'], respondedBy: IsoDate | null): IsoDate | null => {
    switch (a) {
      case 'entered':
        return entered;
      case 'acknowledged':
        return events.acknowledged ?? acknowledgeBy ?? (stage.acknowledge ? null : entered);
      case 'responded':
        return events.responded ?? respondedBy;
    }
  };
  const respondFrom = stage.respond ? anchor(stage.respond.from, null) : null;
  const respondBy = stage.respond && respondFrom ? applyRule(stage.respond, respondFrom, calendar) : null;
  const currentRespondBy = events.extendedTo ?? respondBy;
  let respondByWithMaxExtension: IsoDate | null = null;
  if (respondBy) {
    if (stage.extension.kind === 'capped') {
      respondByWithMaxExtension = calendar.addWorkingDays(respondBy, stage.extension.maxWorkingDays);
    } else if (stage.extension.kind === 'none') {
      respondByWithMaxExtension = respondBy;
    }
  }
  let escalationRequestBy: IsoDate | null = null;
  if (hasNextStage && stage.escalationWindow) {
    const from = anchor(stage.escalationWindow.from, currentRespondBy);
    escalationRequestBy = from ? applyRule(stage.escalationWindow, from, calendar) : null;
  }
  return {
    stage: stage.key,
    acknowledgeBy,
    respondBy,
    currentRespondBy,
    respondByWithMaxExtension,
    escalationRequestBy,
  };
}

export interface ProjectionInput {
  readonly received: IsoDate;
  readonly acknowledged?: IsoDate | null;
  readonly responded?: IsoDate | null;
  readonly escalationRequested?: IsoDate | null;
  readonly stage2Acknowledged?: IsoDate | null;
  readonly stage2Responded?: IsoDate | null;
}

/**
 * The whole procedure projected from the events known so far: `stage1` is the stage the complaint is
 * received into (for the four-level profile, its Stage 1; its Feedback with Investigation level is reported
 * separately), `stage2` the next one.
 */
export function projectDeadlines(profile: PolicyProfile, input: ProjectionInput, calendar: WorkingCalendar) {
  const i1 = profile.stages.findIndex((s) => s.key === 'stage1');
  const s1 = profile.stages[i1];
  if (!s1) throw new Error(`profile ${profile.id} has no stage 1`);
  const s2 = profile.stages[i1 + 1];
  const stage1 = stageDeadlines(
    s1,
    { entered: input.received, acknowledged: input.acknowledged ?? null, responded: input.responded ?? null },
    calendar,
    s2 !== undefined,
  );
  const stage2Entered = input.escalationRequested ?? stage1.escalationRequestBy;
  const stage2 = s2
    ? stageDeadlines(
        s2,
        {
          entered: stage2Entered,
          acknowledged: input.stage2Acknowledged ?? null,
          responded: input.stage2Responded ?? null,
        },
        calendar,
        profile.stages[i1 + 2] !== undefined,
      )
    : null;
  const fwi = profile.stages.find((s) => s.key === 'feedback-investigation');
  const feedbackWithInvestigation = fwi ? stageDeadlines(fwi, { entered: input.received }, calendar, true) : null;
  return { stage1, stage2, feedbackWithInvestigation };
}
