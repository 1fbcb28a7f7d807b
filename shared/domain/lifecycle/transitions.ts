// The case lifecycle as a state machine over plain data. Every transition returns the new state, the
// deadlines now running and the letters now owed, or an error value saying why it is not allowed.
import type { WorkingCalendar } from '../calendar/working-days.js';
import { addCalendarMonths, compareDates, type IsoDate } from '../dates.js';
import { stageDeadlines } from '../profiles/deadlines.js';
import { inCyberIncidentWindow, screenComplaint, type ExclusionClaim } from '../profiles/screening.js';
import type { ExceptionCode, PolicyProfile, StageDef, StageKey } from '../profiles/types.js';
import type { Region } from '../calendar/bank-holidays.js';
import type {
  CaseRecord,
  ConversionReason,
  Decision,
  LetterKind,
  RunningDeadline,
  StageRecord,
  TransitionError,
  TransitionResult,
} from './types.js';

export interface LifecycleContext {
  readonly profile: PolicyProfile;
  readonly calendar: WorkingCalendar;
}

export type CaseCommand =
  | { readonly type: 'resolve-enquiry'; readonly on: IsoDate; readonly resolution: string }
  | {
      readonly type: 'convert-to-complaint';
      readonly on: IsoDate;
      readonly reason: ConversionReason;
      readonly residentOfferedChoice: boolean;
    }
  | {
      readonly type: 'accept';
      readonly on: IsoDate;
      readonly entryStage?: StageKey;
      readonly issueDate?: IsoDate | null;
      readonly awareDate?: IsoDate | null;
      readonly exceptions?: readonly ExceptionCode[];
    }
  | {
      readonly type: 'refuse';
      readonly on: IsoDate;
      readonly exclusions: readonly ExclusionClaim[];
      readonly issueDate?: IsoDate | null;
      readonly awareDate?: IsoDate | null;
      readonly exceptions?: readonly ExceptionCode[];
    }
  | {
      readonly type: 'acknowledge';
      readonly on: IsoDate;
      readonly by: string;
      readonly understanding: string;
      readonly outcomeSought: string;
    }
  | {
      readonly type: 'extend';
      readonly on: IsoDate;
      readonly to: IsoDate;
      readonly reason: string;
      readonly residentAgreed: boolean;
    }
  | { readonly type: 'respond'; readonly on: IsoDate; readonly by: string; readonly decision: Decision }
  | {
      readonly type: 'request-escalation';
      readonly on: IsoDate;
      /** Accept a request made after the window has closed, with the reason for using discretion. */
      readonly lateDiscretionReason?: string;
      /** Clarion interim: an escalation because of the cyber incident closes the complaint at stage one. */
      readonly becauseOfCyberIncident?: boolean;
    }
  | { readonly type: 'refuse-escalation'; readonly on: IsoDate; readonly reasons: string }
  | { readonly type: 'close'; readonly on: IsoDate; readonly note: string }
  | { readonly type: 'withdraw'; readonly on: IsoDate; readonly reason: string }
  | {
      readonly type: 'reopen';
      readonly on: IsoDate;
      readonly newInformation: string;
      readonly exceptions?: readonly ExceptionCode[];
    };

export type CaseCommandType = CaseCommand['type'];

export const COMMAND_TYPES: readonly CaseCommandType[] = [
  'resolve-enquiry',
  'convert-to-complaint',
  'accept',
  'refuse',
  'acknowledge',
  'extend',
  'respond',
  'request-escalation',
  'refuse-escalation',
  'close',
  'withdraw',
  'reopen',
];

export function newEnquiry(profile: PolicyProfile, region: Region, receivedOn: IsoDate): CaseRecord {
  return {
    profileId: profile.id,
    region,
    status: 'enquiry',
    receivedOn,
    enquiry: { resolvedOn: null, resolution: null },
    conversion: null,
    screening: null,
    stages: [],
    closure: null,
    withdrawal: null,
    reopenings: [],
  };
}

/** A contact that is a complaint from the start (the resident asked, or the agent recognised one). */
export function newComplaint(profile: PolicyProfile, region: Region, receivedOn: IsoDate): CaseRecord {
  return {
    ...newEnquiry(profile, region, receivedOn),
    status: 'screening',
    enquiry: null,
    conversion: { on: receivedOn, reason: 'resident-asked', residentOfferedChoice: true },
  };
}

const fail = (code: TransitionError['code'], message: string, field?: string): TransitionResult => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
});

function currentStage(state: CaseRecord): StageRecord | undefined {
  return state.stages[state.stages.length - 1];
}

function stageDef(profile: PolicyProfile, key: StageKey): { def: StageDef; index: number } {
  const index = profile.stages.findIndex((s) => s.key === key);
  const def = profile.stages[index];
  if (!def) throw new Error(`profile ${profile.id} has no stage ${key}`);
  return { def, index };
}

function deadlinesOf(stage: StageRecord, ctx: LifecycleContext) {
  const { def, index } = stageDef(ctx.profile, stage.key);
  const last = stage.extensions[stage.extensions.length - 1];
  return stageDeadlines(
    def,
    {
      entered: stage.enteredOn,
      acknowledged: stage.acknowledgedOn,
      responded: stage.respondedOn,
      extendedTo: last ? last.to : null,
    },
    ctx.calendar,
    index < ctx.profile.stages.length - 1,
  );
}

/** The deadlines running now: those of the current stage whose events have not happened. */
export function runningDeadlines(state: CaseRecord, ctx: LifecycleContext): RunningDeadline[] {
  if (state.status !== 'open') return [];
  const stage = currentStage(state);
  if (!stage) return [];
  const d = deadlinesOf(stage, ctx);
  const out: RunningDeadline[] = [];
  if (stage.status === 'entered' && d.acknowledgeBy) {
    out.push({ kind: 'acknowledge', stage: stage.key, due: d.acknowledgeBy, latestWithExtension: null });
  }
  if (stage.status !== 'responded' && d.currentRespondBy) {
    out.push({
      kind: 'respond',
      stage: stage.key,
      due: d.currentRespondBy,
      latestWithExtension: d.respondByWithMaxExtension,
    });
  }
  if (stage.status === 'responded' && d.escalationRequestBy) {
    out.push({ kind: 'escalation-request', stage: stage.key, due: d.escalationRequestBy, latestWithExtension: null });
  }
  return out;
}

function ok(state: CaseRecord, ctx: LifecycleContext, lettersOwed: LetterKind[] = []): TransitionResult {
  return { ok: true, state, deadlines: runningDeadlines(state, ctx), lettersOwed };
}

function replaceCurrent(state: CaseRecord, stage: StageRecord): CaseRecord {
  return { ...state, stages: [...state.stages.slice(0, -1), stage] };
}

function enterStage(key: StageKey, on: IsoDate): StageRecord {
  return {
    key,
    status: 'entered',
    enteredOn: on,
    acknowledgedOn: null,
    definition: null,
    extensions: [],
    respondedOn: null,
    decision: null,
    decidedBy: null,
  };
}

/** The latest event recorded on the case: events are recorded in order, never back-dated before it. */
export function lastEvent(state: CaseRecord): { on: IsoDate; what: string } {
  const events: [IsoDate | null | undefined, string][] = [
    [state.receivedOn, 'the date the contact was received'],
    [state.enquiry?.resolvedOn, 'the enquiry was resolved'],
    [state.conversion?.on, 'the conversion to a complaint'],
    [state.screening?.on, 'the screening decision'],
    ...state.reopenings.map((r): [IsoDate, string] => [r.on, 'the case was re-opened']),
  ];
  for (const st of state.stages) {
    events.push([st.enteredOn, 'the stage began'], [st.acknowledgedOn, 'the acknowledgement']);
    for (const e of st.extensions) events.push([e.on, 'the extension was agreed']);
    events.push([st.respondedOn, 'the stage response']);
  }
  events.push([state.closure?.on, 'the case was closed'], [state.withdrawal?.on, 'the case was withdrawn']);
  // Later entries win ties: the most specific event of the day is the one named.
  let last = { on: state.receivedOn, what: 'the date the contact was received' };
  for (const [on, what] of events) if (on && compareDates(on, last.on) >= 0) last = { on, what };
  return last;
}

const blank = (s: string | undefined) => s === undefined || s.trim().length === 0;

function notBefore(on: IsoDate, earliest: IsoDate, what: string): TransitionResult | null {
  return compareDates(on, earliest) < 0
    ? fail('invalid-input', `the date ${on} is before ${what} (${earliest})`, 'on')
    : null;
}

export function applyCommand(state: CaseRecord, command: CaseCommand, ctx: LifecycleContext): TransitionResult {
  if (state.profileId !== ctx.profile.id) {
    return fail('invalid-input', `the case follows ${state.profileId}, not ${ctx.profile.id}`);
  }
  const last = lastEvent(state);
  const early = notBefore(command.on, last.on, last.what);
  if (early) return early;
  const stage = currentStage(state);
  const { profile, calendar } = ctx;

  switch (command.type) {
    case 'resolve-enquiry': {
      if (state.status !== 'enquiry')
        return fail('illegal-transition', `only an open enquiry can be resolved; this case is ${state.status}`);
      if (blank(command.resolution)) return fail('invalid-input', 'say how the enquiry was resolved', 'resolution');
      return ok(
        {
          ...state,
          status: 'enquiry-resolved',
          enquiry: { resolvedOn: command.on, resolution: command.resolution.trim() },
        },
        ctx,
      );
    }

    case 'convert-to-complaint': {
      if (state.status !== 'enquiry' && state.status !== 'enquiry-resolved') {
        return fail(
          'illegal-transition',
          `only an enquiry can be converted to a complaint; this case is ${state.status}`,
        );
      }
      if (!command.residentOfferedChoice) {
        return fail(
          'guard-failed',
          'record that the resident was offered the choice to make a complaint (Code 1.3)',
          'residentOfferedChoice',
        );
      }
      return ok(
        {
          ...state,
          status: 'screening',
          conversion: { on: command.on, reason: command.reason, residentOfferedChoice: true },
        },
        ctx,
      );
    }

    case 'accept': {
      if (state.status !== 'screening')
        return fail(
          'illegal-transition',
          `only a complaint being screened can be accepted; this case is ${state.status}`,
        );
      const entry = command.entryStage ?? profile.stages[0]?.key;
      if (!entry || !profile.stages.some((s) => s.key === entry)) {
        return fail('invalid-input', `${profile.id} has no stage '${String(entry)}'`, 'entryStage');
      }
      const screened = screenComplaint(profile, { received: state.receivedOn, ...command, exclusions: [] });
      if (!screened.ok) return fail('invalid-input', screened.errors[0]?.message ?? 'invalid screening input');
      if (!screened.result.accepted) {
        return fail(
          'guard-failed',
          `the time limit applies: ${screened.result.reasons[0]?.text ?? ''} Refuse it, or record an exception the profile allows.`,
        );
      }
      return ok(
        {
          ...state,
          status: 'open',
          screening: { on: command.on, accepted: true, reasons: screened.result.reasons },
          // A re-opened complaint's clock starts from the re-opening, when the new information arrived.
          stages: [enterStage(entry, state.reopenings[state.reopenings.length - 1]?.on ?? state.receivedOn)],
        },
        ctx,
      );
    }

    case 'refuse': {
      if (state.status !== 'screening')
        return fail(
          'illegal-transition',
          `only a complaint being screened can be refused; this case is ${state.status}`,
        );
      const screened = screenComplaint(profile, { received: state.receivedOn, ...command });
      if (!screened.ok) {
        const e = screened.errors[0];
        return fail('invalid-input', e?.message ?? 'invalid exclusion', e?.field);
      }
      if (screened.result.accepted) {
        return fail(
          'guard-failed',
          'no valid, evidenced reason to refuse: give an exclusion of the profile with its evidence, or the issue and received dates that break the time limit',
        );
      }
      const cyber =
        command.exclusions.some((e) => e.code === 'cyber-incident-delay') &&
        inCyberIncidentWindow(profile, state.receivedOn);
      return ok(
        {
          ...state,
          status: 'refused',
          screening: { on: command.on, accepted: false, reasons: screened.result.reasons },
        },
        ctx,
        [cyber ? 'cyber-incident-apology' : 'refusal'],
      );
    }

    case 'acknowledge': {
      if (state.status !== 'open' || !stage)
        return fail('illegal-transition', `only an open complaint can be acknowledged; this case is ${state.status}`);
      if (stage.status !== 'entered') return fail('illegal-transition', `this stage is already ${stage.status}`);
      if (blank(command.understanding))
        return fail('invalid-input', 'set out our understanding of the complaint', 'understanding');
      if (blank(command.outcomeSought))
        return fail('invalid-input', 'set out the outcome the resident seeks', 'outcomeSought');
      const e = notBefore(command.on, stage.enteredOn, 'the stage began');
      if (e) return e;
      const first = state.stages.length === 1 || stage.key === profile.stages[0]?.key;
      return ok(
        replaceCurrent(state, {
          ...stage,
          status: 'acknowledged',
          acknowledgedOn: command.on,
          definition: { understanding: command.understanding.trim(), outcomeSought: command.outcomeSought.trim() },
        }),
        ctx,
        [first ? 'acknowledgement' : 'escalation-acknowledgement'],
      );
    }

    case 'extend': {
      if (state.status !== 'open' || !stage)
        return fail('illegal-transition', `only an open complaint can be extended; this case is ${state.status}`);
      if (stage.status === 'responded') return fail('illegal-transition', 'this stage has already been responded to');
      const { def } = stageDef(profile, stage.key);
      if (def.extension.kind === 'none')
        return fail('guard-failed', `${profile.id} provides no extension at ${def.name} (${def.extension.cite})`);
      if (blank(command.reason)) return fail('invalid-input', 'an extension needs its reason', 'reason');
      const d = deadlinesOf(stage, ctx);
      if (!d.currentRespondBy)
        return fail('guard-failed', `${def.name} of ${profile.id} sets no response deadline to extend`);
      if (def.extension.kind === 'capped' && def.extension.needsResidentAgreement && !command.residentAgreed) {
        return fail(
          'guard-failed',
          `an extension under ${profile.id} needs the resident's agreement (${def.extension.cite})`,
          'residentAgreed',
        );
      }
      if (compareDates(command.on, d.currentRespondBy) > 0) {
        return fail(
          'guard-failed',
          `an extension must be agreed and explained before the deadline of ${d.currentRespondBy}; it has passed`,
          'on',
        );
      }
      if (compareDates(command.to, d.currentRespondBy) <= 0) {
        return fail('invalid-input', `the new date must be after the current deadline of ${d.currentRespondBy}`, 'to');
      }
      if (!calendar.isWorkingDay(command.to)) return fail('invalid-input', `${command.to} is not a working day`, 'to');
      if (d.respondByWithMaxExtension && compareDates(command.to, d.respondByWithMaxExtension) > 0) {
        return fail(
          'guard-failed',
          `${profile.id} allows extending to ${d.respondByWithMaxExtension} at the latest (${def.extension.cite})`,
          'to',
        );
      }
      return ok(
        replaceCurrent(state, {
          ...stage,
          extensions: [
            ...stage.extensions,
            {
              on: command.on,
              from: d.currentRespondBy,
              to: command.to,
              reason: command.reason.trim(),
              residentAgreed: command.residentAgreed,
            },
          ],
        }),
        ctx,
        ['extension'],
      );
    }

    case 'respond': {
      if (state.status !== 'open' || !stage)
        return fail('illegal-transition', `only an open complaint can be responded to; this case is ${state.status}`);
      if (stage.status === 'responded') return fail('illegal-transition', 'this stage has already been responded to');
      const { def, index } = stageDef(profile, stage.key);
      if (def.acknowledge && stage.status !== 'acknowledged') {
        return fail('guard-failed', `acknowledge and define the complaint before responding at ${def.name}`);
      }
      const e = notBefore(command.on, stage.acknowledgedOn ?? stage.enteredOn, 'the stage began');
      if (e) return e;
      if (def.decisionMakerMustDiffer) {
        const previous = [...state.stages].reverse().find((s) => s.key !== stage.key && s.decidedBy !== null);
        if (previous && previous.decidedBy === command.by) {
          return fail(
            'guard-failed',
            `${def.name} must be decided by someone other than the ${stageDef(profile, previous.key).def.name} decision-maker`,
            'by',
          );
        }
      }
      const lastStage = index === profile.stages.length - 1;
      const responded: StageRecord = {
        ...stage,
        status: 'responded',
        respondedOn: command.on,
        decision: command.decision,
        decidedBy: command.by,
      };
      if (lastStage) {
        return ok(
          {
            ...replaceCurrent(state, responded),
            status: 'closed',
            closure: { on: command.on, kind: 'final-response', note: null },
          },
          ctx,
          ['final-response'],
        );
      }
      return ok(replaceCurrent(state, responded), ctx, ['stage-response']);
    }

    case 'request-escalation': {
      if (state.status !== 'open' || !stage || stage.status !== 'responded') {
        return fail('illegal-transition', 'escalation can be requested only after the stage response');
      }
      const { index } = stageDef(profile, stage.key);
      const next = profile.stages[index + 1];
      if (!next) return fail('illegal-transition', `${profile.id} has no further stage`);
      if (command.becauseOfCyberIncident) {
        if (!profile.cyberIncident || !inCyberIncidentWindow(profile, state.receivedOn)) {
          return fail(
            'guard-failed',
            `${profile.id} has no cyber-incident rule for a complaint received ${state.receivedOn}`,
          );
        }
        return ok(
          {
            ...state,
            status: 'closed',
            closure: {
              on: command.on,
              kind: 'cyber-incident-closed-at-stage-one',
              note: 'closed at stage one; the resident may go directly to the Ombudsman',
            },
          },
          ctx,
          ['cyber-incident-apology'],
        );
      }
      const d = deadlinesOf(stage, ctx);
      if (
        d.escalationRequestBy &&
        compareDates(command.on, d.escalationRequestBy) > 0 &&
        blank(command.lateDiscretionReason)
      ) {
        return fail(
          'guard-failed',
          `the window to ask for ${next.name} ended ${d.escalationRequestBy}; accept it late only with a reason, or refuse the escalation`,
          'on',
        );
      }
      return ok({ ...state, stages: [...state.stages, enterStage(next.key, command.on)] }, ctx);
    }

    case 'refuse-escalation': {
      if (state.status !== 'open' || !stage || stage.status !== 'responded') {
        return fail('illegal-transition', 'an escalation can be refused only after the stage response');
      }
      if (blank(command.reasons))
        return fail('invalid-input', 'refusing to escalate needs the reasons (Code s.2)', 'reasons');
      return ok(
        {
          ...state,
          status: 'closed',
          closure: { on: command.on, kind: 'escalation-refused', note: command.reasons.trim() },
        },
        ctx,
        ['escalation-refusal'],
      );
    }

    case 'close': {
      if (state.status !== 'open' || !stage || stage.status !== 'responded') {
        return fail(
          'illegal-transition',
          'a complaint can be closed only after its stage response (use withdraw otherwise)',
        );
      }
      return ok(
        {
          ...state,
          status: 'closed',
          closure: {
            on: command.on,
            kind: 'resolved-at-stage',
            note: blank(command.note) ? null : command.note.trim(),
          },
        },
        ctx,
      );
    }

    case 'withdraw': {
      if (state.status !== 'open' && state.status !== 'screening' && state.status !== 'enquiry') {
        return fail('illegal-transition', `a ${state.status} case cannot be withdrawn`);
      }
      if (blank(command.reason)) return fail('invalid-input', 'record why the case was withdrawn', 'reason');
      return ok({ ...state, status: 'withdrawn', withdrawal: { on: command.on, reason: command.reason.trim() } }, ctx);
    }

    case 'reopen': {
      if (state.status !== 'closed' && state.status !== 'withdrawn' && state.status !== 'refused') {
        return fail(
          'illegal-transition',
          `only a closed, withdrawn or refused case can be re-opened; this case is ${state.status}`,
        );
      }
      if (blank(command.newInformation)) {
        return fail('guard-failed', `re-opening needs new information (${profile.reopen.cite})`, 'newInformation');
      }
      const endedOn = state.closure?.on ?? state.withdrawal?.on ?? state.screening?.on ?? state.receivedOn;
      const rule = profile.reopen;
      const exceptions = command.exceptions ?? [];
      if (
        rule.closedWithinMonths !== null &&
        compareDates(command.on, addCalendarMonths(endedOn, rule.closedWithinMonths)) > 0
      ) {
        if (!exceptions.some((x) => rule.exceptions.includes(x))) {
          return fail(
            'guard-failed',
            `closed ${endedOn}, over ${rule.closedWithinMonths} months ago: re-open only with an exception (${rule.exceptions.join(', ')}) (${rule.cite})`,
            'exceptions',
          );
        }
      }
      const reopening = { on: command.on, newInformation: command.newInformation.trim(), exceptions };
      const base = { ...state, closure: null, withdrawal: null, reopenings: [...state.reopenings, reopening] };
      if (state.status === 'refused' || !stage) {
        // A withdrawn enquiry goes back to being an enquiry: becoming a complaint still needs its conversion.
        return ok({ ...base, status: state.conversion ? 'screening' : 'enquiry', screening: null }, ctx);
      }
      return ok({ ...base, status: 'open', stages: [...state.stages, enterStage(stage.key, command.on)] }, ctx, []);
    }
  }
}

/** What the agent can do now, and for each thing it cannot, why (for commands shown disabled). */
export function availableCommands(
  state: CaseRecord,
  ctx: LifecycleContext,
): { type: CaseCommandType; allowed: boolean; reason: string | null }[] {
  const stage = currentStage(state);
  const def = stage ? stageDef(ctx.profile, stage.key) : null;
  const hasNext = def ? def.index < ctx.profile.stages.length - 1 : false;
  const why = (cond: boolean, reason: string) => (cond ? null : reason);
  const open = state.status === 'open';
  const responded = open && stage?.status === 'responded';
  const reasons: Record<CaseCommandType, string | null> = {
    'resolve-enquiry': why(state.status === 'enquiry', 'only an open enquiry can be resolved'),
    'convert-to-complaint': why(
      state.status === 'enquiry' || state.status === 'enquiry-resolved',
      'this is already a complaint',
    ),
    accept: why(state.status === 'screening', 'only a complaint being screened can be accepted'),
    refuse: why(state.status === 'screening', 'only a complaint being screened can be refused'),
    acknowledge: why(open && stage?.status === 'entered', 'nothing to acknowledge at this point'),
    extend: why(
      open && stage?.status !== 'responded' && def?.def.extension.kind !== 'none' && def?.def.respond !== null,
      def?.def.extension.kind === 'none'
        ? 'this profile provides no extension at this stage'
        : 'no response deadline is running',
    ),
    respond: why(
      open && stage?.status !== 'responded' && (!def?.def.acknowledge || stage?.status === 'acknowledged'),
      open ? 'acknowledge and define the complaint first' : 'no stage is open',
    ),
    'request-escalation': why(
      responded && hasNext,
      hasNext ? 'escalation follows the stage response' : 'this is the last stage',
    ),
    'refuse-escalation': why(responded && hasNext, 'escalation follows the stage response'),
    close: why(responded, 'a complaint is closed after its stage response'),
    withdraw: why(open || state.status === 'screening' || state.status === 'enquiry', 'the case is not open'),
    reopen: why(
      state.status === 'closed' || state.status === 'withdrawn' || state.status === 'refused',
      'the case is not closed',
    ),
  };
  return (Object.keys(reasons) as CaseCommandType[]).map((type) => ({
    type,
    allowed: reasons[type] === null,
    reason: reasons[type],
  }));
}
