import {
  Button,
  makeStyles,
  Menu,
  MenuDivider,
  MenuGroupHeader,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import type { CaseRecord } from '../../../shared/domain/lifecycle/types.js';
import { LETTER_KINDS, LETTER_KIND_NAMES, type LetterKind } from '../../../shared/domain/letters/types.js';
import { findProfile } from '../../../shared/domain/profiles/registry.js';
import { asDeskError, useCaseLettersQuery, useCreateLetterDraftMutation } from '../../api/desk-api.js';
import { hrefOf, navigate } from '../../app/route.js';
import { letterTitle, StatusBadge, when } from './LetterPanels.js';
import { owedLetters } from './owed.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  row: {
    display: 'grid',
    gridTemplateColumns: '1fr 200px 220px',
    gap: tokens.spacingHorizontalL,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    alignItems: 'center',
  },
  link: { color: tokens.colorBrandForegroundLink, fontWeight: tokens.fontWeightSemibold },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** The complaint's Letters tab: its letters, and "Draft letter" with the letters the lifecycle says are owed first. */
export function CaseLetters({ complaintId, state }: { complaintId: string; state: CaseRecord }) {
  const styles = useStyles();
  const letters = useCaseLettersQuery(complaintId);
  const [create, createState] = useCreateLetterDraftMutation();
  const err = asDeskError(letters.error) ?? asDeskError(createState.error);
  const stageCount = findProfile(state.profileId)?.stages.length ?? 1;
  const owed = owedLetters(state, stageCount, letters.data ?? []);
  const owedKinds = new Set(owed.map((o) => o.kind));
  const others = LETTER_KINDS.filter((k) => !owedKinds.has(k));

  async function draft(kind: LetterKind) {
    const r = await create({ complaintId, kind });
    if (r.data) navigate({ view: 'letter', id: r.data.letterId });
  }

  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button appearance="primary" icon={<Add20Regular />} disabled={createState.isLoading}>
              Draft letter
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {owed.length > 0 && <MenuGroupHeader>Owed now</MenuGroupHeader>}
              {owed.map((o) => (
                <MenuItem key={o.kind} onClick={() => void draft(o.kind)} secondaryContent="owed">
                  {LETTER_KIND_NAMES[o.kind]}
                </MenuItem>
              ))}
              {owed.length > 0 && <MenuDivider />}
              <MenuGroupHeader>Other letters</MenuGroupHeader>
              {others.map((k) => (
                <MenuItem key={k} onClick={() => void draft(k)}>
                  {LETTER_KIND_NAMES[k]}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
        {owed.map((o) => (
          <Text key={o.kind} className={styles.small}>
            Owed: {LETTER_KIND_NAMES[o.kind]} — {o.why}
          </Text>
        ))}
      </div>
      {err && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{err.message}</MessageBarBody>
        </MessageBar>
      )}
      {letters.isLoading && <Spinner label="Loading letters…" />}
      {letters.data?.length === 0 && <Text>No letters on this case yet.</Text>}
      <ul className={styles.list} aria-label="Letters on this case">
        {(letters.data ?? []).map((l) => (
          <li key={l.id} className={styles.row}>
            <a className={styles.link} href={hrefOf({ view: 'letter', id: l.id })}>
              {letterTitle(l)}
            </a>
            <span>
              <StatusBadge status={l.status} />
            </span>
            <span className={styles.small}>
              {l.sentDate ? `Sent ${l.sentDate} (${l.sentChannel ?? ''})` : `Drafted ${when(l.createdAt)}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
