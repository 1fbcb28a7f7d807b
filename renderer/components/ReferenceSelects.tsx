// The category and business-area selects of the forms that log or edit a contact or a complaint: the reference
// data loaded here, a blank option (cleared, or not chosen yet), a key the reference data no longer offers kept
// as its own option (reference-options.ts), and the use case's error shown against each field.
import { Field, Select } from '@fluentui/react-components';
import { useReferenceDataQuery } from '../api/desk-api.js';
import type { FieldErrorsOf } from './field-errors.js';
import { areaForCategory, referenceOptions, type ReferenceOption } from './reference-options.js';

function ReferenceSelect({
  label,
  path,
  list,
  value,
  none,
  fe,
  onChange,
}: {
  label: string;
  path: string;
  list: readonly ReferenceOption[] | undefined;
  value: string;
  none: string;
  fe: FieldErrorsOf;
  onChange: (key: string) => void;
}) {
  return (
    <Field label={label} {...fe(path)}>
      <Select value={value} onChange={(_, v) => onChange(v.value)}>
        <option value="">{none}</option>
        {referenceOptions(list, value).map((x) => (
          <option key={x.key} value={x.key}>
            {x.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** The category alone (the business area follows from it when the contact is logged). */
export function CategoryField({
  value,
  onChange,
  fe,
  none = 'None',
}: {
  value: string;
  onChange: (categoryKey: string) => void;
  fe: FieldErrorsOf;
  /** The blank option's words. */
  none?: string;
}) {
  const reference = useReferenceDataQuery(undefined).data;
  return (
    <ReferenceSelect
      label="Category"
      path="categoryKey"
      list={reference?.categories}
      value={value}
      none={none}
      fe={fe}
      onChange={onChange}
    />
  );
}

export interface CategoryAndArea {
  readonly categoryKey: string;
  readonly businessAreaKey: string;
}

/** The category and the business area side by side; choosing a category sets its usual area. */
export function CategoryAreaFields({
  value,
  onChange,
  fe,
  className,
}: {
  value: CategoryAndArea;
  onChange: (next: CategoryAndArea) => void;
  fe: FieldErrorsOf;
  /** The row's layout (the two fields are its cells). */
  className?: string;
}) {
  const reference = useReferenceDataQuery(undefined).data;
  return (
    <div className={className}>
      <ReferenceSelect
        label="Category"
        path="categoryKey"
        list={reference?.categories}
        value={value.categoryKey}
        none="None"
        fe={fe}
        onChange={(categoryKey) =>
          onChange({
            categoryKey,
            businessAreaKey: areaForCategory(reference?.categories, categoryKey, value.businessAreaKey),
          })
        }
      />
      <ReferenceSelect
        label="Business area"
        path="businessAreaKey"
        list={reference?.businessAreas}
        value={value.businessAreaKey}
        none="None"
        fe={fe}
        onChange={(businessAreaKey) => onChange({ categoryKey: value.categoryKey, businessAreaKey })}
      />
    </div>
  );
}
