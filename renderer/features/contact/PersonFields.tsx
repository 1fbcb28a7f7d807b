// A resident's name and contact details as form fields, with the use case's error against each: in a case's
// Edit details and on the person's records page (Edit resident details). A group or petition is named, not a
// person: its name is not offered.
import { Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import type { FieldErrorsOf } from '../../components/field-errors.js';
import type { PersonEditDraft } from './person-edit.js';

const useStyles = makeStyles({
  // Start-aligned: a field's error message under it does not stretch its neighbour.
  row: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
});

export function PersonFields({
  value,
  set,
  fe,
  group,
  autoFocus = false,
}: {
  value: PersonEditDraft;
  set: <K extends keyof PersonEditDraft>(k: K, v: PersonEditDraft[K]) => void;
  fe: FieldErrorsOf;
  group: boolean;
  /** The first field takes the focus (the form opened on the user's own command). */
  autoFocus?: boolean;
}) {
  const styles = useStyles();
  const d = value;
  return (
    <>
      {!group && (
        <div className={styles.row}>
          <Field label="Given name" {...fe('givenName')}>
            <Input autoFocus={autoFocus} value={d.givenName} onChange={(_, v) => set('givenName', v.value)} />
          </Field>
          <Field label="Family name" {...fe('familyName')}>
            <Input value={d.familyName} onChange={(_, v) => set('familyName', v.value)} />
          </Field>
        </div>
      )}
      <div className={styles.row}>
        <Field label="Phone" {...fe('phone')}>
          <Input autoFocus={autoFocus && group} type="tel" value={d.phone} onChange={(_, v) => set('phone', v.value)} />
        </Field>
        <Field label="Email" {...fe('email')}>
          <Input type="email" value={d.email} onChange={(_, v) => set('email', v.value)} />
        </Field>
      </div>
      <Field label="Address" {...fe('addressLine1')}>
        <Input value={d.addressLine1} onChange={(_, v) => set('addressLine1', v.value)} />
      </Field>
      <div className={styles.row}>
        <Field label="Town" {...fe('town')}>
          <Input value={d.town} onChange={(_, v) => set('town', v.value)} />
        </Field>
        <Field label="Postcode" {...fe('postcode')}>
          <Input value={d.postcode} onChange={(_, v) => set('postcode', v.value)} />
        </Field>
      </div>
    </>
  );
}
