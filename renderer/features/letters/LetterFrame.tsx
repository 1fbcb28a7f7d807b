import { makeStyles, tokens } from '@fluentui/react-components';
import { forwardRef, useCallback, useState } from 'react';

const useStyles = makeStyles({
  frame: {
    display: 'block',
    width: '100%',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: '#ffffff',
    // Paper margins on screen (the letter's own @page margins apply when it is printed).
    padding: '20px 28px',
    boxSizing: 'border-box',
  },
  print: { border: 'none', borderRadius: 0, padding: 0 },
});

/**
 * The rendered letter, always in a sandboxed frame: the letter's HTML (template text plus escaped case data)
 * never enters the app's own DOM, and no script can run in it. The preview scrolls inside a fixed height.
 * The print view grows the frame to the letter's full height and prints the frame's own document (so it
 * paginates with the letter's @page rules), which needs the frame readable from here and allowed to open the
 * print dialog — still with scripts disabled, so that access is one-way.
 */
export const LetterFrame = forwardRef<
  HTMLIFrameElement,
  { html: string; title: string; mode: 'preview' | 'print'; height?: number }
>(function LetterFrame({ html, title, mode, height = 640 }, ref) {
  const styles = useStyles();
  const [fitted, setFitted] = useState<number | null>(null);
  const fit = useCallback(
    (e: React.SyntheticEvent<HTMLIFrameElement>) => {
      if (mode !== 'print') return;
      const doc = e.currentTarget.contentDocument;
      if (doc) setFitted(Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0) + 8);
    },
    [mode],
  );
  return (
    <iframe
      ref={ref}
      title={title}
      className={`${styles.frame} ${mode === 'print' ? styles.print : ''}`}
      sandbox={mode === 'print' ? 'allow-same-origin allow-modals' : ''}
      srcDoc={html}
      onLoad={fit}
      style={{ height: `${mode === 'print' ? (fitted ?? 1123) : height}px` }}
      data-testid={mode === 'print' ? 'letter-print-frame' : 'letter-preview-frame'}
    />
  );
});
