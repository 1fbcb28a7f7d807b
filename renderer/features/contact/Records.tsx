// What a search hit on a person or a property opens (#/person/<id>, #/property/<id>): their contacts and cases,
// newest first, each a link to its own view. A person's are those naming them as the resident.
import {
  Badge,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import type { RecordsOf } from '../../../shared/contracts/desk-api.js';
import { CHANNEL_LABELS, words } from '../../../shared/contracts/vocabulary.js';
import { asDeskError, useRecordsOfQuery } from '../../api/desk-api.js';
import { hrefOf } from '../../app/route.js';

const useStyles = makeStyles({
  header: {
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    display: 'flex',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalL,
    flexWrap: 'wrap',
  },
  sub: { color: tokens.colorNeutralForeground2 },
  body: {
    padding: tokens.spacingHorizontalXL,
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  card: { padding: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  line: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'baseline', flexWrap: 'wrap' },
  link: { color: tokens.colorBrandForegroundLink, fontWeight: tokens.fontWeightSemibold },
  text: {
    color: tokens.colorNeutralForeground2,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
});

const CONTACT_STATUS: Record<RecordsOf['contacts'][number]['status'], string> = {
  open: 'Open',
  resolved: 'Resolved',
  converted: 'Converted',
};

export function Records({ kind, id }: { kind: 'person' | 'property'; id: string }) {
  const styles = useStyles();
  const q = useRecordsOfQuery({ kind, id });
  if (q.isLoading) return <Spinner label="Looking up their contacts and cases…" />;
  const err = asDeskError(q.error);
  if (err || !q.data)
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{err?.message ?? 'These records could not be opened.'}</MessageBarBody>
      </MessageBar>
    );
  const r = q.data;
  const whose = kind === 'person' ? 'with this person as the resident' : 'at this address';
  return (
    <>
      <section className={styles.header} aria-label={kind === 'person' ? 'Person' : 'Property'}>
        <Title2 as="h1">{r.title}</Title2>
        <Text className={styles.sub}>{r.subtitle}</Text>
      </section>
      {r.more && (
        <MessageBar intent="info">
          <MessageBarBody>Showing the latest 50 of each; search by reference to find an older one.</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.body}>
        <Card className={styles.card}>
          <Subtitle2 as="h2">Contacts ({r.contacts.length})</Subtitle2>
          {r.contacts.length === 0 && <Text>No contact is recorded {whose} on this desk.</Text>}
          <ul className={styles.list} aria-label="Contacts">
            {r.contacts.map((c) => (
              <li key={c.id} className={styles.item}>
                <span className={styles.line}>
                  <a className={styles.link} href={hrefOf({ view: 'contact', id: c.id })}>
                    {c.reference}
                  </a>
                  <Badge appearance="tint" color={c.status === 'open' ? 'warning' : 'brand'} shape="rounded">
                    {CONTACT_STATUS[c.status]}
                    {c.complaintReference ? ` to ${c.complaintReference}` : ''}
                  </Badge>
                  <Text size={200}>
                    {c.receivedDate} · {CHANNEL_LABELS[c.channel as keyof typeof CHANNEL_LABELS] ?? words(c.channel)}
                  </Text>
                </span>
                <span className={styles.text}>{c.whatHappened}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card className={styles.card}>
          <Subtitle2 as="h2">Complaints ({r.complaints.length})</Subtitle2>
          {r.complaints.length === 0 && <Text>No complaint is recorded {whose} on this desk.</Text>}
          <ul className={styles.list} aria-label="Complaints">
            {r.complaints.map((c) => (
              <li key={c.id} className={styles.item}>
                <span className={styles.line}>
                  <a className={styles.link} href={hrefOf({ view: 'case', id: c.id })}>
                    {c.reference}
                  </a>
                  <Badge appearance="tint" color="brand" shape="rounded">
                    {words(c.status)}
                  </Badge>
                  <Text size={200}>Received {c.receivedDate}</Text>
                </span>
                <span className={styles.text}>{c.summary}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
