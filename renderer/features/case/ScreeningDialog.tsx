// Screening as a guided step: the resident was offered the choice (recorded at conversion), the profile's time
// limit with its exceptions, the profile's exclusions each with its evidence, then accept or refuse. The
// outcome is previewed with the same rules engine the use case runs (shared/domain), so the agent sees why
// before committing; the desk core checks it all again.
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { AvailableCommand, DeskApiError } from '../../../shared/contracts/desk-api.js';
import { words } from '../../../shared/contracts/vocabulary.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { CaseRecord } from '../../../shared/domain/lifecycle/types.js';
import { screenComplaint } from '../../../shared/domain/profiles/screening.js';
import type { ExceptionCode, ExclusionCode, PolicyProfile } from '../../../shared/domain/profiles/types.js';
import { useComplaintCommandMutation } from '../../api/desk-api.js';
import { isoFromUk } from './CommandDialog.js';
import { useReturnFocusOnUnmount } from '../../components/return-focus.js';

const STEPS = ['The choice to complain', 'Time limit', 'Exclusions', 'Decision'] as const;

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minHeight: '320px' },
  steps: { display: 'flex', gap: tokens.spacingHorizontalS, listStyleType: 'none', margin: 0, padding: 0 },
  step: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  current: {
    color: tokens.colorNeutralForegroundOnBrand,
    backgroundColor: tokens.colorBrandBackground,
    border: `1px solid ${tokens.colorBrandBackground}`,
  },
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM },
  exclusion: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  cite: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const dateOrNull = (uk: string): IsoDate | null => {
  const iso = isoFromUk(uk);
  return ISO.test(iso) ? (iso as IsoDate) : null;
};

export function ScreeningDialog({
  complaintId,
  version,
  state,
  profile,
  commands,
  onClose,
}: {
  complaintId: string;
  version: number;
  state: CaseRecord;
  profile: PolicyProfile;
  /** The case's available commands: whether this user may accept or refuse, and why not. */
  commands: readonly AvailableCommand[];
  onClose: (done: boolean) => void;
}) {
  // Mounted open and unmounted to close: the focus goes back to the command that opened it.
  useReturnFocusOnUnmount();
  const styles = useStyles();
  const [step, setStep] = useState(0);
  const [issueDate, setIssueDate] = useState('');
  const [awareDate, setAwareDate] = useState('');
  const [exceptions, setExceptions] = useState<ExceptionCode[]>([]);
  const [claims, setClaims] = useState<Partial<Record<ExclusionCode, string>>>({});
  const [error, setError] = useState<DeskApiError | null>(null);
  const [run, running] = useComplaintCommandMutation();
  const rule = profile.timeLimit;
  // The time limit is its own step; a first-time enquiry never reaches screening as a complaint.
  const exclusions = profile.exclusions.filter((e) => e.code !== 'too-old' && e.code !== 'first-time-enquiry');
  const accept = commands.find((c) => c.type === 'accept');
  const refuse = commands.find((c) => c.type === 'refuse');

  const issue = dateOrNull(issueDate);
  const aware = dateOrNull(awareDate);
  const claimed = Object.entries(claims)
    .filter(([, evidence]) => evidence !== undefined)
    .map(([code, evidence]) => ({ code: code as ExclusionCode, evidence: evidence ?? '' }));
  const timing = { issueDate: issue, awareDate: aware, exceptions };
  // Cheap (a few date comparisons): recomputed on every render.
  const preview = screenComplaint(profile, { received: state.receivedOn, ...timing, exclusions: claimed });
  const missingEvidence = claimed.filter((c) => !c.evidence.trim()).map((c) => c.code);

  async function decide(type: 'accept' | 'refuse') {
    setError(null);
    const dates = {
      ...(issue ? { issueDate: issue } : {}),
      ...(aware ? { awareDate: aware } : {}),
      ...(exceptions.length ? { exceptions } : {}),
    };
    const command = type === 'accept' ? { type, ...dates } : { type, ...dates, exclusions: claimed };
    const r = await run({ complaintId, expectedVersion: version, command });
    if ('error' in r) setError(r.error as DeskApiError);
    else onClose(true);
  }

  const conversion = state.conversion;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose(false)} modalType="modal">
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Screen the complaint</DialogTitle>
          <DialogContent className={styles.body}>
            <ol className={styles.steps} aria-label="Screening steps">
              {STEPS.map((s, i) => (
                <li
                  key={s}
                  className={mergeClasses(styles.step, i === step && styles.current)}
                  aria-current={i === step ? 'step' : undefined}
                >
                  {i + 1}. {s}
                </li>
              ))}
            </ol>
            {error && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>
                  <MessageBarTitle>Not saved</MessageBarTitle>
                  {error.message}
                </MessageBarBody>
              </MessageBar>
            )}
            {step === 0 && (
              <>
                <Text as="h3" weight="semibold">
                  Was the resident offered the choice to make a complaint? (Code 1.3)
                </Text>
                {conversion?.residentOfferedChoice ? (
                  <Text>
                    Yes: recorded when the enquiry was converted on {conversion.on} ({words(conversion.reason)}).
                  </Text>
                ) : (
                  <MessageBar intent="warning">
                    <MessageBarBody>No conversion is recorded for this case.</MessageBarBody>
                  </MessageBar>
                )}
                <Text>
                  Received {state.receivedOn}, screened under {profile.name}. Accept unless there is a valid, evidenced
                  reason not to (Code section 2).
                </Text>
              </>
            )}
            {step === 1 &&
              (rule ? (
                <>
                  <Text>
                    {profile.name} takes complaints within {rule.months} months of the issue
                    {rule.countsFrom === 'later-of-issue-and-awareness'
                      ? ' (or of when the resident became aware)'
                      : ''}
                    . <span className={styles.cite}>{rule.cite}</span>
                  </Text>
                  <div className={styles.row}>
                    <Field
                      label="When the issue happened (dd/mm/yyyy)"
                      hint="Leave empty if not known: the limit is then not applied"
                      validationState={issueDate && !issue ? 'error' : 'none'}
                      validationMessage={issueDate && !issue ? 'a date such as 25/12/2025' : undefined}
                    >
                      <Input value={issueDate} onChange={(_, v) => setIssueDate(v.value)} placeholder="dd/mm/yyyy" />
                    </Field>
                    {rule.countsFrom === 'later-of-issue-and-awareness' && (
                      <Field
                        label="When the resident became aware (dd/mm/yyyy)"
                        validationState={awareDate && !aware ? 'error' : 'none'}
                        validationMessage={awareDate && !aware ? 'a date such as 25/12/2025' : undefined}
                      >
                        <Input value={awareDate} onChange={(_, v) => setAwareDate(v.value)} placeholder="dd/mm/yyyy" />
                      </Field>
                    )}
                  </div>
                  {rule.exceptions.length > 0 && (
                    <div role="group" aria-label="Exceptions to the time limit">
                      <Text weight="semibold">Exceptions {profile.name} allows</Text>
                      {rule.exceptions.map((x) => (
                        <Checkbox
                          key={x}
                          label={words(x)}
                          checked={exceptions.includes(x)}
                          onChange={(_, v) =>
                            setExceptions((o) => (v.checked === true ? [...o, x] : o.filter((y) => y !== x)))
                          }
                        />
                      ))}
                    </div>
                  )}
                </>
              ) : (
                <Text>{profile.name} sets no time limit.</Text>
              ))}
            {step === 2 && (
              <>
                <Text>Tick an exclusion only with its evidence (a claim number, the earlier reference…).</Text>
                {exclusions.map((e) => {
                  const on = claims[e.code] !== undefined;
                  return (
                    <div key={e.code} className={styles.exclusion}>
                      <Checkbox
                        label={`${words(e.code)}: ${e.text}`}
                        checked={on}
                        onChange={(_, v) =>
                          setClaims((o) =>
                            v.checked === true
                              ? { ...o, [e.code]: '' }
                              : Object.fromEntries(Object.entries(o).filter(([k]) => k !== e.code)),
                          )
                        }
                      />
                      {on && (
                        <Field
                          label={`Evidence: ${words(e.code).toLowerCase()}`}
                          required
                          validationState={missingEvidence.includes(e.code) ? 'warning' : 'none'}
                          validationMessage={missingEvidence.includes(e.code) ? 'needed to refuse' : undefined}
                        >
                          <Textarea
                            rows={2}
                            value={claims[e.code] ?? ''}
                            onChange={(_, v) => setClaims((o) => ({ ...o, [e.code]: v.value }))}
                          />
                        </Field>
                      )}
                    </div>
                  );
                })}
              </>
            )}
            {step === 3 && (
              <>
                {!preview.ok ? (
                  <MessageBar intent="warning">
                    <MessageBarBody>
                      {preview.errors.map((e) => e.message).join('; ')}. Go back and complete it.
                    </MessageBarBody>
                  </MessageBar>
                ) : preview.result.accepted ? (
                  <MessageBar intent="success">
                    <MessageBarBody>
                      <MessageBarTitle>To accept</MessageBarTitle>
                      No valid, evidenced reason to refuse: the complaint goes into{' '}
                      {profile.stages[0]?.name ?? 'the procedure'}.
                    </MessageBarBody>
                  </MessageBar>
                ) : (
                  <MessageBar intent="warning">
                    <MessageBarBody>
                      <MessageBarTitle>To refuse</MessageBarTitle>
                      The refusal record states these reasons, and the letter the right to take the decision to the
                      Housing Ombudsman.
                    </MessageBarBody>
                  </MessageBar>
                )}
                {preview.ok && preview.result.reasons.length > 0 && (
                  <ul className={styles.list} aria-label="Reasons">
                    {preview.result.reasons.map((r, i) => (
                      <li key={i}>
                        {r.text} <span className={styles.cite}>{r.cite}</span>
                      </li>
                    ))}
                  </ul>
                )}
                {preview.ok && !preview.result.accepted && refuse && !refuse.allowed && (
                  <Text>Only a manager may refuse ({refuse.reason}); leave it in screening and ask one.</Text>
                )}
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={() => onClose(false)}>
              Cancel
            </Button>
            {step > 0 && <Button onClick={() => setStep(step - 1)}>Back</Button>}
            {step < STEPS.length - 1 ? (
              <Button appearance="primary" onClick={() => setStep(step + 1)}>
                Next
              </Button>
            ) : preview.ok && !preview.result.accepted ? (
              <Button
                appearance="primary"
                disabled={running.isLoading || !refuse?.allowed}
                onClick={() => void decide('refuse')}
              >
                Refuse with reasons
              </Button>
            ) : (
              <Button
                appearance="primary"
                disabled={running.isLoading || !preview.ok || !accept?.allowed}
                onClick={() => void decide('accept')}
              >
                Accept into the procedure
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
