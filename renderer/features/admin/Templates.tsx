import {
  Badge,
  Button,
  Card,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Select,
  Spinner,
  Subtitle2,
  Text,
  Textarea,
  tokens,
  ToolbarButton,
} from '@fluentui/react-components';
import {
  Add20Regular,
  ArrowDown20Regular,
  ArrowUp20Regular,
  Delete20Regular,
  Save20Regular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import type { LetterTemplate, TemplateSection } from '../../../shared/contracts/desk-api.js';
import { words } from '../../../shared/contracts/vocabulary.js';
import { CONTENT_ITEMS, LETTER_KIND_NAMES, type ContentItem } from '../../../shared/domain/letters/types.js';
import { asDeskError, useLetterTemplatesQuery, useSaveLetterTemplateMutation } from '../../api/desk-api.js';
import { CommandBar } from '../../components/CommandBar.js';
import { CalibrationWeekSetting } from './CalibrationWeekSetting.js';

const useStyles = makeStyles({
  body: {
    display: 'grid',
    gridTemplateColumns: '320px 1fr',
    gap: tokens.spacingHorizontalL,
    padding: tokens.spacingHorizontalXL,
    alignItems: 'start',
  },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    flexDirection: 'column',
    width: '100%',
    textAlign: 'left',
    gap: '2px',
    padding: tokens.spacingHorizontalM,
    border: 'none',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}`,
  },
  editor: {
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  section: {
    display: 'grid',
    gridTemplateColumns: '1fr 140px',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  wide: { gridColumn: '1 / -1' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** Admin: the letter templates, by kind. Saving makes a new version; letters already drafted keep theirs. */
export function Templates() {
  const styles = useStyles();
  const q = useLetterTemplatesQuery({});
  const [picked, setPicked] = useState<string | null>(null);
  if (q.isLoading) return <Spinner label="Loading templates…" />;
  const err = asDeskError(q.error);
  const list = [...(q.data ?? [])].sort(
    (a, b) => a.kind.localeCompare(b.kind) || (a.profileFamily ?? '').localeCompare(b.profileFamily ?? ''),
  );
  const selected = list.find((t) => t.id === picked) ?? list[0];
  return (
    <>
      <CommandBar title="Letter templates" />
      <CalibrationWeekSetting />
      {err && (
        <MessageBar intent="error">
          <MessageBarBody>{err.message}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.body}>
        <Card style={{ padding: 0 }}>
          <ul className={styles.list} aria-label="Templates by kind">
            {list.map((t) => (
              <li key={t.id}>
                <button
                  type="button"
                  className={`${styles.item} ${t.id === selected?.id ? styles.selected : ''}`}
                  aria-current={t.id === selected?.id ? 'true' : undefined}
                  onClick={() => setPicked(t.id)}
                >
                  <Text weight="semibold">{LETTER_KIND_NAMES[t.kind]}</Text>
                  <Text size={200}>
                    {t.name} · version {t.version}
                    {t.profileFamily ? ` · ${t.profileFamily}` : ' · every profile'}
                    {t.builtIn ? ' · as shipped' : ''}
                  </Text>
                </button>
              </li>
            ))}
          </ul>
        </Card>
        {selected ? (
          <TemplateEditor key={`${selected.id}:${selected.version}`} t={selected} />
        ) : (
          <Text>No templates.</Text>
        )}
      </div>
    </>
  );
}

type DraftSection = { key: string; heading: string; mode: 'fixed' | 'free'; text: string; provides: ContentItem[] };

function TemplateEditor({ t }: { t: LetterTemplate }) {
  const styles = useStyles();
  const [name, setName] = useState(t.name);
  const [sections, setSections] = useState<DraftSection[]>(() =>
    t.sections.map((s: TemplateSection) => ({
      key: s.key,
      heading: s.heading ?? '',
      mode: s.mode,
      text: s.text,
      provides: [...s.provides],
    })),
  );
  const [saved, setSaved] = useState<string | null>(null);
  const [nameMissing, setNameMissing] = useState(false);
  const [save, state] = useSaveLetterTemplateMutation();
  const err = asDeskError(state.error);
  const set = (i: number, patch: Partial<DraftSection>) =>
    setSections((o) => o.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) =>
    setSections((o) => {
      const n = [...o];
      const [s] = n.splice(i, 1);
      if (s) n.splice(i + by, 0, s);
      return n;
    });

  async function submit() {
    setSaved(null);
    // Said here, by the field, rather than as the desk's "name: required" above the form.
    setNameMissing(!name.trim());
    if (!name.trim()) return;
    const r = await save({
      kind: t.kind,
      profileFamily: t.profileFamily,
      name,
      sections: sections.map((s) => ({ ...s, heading: s.heading.trim() || null })),
    });
    if (r.data)
      setSaved(`Saved as version ${r.data.version}. Letters already drafted keep the template they were drafted from.`);
  }

  return (
    <Card className={styles.editor}>
      <div className={styles.row}>
        <Subtitle2 as="h2">{LETTER_KIND_NAMES[t.kind]}</Subtitle2>
        <Badge appearance="tint">version {t.version}</Badge>
        <ToolbarButton
          appearance="primary"
          icon={<Save20Regular />}
          onClick={() => void submit()}
          disabled={state.isLoading}
        >
          Save as a new version
        </ToolbarButton>
      </div>
      <Text className={styles.small}>
        Merge fields such as {'{{case.reference}}'} or {'{{person.name}}'} are filled from the case and always escaped.
        Free sections are written by the agent for each letter: their text here is the guidance the agent sees.
      </Text>
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      {err && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>Not saved: {err.message}</MessageBarBody>
        </MessageBar>
      )}
      <Field
        label="Template name"
        required
        validationState={nameMissing ? 'error' : 'none'}
        validationMessage={nameMissing ? 'Give the template a name. Nothing was saved.' : undefined}
      >
        <Input
          value={name}
          onChange={(_, v) => {
            setName(v.value);
            if (v.value.trim()) setNameMissing(false);
          }}
        />
      </Field>
      {sections.map((s, i) => (
        <div key={i} className={styles.section} role="group" aria-label={`Section ${i + 1}: ${s.heading || s.key}`}>
          <Field label="Heading (blank for none)">
            <Input value={s.heading} onChange={(_, v) => set(i, { heading: v.value })} />
          </Field>
          <Field label="Written by">
            <Select value={s.mode} onChange={(_, v) => set(i, { mode: v.value as 'fixed' | 'free' })}>
              <option value="fixed">Template</option>
              <option value="free">Agent</option>
            </Select>
          </Field>
          <Field className={styles.wide} label={s.mode === 'free' ? 'Guidance for the agent' : 'Text'}>
            <Textarea rows={4} resize="vertical" value={s.text} onChange={(_, v) => set(i, { text: v.value })} />
          </Field>
          <Field className={styles.wide} label="Required content this section provides">
            <Dropdown
              multiselect
              placeholder="None"
              value={s.provides.map(words).join(', ')}
              selectedOptions={s.provides}
              onOptionSelect={(_, d) => set(i, { provides: d.selectedOptions as ContentItem[] })}
            >
              {CONTENT_ITEMS.map((c) => (
                <Option key={c} value={c}>
                  {words(c)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <div className={`${styles.row} ${styles.wide}`}>
            <Text className={styles.small}>key: {s.key}</Text>
            <Button size="small" icon={<ArrowUp20Regular />} disabled={i === 0} onClick={() => move(i, -1)}>
              Up
            </Button>
            <Button
              size="small"
              icon={<ArrowDown20Regular />}
              disabled={i === sections.length - 1}
              onClick={() => move(i, 1)}
            >
              Down
            </Button>
            <Button
              size="small"
              icon={<Delete20Regular />}
              onClick={() => setSections((o) => o.filter((_, j) => j !== i))}
            >
              Remove
            </Button>
          </div>
        </div>
      ))}
      <div className={styles.row}>
        <Button
          icon={<Add20Regular />}
          onClick={() =>
            setSections((o) => [
              ...o,
              { key: `section-${o.length + 1}`, heading: '', mode: 'free', text: '', provides: [] },
            ])
          }
        >
          Add a section
        </Button>
      </div>
    </Card>
  );
}
