import { Link, makeStyles, Subtitle1, Text, tokens } from '@fluentui/react-components';
import { LockClosedRegular, WrenchRegular } from '@fluentui/react-icons';

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

/** A view that is not part of the signed-in person's roles: said plainly, with the way back to their own Home. */
export function NotForYou({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <section className={styles.root} aria-labelledby="not-for-you-title" data-testid="not-for-you">
      <LockClosedRegular aria-hidden fontSize={48} />
      <Subtitle1 as="h1" id="not-for-you-title">
        {label} is not part of your workspace
      </Subtitle1>
      <Text>
        Your role does not include this view, so nothing is shown here. The views you can use are in the rail on the
        left.
      </Text>
      <Link href="#/home">Go to Home</Link>
    </section>
  );
}
