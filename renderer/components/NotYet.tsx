import { makeStyles, Subtitle1, Text, tokens } from '@fluentui/react-components';
import { WrenchRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  root: {
    margin: 'auto',
    maxWidth: '520px',
    textAlign: 'center',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalM,
    color: tokens.colorNeutralForeground2,
  },
});

/** An honest empty state for parts of the workspace that are not built yet: no made-up data. */
export function NotYet({ title }: { title: string }) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-labelledby="not-yet-title">
      <WrenchRegular aria-hidden fontSize={48} />
      <Subtitle1 as="h1" id="not-yet-title">
        Not available yet
      </Subtitle1>
      <Text>{title} will arrive in a later release. Nothing here is stored or shown until then.</Text>
    </section>
  );
}
