import {
  Button,
  Caption1,
  Card,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Subtitle2,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import type { DeskInfo } from '../../../shared/contracts/desk-api.js';
import { asDeskError, useDeskInfoQuery, useSignInMutation } from '../../api/desk-api.js';
import { loadShell } from '../../app/shell-chunk.js';

const useStyles = makeStyles({
  page: {
    flex: 1,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  card: { width: '480px', padding: tokens.spacingHorizontalXXL, gap: tokens.spacingVerticalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  hint: { color: tokens.colorNeutralForeground2 },
  brand: { color: tokens.colorBrandForeground1, margin: 0 },
  heading: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  demo: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200 },
  demoCell: { textAlign: 'left', paddingBlock: '2px', paddingInline: tokens.spacingHorizontalXS },
});

/** How sign-in works on this desk, in a sentence or three. */
export function signInHint(info: DeskInfo | undefined): string {
  if (!info) return 'Checking this desk…';
  if (info.serverUrl && !info.enrolled) {
    return `This desk is not enrolled yet: an administrator signs in first, online, to enrol it with the central server (${info.serverUrl}). After that, anyone in the organisation can sign in here.`;
  }
  if (info.serverUrl) {
    return `Your password is checked by the central server (${info.serverUrl}). When it cannot be reached, people who have signed in on this desk before can still sign in: the password is checked against a verifier kept on this computer, never the password itself.`;
  }
  return 'This desk works on its own, without a central server. Sign-in checks your password against a verifier kept on this computer, never the password itself; on this desk the verifiers come from the demo organisation set up on it.';
}

export function SignIn() {
  const styles = useStyles();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [signIn, state] = useSignInMutation();
  const error = asDeskError(state.error);
  const info = useDeskInfoQuery(undefined).data;

  async function submit(e: FormEvent) {
    e.preventDefault();
    void loadShell(); // fetched while the password is checked, if the idle page has not fetched it yet
    const r = await signIn({ email, password });
    if ('data' in r) setPassword('');
  }

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <div className={styles.heading}>
          <Subtitle1 as="p" className={styles.brand}>
            Complaints Desk
          </Subtitle1>
          <Title2 as="h1">Sign in</Title2>
        </div>
        <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label="Sign in">
          <Field label="Email" required>
            <Input
              type="email"
              autoComplete="username"
              value={email}
              onChange={(_, d) => setEmail(d.value)}
              autoFocus
            />
          </Field>
          <Field
            label="Password"
            required
            validationState={error ? 'error' : 'none'}
            validationMessage={error?.message}
          >
            <Input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(_, d) => setPassword(d.value)}
            />
          </Field>
          <Button appearance="primary" type="submit" disabled={state.isLoading || !email || !password}>
            {state.isLoading ? <Spinner size="tiny" label="Checking…" /> : 'Sign in'}
          </Button>
        </form>
        <MessageBar intent="info">
          <MessageBarBody>
            <Caption1 className={styles.hint}>{signInHint(info)}</Caption1>
          </MessageBarBody>
        </MessageBar>
        {info && info.demoSignIns.length > 0 && (
          <section aria-labelledby="demo-title">
            <Subtitle2 as="h2" id="demo-title" block>
              Demo organisation sign-ins
            </Subtitle2>
            <Caption1 className={styles.hint} block>
              Choose an email to fill in the form.
            </Caption1>
            <table className={styles.demo}>
              <thead>
                <tr>
                  <th className={styles.demoCell}>Role</th>
                  <th className={styles.demoCell}>Email</th>
                  <th className={styles.demoCell}>Password</th>
                </tr>
              </thead>
              <tbody>
                {info.demoSignIns.map((u) => (
                  <tr key={u.email}>
                    <td className={styles.demoCell}>{u.roles.join(', ')}</td>
                    <td className={styles.demoCell}>
                      <Button
                        size="small"
                        appearance="transparent"
                        onClick={() => {
                          setEmail(u.email);
                          setPassword(u.password);
                        }}
                      >
                        {u.email}
                      </Button>
                    </td>
                    <td className={styles.demoCell}>
                      <code>{u.password}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </Card>
    </main>
  );
}
