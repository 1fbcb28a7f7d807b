// The case's "Remedies and actions" tab: what was offered to put things right (with the resident's decision,
// payment, withdrawal, and reconsideration of a refusal only on new evidence) and the post-resolution actions
// raised for business areas. The response goes when the decision is made: nothing here waits on the actions.
import {
  Badge,
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  tokens,
  Tooltip,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { ActionItem, DeskApiError } from '../../../shared/contracts/desk-api.js';
import {
  COMPENSATION_KINDS,
  COMPENSATION_KIND_NAMES,
  REMEDY_KINDS,
  REMEDY_KIND_NAMES,
  formatPence,
  parsePounds,
  type CaseTeam,
  type RemedyStep,
} from '../../../shared/domain/remedies/remedies.js';
import {
  asDeskError,
  useAddActionMutation,
  useCaseRemediesQuery,
  useOfferRemedyMutation,
  useReferenceDataQuery,
  useRemedyStepMutation,
  useSessionQuery,
} from '../../api/desk-api.js';
import { ActionCells } from './ActionCells.js';
import { StepButtons } from './StepButtons.js';
import { StepDialog, type StepRequest } from './StepDialog.js';
import { caseFormReason, may, remedyStepReason } from './step-reasons.js';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  form: {
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    maxWidth: '960px',
  },
  wide: { gridColumn: '1 / -1' },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap' },
  totals: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap' },
});

const STATUS_COLOUR = {
  offered: 'brand',
  reconsidered: 'brand',
  accepted: 'success',
  paid: 'success',
  refused: 'danger',
  withdrawn: 'informative',
} as const;

const STEP_LABEL: Record<RemedyStep, string> = {
  accept: 'Accepted',
  refuse: 'Refused…',
  'mark-paid': 'Mark paid…',
  withdraw: 'Withdraw…',
  reconsider: 'Reconsider…',
};
const STEPS: readonly RemedyStep[] = ['accept', 'refuse', 'mark-paid', 'withdraw', 'reconsider'];

/** The case's remedies and actions; `complaint` says whose case it is (its reference and team). */
export function Remedies({ complaintId, complaint }: { complaintId: string; complaint: CaseTeam }) {
  const styles = useStyles();
  const data = useCaseRemediesQuery(complaintId);
  const session = useSessionQuery(undefined).data;
  const roles = session?.roles;
  const [step, setStep] = useState<StepRequest | null>(null);
  const [stepRemedy] = useRemedyStepMutation();
  if (data.isLoading) return <Spinner label="Loading remedies…" />;
  const err = asDeskError(data.error);
  if (err || !data.data)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err?.message ?? 'The remedies could not be read.'}</MessageBarBody>
      </MessageBar>
    );
  const { remedies, actions, totals } = data.data;

  return (
    <div className={styles.body}>
      <Subtitle2 as="h2">Remedies</Subtitle2>
      <div className={styles.totals} aria-label="Compensation totals">
        <Text>
          Compensation offered or agreed:{' '}
          <strong data-testid="offered-total">{formatPence(totals.offeredPence)}</strong>
        </Text>
        <Text>
          Paid: <strong data-testid="paid-total">{formatPence(totals.paidPence)}</strong>
        </Text>
      </div>
      {remedies.length === 0 ? (
        <Text>No remedy has been offered on this case.</Text>
      ) : (
        <Table aria-label="Remedies" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Remedy</TableHeaderCell>
              <TableHeaderCell>Amount</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Resident’s decision and payment</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {remedies.map((r) => (
              <TableRow key={r.id} data-testid="remedy-row">
                <TableCell>
                  <Text weight="semibold">{REMEDY_KIND_NAMES[r.kind]}</Text>
                  {r.compensationKind ? ` (${COMPENSATION_KIND_NAMES[r.compensationKind].toLowerCase()})` : ''}
                  <br />
                  <span className={styles.small}>
                    {r.description}
                    {`\nOffered ${r.offeredDate}${r.offeredByName ? ` by ${r.offeredByName}` : ''}`}
                    {r.dueDate ? `, to happen by ${r.dueDate}` : ''}
                    {r.reconsideredEvidence ? `\nNew evidence: ${r.reconsideredEvidence}` : ''}
                  </span>
                </TableCell>
                <TableCell>{r.amountPence === null ? '—' : formatPence(r.amountPence)}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={STATUS_COLOUR[r.status]} shape="rounded">
                    {r.status === 'reconsidered' ? 'Reconsidered, offered again' : r.status}
                  </Badge>
                  <br />
                  <span className={styles.small}>
                    {r.decidedDate ? `Decided ${r.decidedDate}` : ''}
                    {r.paidDate ? ` · paid ${r.paidDate}` : ''}
                    {r.statusNote ? `\n${r.statusNote}` : ''}
                  </span>
                </TableCell>
                <TableCell>
                  <StepButtons
                    label={`Steps for ${REMEDY_KIND_NAMES[r.kind]}`}
                    commands={STEPS.map((s) => ({
                      key: s,
                      label: STEP_LABEL[s],
                      reason: remedyStepReason(session, complaint, r, s),
                      run: () => {
                        if (s === 'accept') void stepRemedy({ complaintId, remedyId: r.id, step: 'accept' });
                        else setStep({ kind: 'remedy', step: s, complaintId, remedy: r });
                      },
                    }))}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {may(roles, 'offer-remedy') ? (
        <OfferRemedy complaintId={complaintId} refusal={caseFormReason(session, 'offer-remedy', complaint)} />
      ) : (
        <Text>Remedies are offered by the case’s team.</Text>
      )}

      <Subtitle2 as="h2">Post-resolution actions</Subtitle2>
      <Text className={styles.small}>
        The response is sent when the decision is made; these actions are tracked on each business area’s dashboard
        until the area closes them.
      </Text>
      <ActionsTable actions={actions} complaintId={complaintId} onStep={setStep} />
      {may(roles, 'add-action') && (
        <AddAction complaintId={complaintId} refusal={caseFormReason(session, 'add-action', complaint)} />
      )}
      {step && <StepDialog request={step} onClose={() => setStep(null)} />}
    </div>
  );
}

export function ActionsTable({
  actions,
  complaintId,
  onStep,
}: {
  actions: readonly ActionItem[];
  complaintId: string;
  onStep: (r: StepRequest) => void;
}) {
  const styles = useStyles();
  if (actions.length === 0) return <Text>No action has been raised on this case.</Text>;
  return (
    <Table aria-label="Post-resolution actions" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Business area</TableHeaderCell>
          <TableHeaderCell>Action</TableHeaderCell>
          <TableHeaderCell>Due</TableHeaderCell>
          <TableHeaderCell>Status</TableHeaderCell>
          <TableHeaderCell>Update</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {actions.map((a) => (
          <TableRow key={a.id} data-testid="action-row">
            <TableCell>
              {a.areaName}
              {a.ownerName ? <span className={styles.small}>{`\n${a.ownerName}`}</span> : null}
            </TableCell>
            <TableCell>{a.description}</TableCell>
            <ActionCells action={{ ...a, complaintId }} statusText={a.status} onStep={onStep} />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const fieldError = (e: DeskApiError | null, name: string) =>
  e?.fields?.find((f) => f.path === name || f.path.startsWith(`${name}.`))?.message;

/**
 * A form's submit button; while the form may not be used on this case (`refusal`: another team's case) it stays
 * focusable and says why in its description and tooltip, as the step buttons do.
 */
function Submit({
  label,
  refusal,
  disabled,
  onClick,
}: {
  label: string;
  refusal: string | null;
  disabled: boolean;
  onClick: () => void;
}) {
  if (refusal) {
    return (
      <Tooltip content={refusal} relationship="description">
        <Button appearance="subtle" disabledFocusable aria-description={refusal}>
          {label}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Button appearance="primary" disabled={disabled} onClick={onClick}>
      {label}
    </Button>
  );
}

/** Under a form's heading, why it may not be used on this case (the fields are disabled). */
function Refusal({ refusal }: { refusal: string | null }) {
  const styles = useStyles();
  return refusal ? <Text className={styles.small}>{`Not available: ${refusal}.`}</Text> : null;
}

function OfferRemedy({ complaintId, refusal }: { complaintId: string; refusal: string | null }) {
  const styles = useStyles();
  const off = refusal !== null;
  const [kind, setKind] = useState<(typeof REMEDY_KINDS)[number]>('apology');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [comp, setComp] = useState<(typeof COMPENSATION_KINDS)[number]>('discretionary');
  const [due, setDue] = useState('');
  const [offer, state] = useOfferRemedyMutation();
  const [error, setError] = useState<DeskApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const financial = kind === 'financial';

  async function submit() {
    setError(null);
    setDone(null);
    const pence = financial ? parsePounds(amount) : null;
    if (financial && pence === null) {
      setError({
        code: 'invalid-input',
        message: 'Give the amount in pounds and pence, such as 250 or 250.50.',
        fields: [{ path: 'amountPence', message: 'an amount such as 250 or 250.50' }],
      });
      return;
    }
    const r = await offer({
      complaintId,
      kind,
      description,
      ...(financial ? { amountPence: pence, compensationKind: comp } : {}),
      ...(due ? { dueDate: due } : {}),
    });
    if ('error' in r) {
      setError(asDeskError(r.error));
      return;
    }
    setDone(`${REMEDY_KIND_NAMES[kind]} offered${financial && pence !== null ? `: ${formatPence(pence)}` : ''}.`);
    setDescription('');
    setAmount('');
    setDue('');
  }

  return (
    <section aria-labelledby="offer-remedy-heading" className={styles.body}>
      <Subtitle2 as="h3" id="offer-remedy-heading">
        Offer a remedy
      </Subtitle2>
      <Refusal refusal={refusal} />
      <div className={styles.form}>
        <Field label="Kind of remedy" required>
          <Select disabled={off} value={kind} onChange={(_, d) => setKind(d.value as typeof kind)}>
            {REMEDY_KINDS.map((k) => (
              <option key={k} value={k}>
                {REMEDY_KIND_NAMES[k]}
              </option>
            ))}
          </Select>
        </Field>
        {financial && (
          <Field
            label="Amount (£)"
            required
            validationState={fieldError(error, 'amountPence') ? 'error' : 'none'}
            validationMessage={fieldError(error, 'amountPence')}
          >
            <Input
              disabled={off}
              value={amount}
              onChange={(_, d) => setAmount(d.value)}
              inputMode="decimal"
              placeholder="250.00"
            />
          </Field>
        )}
        {financial && (
          <Field label="Compensation kind" required>
            <Select disabled={off} value={comp} onChange={(_, d) => setComp(d.value as typeof comp)}>
              {COMPENSATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {COMPENSATION_KIND_NAMES[k]}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field
          label="To happen by (optional)"
          validationState={fieldError(error, 'dueDate') ? 'error' : 'none'}
          validationMessage={fieldError(error, 'dueDate')}
        >
          <Input disabled={off} type="date" value={due} onChange={(_, d) => setDue(d.value)} />
        </Field>
        <Field
          className={styles.wide}
          label="What we will do to put it right"
          required
          validationState={fieldError(error, 'description') ? 'error' : 'none'}
          validationMessage={fieldError(error, 'description')}
        >
          <Textarea disabled={off} value={description} onChange={(_, d) => setDescription(d.value)} rows={2} />
        </Field>
      </div>
      {error && !error.fields?.length && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Submit
          label="Offer remedy"
          refusal={refusal}
          disabled={state.isLoading || !description.trim()}
          onClick={() => void submit()}
        />
      </div>
      <Text role="status">{done ?? ''}</Text>
    </section>
  );
}

function AddAction({ complaintId, refusal }: { complaintId: string; refusal: string | null }) {
  const styles = useStyles();
  const off = refusal !== null;
  const reference = useReferenceDataQuery(undefined).data;
  const areas = reference?.businessAreas ?? [];
  const [area, setArea] = useState('');
  const [owner, setOwner] = useState('');
  const [description, setDescription] = useState('');
  const [due, setDue] = useState('');
  const [add, state] = useAddActionMutation();
  const [error, setError] = useState<DeskApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit() {
    setError(null);
    setDone(null);
    const r = await add({
      complaintId,
      businessAreaKey: area,
      description,
      ...(owner ? { ownerId: owner } : {}),
      ...(due ? { dueDate: due } : {}),
    });
    if ('error' in r) {
      setError(asDeskError(r.error));
      return;
    }
    setDone(`Action added for ${areas.find((a) => a.key === area)?.name ?? area}.`);
    setDescription('');
    setDue('');
  }

  return (
    <section aria-labelledby="add-action-heading" className={styles.body}>
      <Subtitle2 as="h3" id="add-action-heading">
        Add an action
      </Subtitle2>
      <Refusal refusal={refusal} />
      <div className={styles.form}>
        <Field
          label="Business area"
          required
          validationState={fieldError(error, 'businessAreaKey') ? 'error' : 'none'}
          validationMessage={fieldError(error, 'businessAreaKey')}
        >
          <Select disabled={off} value={area} onChange={(_, d) => setArea(d.value)}>
            <option value="">Choose…</option>
            {areas.map((a) => (
              <option key={a.key} value={a.key}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Owner (optional)">
          <Select disabled={off} value={owner} onChange={(_, d) => setOwner(d.value)}>
            <option value="">The area’s owner</option>
            {(reference?.users ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Due by (optional)"
          validationState={fieldError(error, 'dueDate') ? 'error' : 'none'}
          validationMessage={fieldError(error, 'dueDate')}
        >
          <Input disabled={off} type="date" value={due} onChange={(_, d) => setDue(d.value)} />
        </Field>
        <Field
          className={styles.wide}
          label="What the area must do"
          required
          validationState={fieldError(error, 'description') ? 'error' : 'none'}
          validationMessage={fieldError(error, 'description')}
        >
          <Textarea disabled={off} value={description} onChange={(_, d) => setDescription(d.value)} rows={2} />
        </Field>
      </div>
      {error && !error.fields?.length && (
        <MessageBar intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Submit
          label="Add action"
          refusal={refusal}
          disabled={state.isLoading || !description.trim() || !area}
          onClick={() => void submit()}
        />
      </div>
      <Text role="status">{done ?? ''}</Text>
    </section>
  );
}
