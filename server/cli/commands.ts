// The rules engine's command line: `deadlines` and `screen`. Parsing is strict: unknown options, missing
// values, impossible dates and unknown profiles are errors with a one-line message.
import {
  EXCEPTION_CODES,
  PROFILES,
  REGIONS,
  calendarFor,
  compareDates,
  findProfile,
  projectDeadlines,
  screenTimeLimit,
  tryIsoDate,
  type ExceptionCode,
  type IsoDate,
  type Region,
} from '../../shared/domain/index.js';

export class UsageError extends Error {}

type Spec = Record<string, { repeat?: boolean; required?: boolean }>;

function parseOptions(args: readonly string[], spec: Spec): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const opt = spec[name];
    if (!opt)
      throw new UsageError(
        `unknown option --${name} (expected ${Object.keys(spec)
          .map((k) => '--' + k)
          .join(', ')})`,
      );
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      i++;
    }
    const list = out.get(name) ?? [];
    if (list.length > 0 && !opt.repeat) throw new UsageError(`--${name} given more than once`);
    list.push(value);
    out.set(name, list);
  }
  for (const [name, opt] of Object.entries(spec)) {
    if (opt.required && !out.has(name)) throw new UsageError(`missing --${name}`);
  }
  return out;
}

function one(opts: Map<string, string[]>, name: string): string | undefined {
  return opts.get(name)?.[0];
}

function date(opts: Map<string, string[]>, name: string): IsoDate | null {
  const raw = one(opts, name);
  if (raw === undefined) return null;
  const d = tryIsoDate(raw);
  if (!d) throw new UsageError(`--${name}: '${raw}' is not a real date (YYYY-MM-DD)`);
  return d;
}

function profileOf(opts: Map<string, string[]>) {
  const id = one(opts, 'profile') ?? '';
  const p = findProfile(id);
  if (!p) throw new UsageError(`unknown profile '${id}' (known: ${PROFILES.map((x) => x.id).join(', ')})`);
  return p;
}

function regionOf(opts: Map<string, string[]>): Region {
  const r = one(opts, 'region') ?? 'england-and-wales';
  if (!(REGIONS as readonly string[]).includes(r))
    throw new UsageError(`unknown region '${r}' (known: ${REGIONS.join(', ')})`);
  return r as Region;
}

function inOrder(pairs: [string, IsoDate | null][]): void {
  let prev: [string, IsoDate] | null = null;
  for (const [name, d] of pairs) {
    if (!d) continue;
    if (prev && compareDates(d, prev[1]) < 0)
      throw new UsageError(`--${name} (${d}) is before --${prev[0]} (${prev[1]})`);
    prev = [name, d];
  }
}

export function deadlinesCommand(args: readonly string[]): object {
  const opts = parseOptions(args, {
    profile: { required: true },
    received: { required: true },
    acknowledged: {},
    responded: {},
    'escalation-requested': {},
    'stage2-acknowledged': {},
    'stage2-responded': {},
    region: {},
  });
  const profile = profileOf(opts);
  const region = regionOf(opts);
  const received = date(opts, 'received') as IsoDate;
  const input = {
    received,
    acknowledged: date(opts, 'acknowledged'),
    responded: date(opts, 'responded'),
    escalationRequested: date(opts, 'escalation-requested'),
    stage2Acknowledged: date(opts, 'stage2-acknowledged'),
    stage2Responded: date(opts, 'stage2-responded'),
  };
  inOrder([
    ['received', input.received],
    ['acknowledged', input.acknowledged],
    ['responded', input.responded],
    ['escalation-requested', input.escalationRequested],
    ['stage2-acknowledged', input.stage2Acknowledged],
    ['stage2-responded', input.stage2Responded],
  ]);
  const p = projectDeadlines(profile, input, calendarFor(region));
  const stage = (s: ReturnType<typeof projectDeadlines>['stage1'] | null) => ({
    acknowledgeBy: s?.acknowledgeBy ?? null,
    respondBy: s?.respondBy ?? null,
    respondByWithMaxExtension: s?.respondByWithMaxExtension ?? null,
  });
  return {
    profile: profile.id,
    region,
    stage1: stage(p.stage1),
    escalation: { requestBy: p.stage1.escalationRequestBy },
    stage2: stage(p.stage2),
    ...(p.feedbackWithInvestigation
      ? { feedbackWithInvestigation: { respondBy: p.feedbackWithInvestigation.respondBy } }
      : {}),
    profileValidFrom: profile.validFrom,
    inForceOnReceipt: compareDates(profile.validFrom, received) <= 0,
  };
}

export function screenCommand(args: readonly string[]): object {
  const opts = parseOptions(args, {
    profile: { required: true },
    received: { required: true },
    'issue-date': {},
    'aware-date': {},
    exception: { repeat: true },
  });
  const profile = profileOf(opts);
  const received = date(opts, 'received') as IsoDate;
  const issueDate = date(opts, 'issue-date');
  const awareDate = date(opts, 'aware-date');
  if (issueDate && compareDates(issueDate, received) > 0)
    throw new UsageError(`--issue-date (${issueDate}) is after --received (${received})`);
  if (awareDate && compareDates(awareDate, received) > 0)
    throw new UsageError(`--aware-date (${awareDate}) is after --received (${received})`);
  const exceptions = (opts.get('exception') ?? []).map((e) => {
    if (!(EXCEPTION_CODES as readonly string[]).includes(e)) {
      throw new UsageError(`unknown exception '${e}' (known: ${EXCEPTION_CODES.join(', ')})`);
    }
    return e as ExceptionCode;
  });
  const r = screenTimeLimit(profile, { received, issueDate, awareDate, exceptions });
  return {
    accepted: r.accepted,
    reasons: r.reasons.map((x) => x.text),
    details: r.reasons,
    profile: profile.id,
  };
}

export const USAGE = `usage:
  cli deadlines --profile ID --received YYYY-MM-DD [--acknowledged D] [--responded D] [--escalation-requested D] [--stage2-acknowledged D] [--region R]
  cli screen --profile ID --received D [--issue-date D] [--aware-date D] [--exception CODE]...`;

/** Runs one command; returns the exit code. */
export function run(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'deadlines':
        out(JSON.stringify(deadlinesCommand(rest)));
        return 0;
      case 'screen':
        out(JSON.stringify(screenCommand(rest)));
        return 0;
      case undefined:
      case '--help':
      case 'help':
        (command === undefined ? err : out)(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}' (expected deadlines or screen)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
