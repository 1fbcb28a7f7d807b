// The pieces the contact, case and person forms share, without the DOM: a resident's details edit (starts from
// the person as the desk holds them, a save sends only what changed, a group's name never), the category and
// business-area options (a key no longer offered, or not loaded yet, kept as its own option; a category sets its
// usual area) and a use case's field errors against their fields.
import { describe, expect, it } from 'vitest';
import type { RecordsPerson } from '../../shared/contracts/desk-api.js';
import { errorsByField, fieldErrors } from '../../renderer/components/field-errors.js';
import { areaForCategory, referenceOptions } from '../../renderer/components/reference-options.js';
import { NOTHING_CHANGED, savedText } from '../../renderer/features/drafts/save-text.js';
import { personChanges, personEditDraftKey, personEditDraftOf } from '../../renderer/features/contact/person-edit.js';

const PERSON: RecordsPerson = {
  kind: 'person',
  givenName: 'Grace',
  familyName: 'Okafor',
  phone: '0161 496 0000',
  email: null,
  addressLine1: '1 Mill Lane',
  town: 'Manchester',
  postcode: 'M1 1AA',
};

describe('a resident’s details edit', () => {
  it('starts from the person as the desk holds them, blanks for what is not recorded', () => {
    expect(personEditDraftOf(PERSON)).toEqual({
      givenName: 'Grace',
      familyName: 'Okafor',
      phone: '0161 496 0000',
      email: '',
      addressLine1: '1 Mill Lane',
      town: 'Manchester',
      postcode: 'M1 1AA',
    });
    expect(personEditDraftOf(null).phone).toBe('');
    // The desk core's draft keys: a kind and an id.
    expect(personEditDraftKey('01940000-0000-7000-8000-0000000000c1')).toMatch(/^[a-z][a-z0-9-]{0,39}:[0-9a-f-]{36}$/);
  });

  it('sends only what changed, spaces around a value not a change, a blank as typed', () => {
    const current = personEditDraftOf(PERSON);
    expect(personChanges(current, current, false)).toBeNull();
    expect(personChanges({ ...current, phone: ' 0161 496 0000 ' }, current, false)).toBeNull();
    expect(personChanges({ ...current, phone: '0161 496 0999', town: '' }, current, false)).toEqual({
      phone: '0161 496 0999',
      town: '',
    });
  });

  it('never sends a group’s name (the use case refuses it): only its contact details', () => {
    const current = personEditDraftOf({ ...PERSON, kind: 'group' });
    const edited = { ...current, givenName: 'Tenants of', familyName: 'Block C', email: 'block-c@example.org' };
    expect(personChanges(edited, current, true)).toEqual({ email: 'block-c@example.org' });
    expect(personChanges({ ...current, givenName: 'Tenants of' }, current, true)).toBeNull();
  });
});

describe('category and business-area options', () => {
  const categories = [
    { key: 'repairs-delay', name: 'Repairs delay', businessAreaKey: 'repairs' },
    { key: 'staff-conduct', name: 'Staff conduct', businessAreaKey: null },
  ];

  it('are the reference data’s, and a key it no longer offers stays as its own option', () => {
    expect(referenceOptions(categories, '')).toBe(categories);
    expect(referenceOptions(categories, 'repairs-delay')).toBe(categories);
    expect(referenceOptions(categories, 'old-key').at(-1)).toEqual({
      key: 'old-key',
      name: 'old-key (no longer offered)',
    });
    expect(referenceOptions(categories, 'old-key')).toHaveLength(3);
  });

  it('show the record’s key before the reference data has loaded, and nothing else', () => {
    expect(referenceOptions(undefined, 'repairs-delay')).toEqual([{ key: 'repairs-delay', name: 'repairs-delay' }]);
    expect(referenceOptions(undefined, '')).toEqual([]);
  });

  it('set a category’s usual business area, keeping the chosen one when it names none', () => {
    expect(areaForCategory(categories, 'repairs-delay', '')).toBe('repairs');
    expect(areaForCategory(categories, 'staff-conduct', 'housing')).toBe('housing');
    expect(areaForCategory(categories, '', 'housing')).toBe('housing');
    expect(areaForCategory(undefined, 'repairs-delay', 'housing')).toBe('housing');
  });
});

describe('field errors', () => {
  it('are the first message for each field, as a Field’s props, nothing for the others', () => {
    const error = {
      fields: [
        { path: 'phone', message: 'must be a phone number' },
        { path: 'phone', message: 'a second message' },
        { path: 'postcode', message: 'must be a UK postcode' },
      ],
    };
    expect(errorsByField(error)).toEqual({ phone: 'must be a phone number', postcode: 'must be a UK postcode' });
    const fe = fieldErrors(error);
    expect(fe('phone')).toEqual({ validationState: 'error', validationMessage: 'must be a phone number' });
    expect(fe('email')).toEqual({});
    expect(fieldErrors(null)('phone')).toEqual({});
  });
});

describe('what a save says', () => {
  it('is saved, naming any field where another desk’s later edit stands; a save with no change is refused', () => {
    expect(savedText([])).toBe('Details saved.');
    expect(savedText(['phone', 'address_line1'])).toBe(
      'Details saved; a later edit from another desk stands for: phone, address line1.',
    );
    expect(NOTHING_CHANGED).toMatchObject({ code: 'invalid-input', message: /Nothing has changed/ });
  });
});
