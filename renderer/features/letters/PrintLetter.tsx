import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from '@fluentui/react-components';
import { ArrowLeft20Regular, DocumentPdf20Regular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { asDeskError, useLetterDetailQuery } from '../../api/desk-api.js';
import { navigate } from '../../app/route.js';
import { saveAsPdf } from './files.js';
import { LetterFrame } from './LetterFrame.js';
import { letterTitle } from './LetterPanels.js';

const useStyles = makeStyles({
  root: { flex: 1, overflow: 'auto', backgroundColor: tokens.colorNeutralBackground3 },
  bar: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    '@media print': { display: 'none' },
  },
  // A4 width on screen; in print the page's own margins (the letter's @page rule) apply.
  page: {
    width: '210mm',
    boxSizing: 'border-box',
    padding: '20mm 0',
    margin: '16px auto',
    backgroundColor: '#ffffff',
    boxShadow: tokens.shadow8,
    '@media print': { width: 'auto', margin: 0, padding: 0, boxShadow: 'none' },
  },
});

/**
 * The print view: the letter's own HTML (the sent version once it is sent) and nothing else. "Print or save as
 * PDF" prints that document itself: Chromium's printToPDF in the desktop, the browser's print of the letter's
 * frame in browser mode; both paginate it with the letter's own A4 @page rules.
 */
export function PrintLetter({ id }: { id: string }) {
  const styles = useStyles();
  const detail = useLetterDetailQuery(id);
  const [message, setMessage] = useState<string | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  if (detail.isLoading) return <Spinner label="Preparing the letter…" />;
  const err = asDeskError(detail.error);
  if (err || !detail.data)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{err?.message ?? 'This letter could not be opened.'}</MessageBarBody>
      </MessageBar>
    );
  const d = detail.data;
  const sent = [...d.versions].reverse().find((v) => v.reason === 'sent');
  const name = `${d.letter.complaintReference} ${d.letter.kind}`;
  const html = sent?.html ?? d.html;
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Button icon={<ArrowLeft20Regular />} onClick={() => navigate({ view: 'letter', id })}>
          Back to the letter
        </Button>
        <Button
          appearance="primary"
          icon={<DocumentPdf20Regular />}
          onClick={() => void saveAsPdf(name, { html, frame: frame.current }).then(setMessage)}
        >
          Print or save as PDF
        </Button>
        <Text>{letterTitle(d.letter)}</Text>
        {message && <Text role="status">{message}</Text>}
      </div>
      <div className={styles.page}>
        <LetterFrame ref={frame} html={html} title={letterTitle(d.letter)} mode="print" />
      </div>
    </div>
  );
}
