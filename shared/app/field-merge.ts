// How concurrent work from several desks merges. Three kinds of data, three rules:
//
// 1. Plain editable fields (a complaint's summary, outcome wanted, category, business area and assignment; a
//    person's name and contact details) merge field by field, last writer wins by hybrid logical clock. Each
//    row keeps, per field, the HLC of the write that set it (`field_hlcs`); a write sets a field only when its
//    HLC is greater. Encoded HLCs sort as strings in clock order and end with the issuing desk's id, so equal
//    times are broken deterministically by desk id (and a desk never issues the same HLC twice). Whatever
//    order the server receives the edits in, every field ends with the value of its greatest-HLC edit, and
//    desks take the server's rows: everyone converges on the same values.
// 2. Append-only items (notes, correspondence, timeline events, audit) are only ever inserted: never merged,
//    never overwritten.
// 3. Lifecycle transitions are serialised by the server's state machine (use-cases.ts re-run on the server);
//    when the loser of a race was a decision (a stage decision, a refusal, an escalation refusal) and the
//    winner decided differently, that is a genuine conflict: it is recorded (`detectDecisionConflict`) and a
//    person resolves it ('resolve-conflict'), rather than one decision silently disappearing.
/** A column's value, as in a canonical row. */
type RowValue = string | number | null;

/**
 * The columns each table merges last-writer-wins, as the desk's SQLite columns name them. A contact's
 * adjustments are one JSON column merged by part: its field HLCs are keyed by ADJUSTMENT_PARTS, and the
 * column is rebuilt from the parts (merge-use-cases.ts updateContact).
 */
export const LWW_FIELDS = {
  complaints: ['summary', 'outcome_wanted', 'category_key', 'business_area_key', 'assignee_id', 'team_id'],
  people: ['given_name', 'family_name', 'display_name', 'email', 'phone', 'address_line1', 'town', 'postcode'],
  contacts: ['outcome_wanted', 'category_key', 'business_area_key', 'adjustments_json'],
} as const;

/** The parts of a contact's adjustments that merge separately, as their field HLCs are keyed. */
export const ADJUSTMENT_PARTS = {
  supports: 'adjustments.supports',
  language: 'adjustments.language',
  preferredChannel: 'adjustments.preferredChannel',
  detail: 'adjustments.detail',
} as const;
export type LwwTable = keyof typeof LWW_FIELDS;
export type LwwField<T extends LwwTable> = (typeof LWW_FIELDS)[T][number];

export type FieldHlcs = Readonly<Record<string, string>>;

/** A row's `field_hlcs` column; anything unreadable counts as "no field edited since creation". */
export function parseFieldHlcs(json: RowValue | undefined): FieldHlcs {
  if (typeof json !== 'string') return {};
  try {
    const v: unknown = JSON.parse(json);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

/** Keys sorted, so the same map is always the same text on the desk and on the server. */
export function encodeFieldHlcs(h: FieldHlcs): string {
  return JSON.stringify(Object.fromEntries(Object.entries(h).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

export interface FieldMerge {
  /** The fields this write sets (its HLC is newer than theirs), with their new values. */
  readonly applied: Readonly<Record<string, RowValue>>;
  /** Fields a newer write has already set: this write's value for them is dropped. */
  readonly superseded: readonly string[];
  /** The row's field HLCs after the write. */
  readonly fieldHlcs: FieldHlcs;
}

/**
 * Merges a write of `changes` at `hlc` into a row whose fields were last set at `current`. A field is set only
 * by a strictly greater HLC: a replay of the same write (equal HLC) changes nothing.
 */
export function mergeFields(current: FieldHlcs, changes: Readonly<Record<string, RowValue>>, hlc: string): FieldMerge {
  const applied: Record<string, RowValue> = {};
  const superseded: string[] = [];
  const fieldHlcs: Record<string, string> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    const last = current[field] ?? '';
    if (hlc > last) {
      applied[field] = value;
      fieldHlcs[field] = hlc;
    } else {
      superseded.push(field);
    }
  }
  return { applied, superseded, fieldHlcs };
}

// ---- decision conflicts ----

/** The decision commands: what a person decided about a case, which must never be lost silently. */
export const DECISION_COMMANDS = ['respond', 'refuse', 'refuse-escalation'] as const;
export type DecisionCommand = (typeof DECISION_COMMANDS)[number];

export const CONFLICT_RESOLUTIONS = ['local', 'remote', 'merged'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

export function isDecisionCommand(type: unknown): type is DecisionCommand {
  return typeof type === 'string' && (DECISION_COMMANDS as readonly string[]).includes(type);
}

/** What the losing desk decided, as it sent it. */
export interface LocalDecision {
  readonly mutationId: string;
  readonly deskId: string;
  readonly actorId: string;
  readonly hlc: string;
  readonly command: Readonly<Record<string, unknown>> & { readonly type: DecisionCommand };
}

/** The case's decisions as the server holds them when the losing decision arrived. */
export interface RemoteDecision {
  readonly version: number;
  readonly status: string;
  readonly stageKey: string | null;
  readonly stageDecision: string | null;
  readonly decidedBy: string | null;
  readonly updatedHlc: string;
}

export interface DetectedConflict {
  /** Which decision: `stage:<key>:decision`, `screening` or `escalation`. */
  readonly field: string;
  readonly local: LocalDecision;
  readonly remote: RemoteDecision;
}

interface StateLike {
  readonly status: string;
  readonly stages: readonly {
    readonly key: string;
    readonly decision: string | null;
    readonly decidedBy: string | null;
  }[];
  readonly closure: { readonly kind: string } | null;
}

/**
 * Whether a decision command that the server refused (the case had moved on under it) lost to a DIFFERENT
 * decision: then it is a conflict to show a person. The same decision reached twice is agreement, and a
 * refusal for any other reason (permissions, invalid input) is an ordinary rejection.
 */
export function detectDecisionConflict(
  local: LocalDecision,
  state: StateLike,
  row: { readonly version: number; readonly updatedHlc: string },
): DetectedConflict | null {
  const decided = [...state.stages].reverse().find((s) => s.decision !== null);
  const remote: RemoteDecision = {
    version: row.version,
    status: state.status,
    stageKey: decided?.key ?? null,
    stageDecision: decided?.decision ?? null,
    decidedBy: decided?.decidedBy ?? null,
    updatedHlc: row.updatedHlc,
  };
  const c = local.command;
  if (c.type === 'respond') {
    if (!decided || decided.decision === c.decision) return null;
    return { field: `stage:${decided.key}:decision`, local, remote };
  }
  if (c.type === 'refuse') {
    // Refusing a complaint someone else accepted (or already refused: agreement).
    if (state.status === 'refused' || state.status === 'screening') return null;
    return { field: 'screening', local, remote };
  }
  // refuse-escalation: lost to an escalation already refused (agreement) or accepted into the next stage.
  if (state.closure?.kind === 'escalation-refused') return null;
  return { field: 'escalation', local, remote };
}
