import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({ root: { maxWidth: '560px', margin: 'auto', padding: tokens.spacingHorizontalXXL } });

/** Browser mode, opened without the launch secret (or with an old one). */
export function NotLetIn() {
  const styles = useStyles();
  return (
    <main className={styles.root}>
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>This browser has not been let in to the desk</MessageBarTitle>
          Open the full address the desk printed when it started (it ends with <code>#secret=…</code>). Each launch
          prints a new one.
        </MessageBarBody>
      </MessageBar>
    </main>
  );
}
