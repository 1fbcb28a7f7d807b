import { makeStyles, Title3, tokens, Toolbar } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    paddingInline: tokens.spacingHorizontalXL,
    paddingBlock: tokens.spacingVerticalS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
    minHeight: '52px',
  },
});

/** The view's title and its commands, Dynamics-style. */
export function CommandBar({ title, children }: { title: string; children?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.bar}>
      <Title3 as="h1">{title}</Title3>
      <Toolbar aria-label={`${title} commands`}>{children}</Toolbar>
    </div>
  );
}
