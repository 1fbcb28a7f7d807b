import {
  Badge,
  Card,
  Checkbox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  Textarea,
  tokens,
  ToolbarButton,
  Tooltip,
} from '@fluentui/react-components';
import {
  ArrowDownload20Regular,
  CheckmarkCircle20Regular,
  DocumentPdf20Regular,
  Send20Regular,
  ArrowReply20Regular,
} from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LetterDetail, Session } from '../../../shared/contracts/desk-api.js';
import {
  asDeskError,
  useAuthoriseLetterMutation,
  useLetterDetailQuery,
  useReferenceDataQuery,
  useSaveLetterDraftMutation,
  useSubmitLetterMutation,
} from '../../api/desk-api.js';
import { callDesk } from '../../api/transport.js';
import { navigate } from '../../app/route.js';
import { CommandBar } from '../../components/CommandBar.js';
import { letterAction } from '../../../shared/domain/letters/workflow.js';
import { downloadBase64 } from './files.js';
import { LetterFrame } from './LetterFrame.js';
import { ReturnDialog, SendDialog } from './LetterDialogs.js';
import {
  AdjustmentsPanel,
  CasePanel,
  ChecksPanel,
  letterTitle,
  ReviewHistory,
  StatusBadge,
  when,
} from './LetterPanels.js';

const useStyles = makeStyles({
  body: {
    display: 'grid',
    gridTemplateColumns: 'minmax(360px, 1fr) minmax(480px, 1.3fr) 340px',
    gap: tokens.spacingHorizontalL,
    padding: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fixed: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    borderLeft: `3px solid ${tokens.colorNeutralStroke2}`,
    paddingLeft: tokens.spacingHorizontalS,
  },
  status: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  saved: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** How long typing pauses before the draft is saved and the preview re-merged by the desk. */
const SAVE_AFTER_MS = 600;

export function LetterEditor({ id, session }: { id: string; session: Session }) {
  const detail = useLetterDetailQuery(id);
  if (detail.isLoading) return <Spinner label="Opening the letter…" />;
  const err = asDeskError(detail.error);
  if (err || !detail.data)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err?.message ?? 'This letter could not be opened.'}</MessageBarBody>
      </MessageBar>
    );
  // Keyed by letter and status: a status change (submitted, returned…) starts the editor's state afresh.
  return (
    <Editor key={`${id}:${detail.data.letter.status}`} d={detail.data} session={session} fetching={detail.isFetching} />
  );
}

function Editor({ d, session, fetching }: { d: LetterDetail; session: Session; fetching: boolean }) {
  const styles = useStyles();
  const today = useReferenceDataQuery(undefined).data?.today ?? '';
  const letter = d.letter;
  const [sections, setSections] = useState<Record<string, string>>(() => ({ ...d.sections }));
  const [largePrint, setLargePrint] = useState(d.largePrint);
  const [dirty, setDirty] = useState(false);
  const [dialog, setDialog] = useState<'return' | 'send' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [save, saveState] = useSaveLetterDraftMutation();
  const [submit, submitState] = useSubmitLetterMutation();
  const [authorise, authoriseState] = useAuthoriseLetterMutation();
  const latest = useRef({ sections, largePrint });
  latest.current = { sections, largePrint };

  // Save a pause after typing stops; the desk re-merges the letter and re-runs the checks.
  useEffect(() => {
    if (!dirty) return;
    const t = setTimeout(() => {
      setDirty(false);
      void save({ letterId: letter.id, sections: latest.current.sections, largePrint: latest.current.largePrint });
    }, SAVE_AFTER_MS);
    return () => clearTimeout(t);
  }, [dirty, sections, largePrint, save, letter.id]);

  const freeSections = d.template.sections.filter((s) => s.mode === 'free');
  const sectionName = useMemo(
    () => new Map(d.template.sections.map((s) => [s.key, s.heading ?? s.key] as const)),
    [d.template.sections],
  );
  const returned = [...d.reviews].reverse().find((r) => r.action === 'returned');
  const saveErr = asDeskError(saveState.error);
  const actionErr = asDeskError(submitState.error) ?? asDeskError(authoriseState.error);
  const busy = dirty || saveState.isLoading || fetching;
  const sent = [...d.versions].reverse().find((v) => v.reason === 'sent');

  async function doSubmit() {
    // Whatever is still waiting to be saved goes first, so the letter submitted is the letter on screen.
    if (dirty) {
      setDirty(false);
      const r = await save({ letterId: letter.id, sections, largePrint });
      if ('error' in r) return;
    }
    const r = await submit({ letterId: letter.id });
    if (r.data) setNotice(`Submitted for authorisation (version ${r.data.versionNo}).`);
  }

  async function docx() {
    const r = await callDesk('letterDocx', { letterId: letter.id });
    if (!r.ok) setNotice(`The DOCX could not be made: ${r.error.message}`);
    else downloadBase64(r.value.base64, r.value.filename, r.value.mediaType);
  }

  const authoriseRule = letterAction('authorise', letter, session);
  const authoriseWhy = d.can.authorise
    ? null
    : authoriseRule.ok
      ? (d.can.reason ?? 'Not available now.')
      : authoriseRule.reason;
  const submitBlocked = !d.checks.complete
    ? `Add what is missing first (${d.checks.missing.length} item${d.checks.missing.length === 1 ? '' : 's'}).`
    : !d.can.submit
      ? (d.can.reason ?? 'Not available now.')
      : null;

  return (
    <>
      <CommandBar title={letterTitle(letter)}>
        {d.can.edit && (
          <Tooltip content={submitBlocked ?? 'Send to a Team Leader to authorise'} relationship="description">
            <ToolbarButton
              appearance="primary"
              icon={<CheckmarkCircle20Regular />}
              disabledFocusable={submitBlocked !== null || busy || submitState.isLoading}
              onClick={() => submitBlocked === null && !busy && void doSubmit()}
            >
              {letter.status === 'returned' ? 'Resubmit for authorisation' : 'Submit for authorisation'}
            </ToolbarButton>
          </Tooltip>
        )}
        {letter.status === 'submitted' && (
          <>
            <Tooltip content={authoriseWhy ?? 'Authorise this letter'} relationship="description">
              <ToolbarButton
                appearance="primary"
                disabledFocusable={!d.can.authorise || authoriseState.isLoading}
                onClick={() => d.can.authorise && void authorise({ letterId: letter.id })}
              >
                Authorise
              </ToolbarButton>
            </Tooltip>
            {d.can.return && (
              <ToolbarButton icon={<ArrowReply20Regular />} onClick={() => setDialog('return')}>
                Return with comments
              </ToolbarButton>
            )}
          </>
        )}
        {d.can.send && (
          <ToolbarButton appearance="primary" icon={<Send20Regular />} onClick={() => setDialog('send')}>
            Record as sent
          </ToolbarButton>
        )}
        <ToolbarButton icon={<ArrowDownload20Regular />} onClick={() => void docx()}>
          Download DOCX
        </ToolbarButton>
        <ToolbarButton
          icon={<DocumentPdf20Regular />}
          onClick={() => navigate({ view: 'print-letter', id: letter.id })}
        >
          Save as PDF
        </ToolbarButton>
      </CommandBar>
      <div className={styles.body}>
        <div className={styles.column}>
          <div className={styles.status}>
            <StatusBadge status={letter.status} />
            <Text size={200}>
              Drafted by {letter.draftedByName ?? 'someone'} · {when(letter.createdAt)}
              {letter.authorisedByName ? ` · authorised by ${letter.authorisedByName}` : ''}
              {letter.sentDate ? ` · sent ${letter.sentDate} by ${letter.sentChannel ?? ''}` : ''}
            </Text>
            {d.can.edit && (
              <span className={styles.saved} role="status" aria-live="polite">
                {busy ? 'Saving…' : saveErr ? '' : 'All changes saved'}
              </span>
            )}
          </div>
          {notice && (
            <MessageBar intent="info">
              <MessageBarBody>{notice}</MessageBarBody>
            </MessageBar>
          )}
          {(saveErr ?? actionErr) && (
            <MessageBar intent="error" role="alert">
              <MessageBarBody>{(saveErr ?? actionErr)?.message}</MessageBarBody>
            </MessageBar>
          )}
          {letter.status === 'returned' && returned?.comments && (
            <MessageBar intent="warning" data-testid="returned-comments">
              <MessageBarBody>
                <MessageBarTitle>Returned by {returned.actorName ?? 'a Team Leader'}</MessageBarTitle>
                {returned.comments}
              </MessageBarBody>
            </MessageBar>
          )}
          {sent && (
            <MessageBar intent="success">
              <MessageBarBody>
                <MessageBarTitle>Sent {letter.sentDate}</MessageBarTitle>
                Stored as version {sent.versionNo}, SHA-256 <code>{sent.contentSha256}</code>
              </MessageBarBody>
            </MessageBar>
          )}
          <Card className={styles.card}>
            <Subtitle2 as="h2">Your sections</Subtitle2>
            {d.template.sections.map((s) =>
              s.mode === 'free' ? (
                <Field key={s.key} label={s.heading ?? s.key} hint={s.text || undefined}>
                  <Textarea
                    rows={5}
                    resize="vertical"
                    readOnly={!d.can.edit}
                    value={sections[s.key] ?? ''}
                    onChange={(_, v) => {
                      setSections((o) => ({ ...o, [s.key]: v.value }));
                      setDirty(true);
                    }}
                  />
                </Field>
              ) : s.heading ? (
                // Template text is merged by the desk and shown in the preview; here only where it sits.
                <Text key={s.key} className={styles.fixed}>
                  From the template: {s.heading}
                </Text>
              ) : null,
            )}
            {freeSections.length === 0 && <Text>This template has no sections for you to write.</Text>}
            <Checkbox
              label="Large print (16 pt or more)"
              checked={largePrint}
              disabled={!d.can.edit}
              onChange={(_, v) => {
                setLargePrint(v.checked === true);
                setDirty(true);
              }}
            />
            {d.adjustments.largePrint && !largePrint && (
              <Text role="alert">The resident needs large print: this letter should be set in 16 pt or more.</Text>
            )}
          </Card>
          <ReviewHistory reviews={d.reviews} />
        </div>
        <div className={styles.column}>
          <div className={styles.status}>
            <Subtitle2 as="h2">Preview</Subtitle2>
            {largePrint && (
              <Badge appearance="outline" color="informative">
                Large print preview · {d.adjustments.fontSizePt} pt
              </Badge>
            )}
          </div>
          <LetterFrame
            html={sent?.html ?? d.html}
            title={`Preview of the letter ${letterTitle(letter)}`}
            mode="preview"
            height={760}
          />
        </div>
        <div className={styles.column}>
          <Card className={styles.card}>
            <ChecksPanel checks={d.checks} sectionName={(k) => sectionName.get(k) ?? k} />
          </Card>
          <Card className={styles.card}>
            <AdjustmentsPanel adjustments={d.adjustments} />
          </Card>
          <Card className={styles.card}>
            <CasePanel c={d.case} />
          </Card>
        </div>
      </div>
      {dialog === 'return' && <ReturnDialog letterId={letter.id} onClose={() => setDialog(null)} />}
      {dialog === 'send' && (
        <SendDialog
          letterId={letter.id}
          today={today}
          onClose={(done) => {
            setDialog(null);
            if (done) setNotice('Recorded as sent. The letter is on the case timeline with its content hash.');
          }}
        />
      )}
      {session.userId === letter.draftedBy &&
        letter.status === 'submitted' &&
        session.roles.includes('team-leader') && (
          <Text size={200} style={{ paddingInline: tokens.spacingHorizontalL }}>
            You wrote this letter: another Team Leader must authorise it.
          </Text>
        )}
    </>
  );
}
