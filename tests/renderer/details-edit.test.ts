// The Details tab's edit form without the DOM: it starts from the case's and the resident's details, and a save
// sends only what changed (so field-by-field merging never overwrites another desk's later edit of a field this
// one did not touch), blanks included so the use case answers with its own words.
import { describe, expect, it } from 'vitest';
import { detailsChanges, detailsDraftKey, detailsDraftOf } from '../../renderer/features/case/details-edit.js';
import { editDetailsRefusal } from '../../shared/domain/details.js';

const COMPLAINT = {
  id: '01940000-0000-7000-8000-0000000000c1',
  summary: 'Black mould in the back bedroom.',
  outcome_wanted: null,
  category_key: 'damp-mould',
  business_area_key: 'repairs',
};
const PERSON = { id: 'p', kind: 'person', given_name: 'Grace', family_name: 'Okafor', phone: null, postcode: 'M1 1AA' };
const someone = { exists: true, group: false };

describe('details edit', () => {
  it('starts from the case’s values, blanks for what is not recorded', () => {
    expect(detailsDraftOf(COMPLAINT, PERSON)).toEqual({
      summary: 'Black mould in the back bedroom.',
      outcomeWanted: '',
      categoryKey: 'damp-mould',
      businessAreaKey: 'repairs',
      givenName: 'Grace',
      familyName: 'Okafor',
      phone: '',
      email: '',
      addressLine1: '',
      town: '',
      postcode: 'M1 1AA',
    });
    expect(detailsDraftOf(COMPLAINT, null).givenName).toBe('');
    expect(detailsDraftKey(COMPLAINT.id)).toMatch(/^[a-z][a-z0-9-]{0,39}:[0-9a-f-]{36}$/);
  });

  it('sends only the fields that changed, to the use case each belongs to', () => {
    const current = detailsDraftOf(COMPLAINT, PERSON);
    expect(detailsChanges(current, current, someone)).toEqual({ complaint: null, person: null });
    // Spaces around a value are not a change (the use cases trim).
    expect(detailsChanges({ ...current, summary: ` ${current.summary} ` }, current, someone).complaint).toBeNull();
    const edited = { ...current, outcomeWanted: 'The mould treated.', familyName: 'Okafor-Reid', postcode: '' };
    expect(detailsChanges(edited, current, someone)).toEqual({
      complaint: { outcomeWanted: 'The mould treated.' },
      person: { familyName: 'Okafor-Reid', postcode: '' },
    });
  });

  it('sends a blank summary (the use case says it is required) and a cleared category as null', () => {
    const current = detailsDraftOf(COMPLAINT, PERSON);
    expect(detailsChanges({ ...current, summary: '  ', categoryKey: '' }, current, someone).complaint).toEqual({
      summary: '  ',
      categoryKey: null,
    });
  });

  it('leaves a group’s name alone and sends no person fields when the case has no person', () => {
    const current = detailsDraftOf(COMPLAINT, PERSON);
    const edited = { ...current, givenName: 'Tenants of', familyName: 'Block C', phone: '0161 496 0101' };
    expect(detailsChanges(edited, current, { exists: true, group: true }).person).toEqual({ phone: '0161 496 0101' });
    expect(detailsChanges(edited, current, { exists: false, group: false }).person).toBeNull();
  });

  it('offers the edit to the roles the use case lets edit details, with its words to the others', () => {
    expect(editDetailsRefusal(['agent'])).toBeNull();
    expect(editDetailsRefusal(['team-leader'])).toBeNull();
    expect(editDetailsRefusal(['manager'])).toBeNull();
    expect(editDetailsRefusal(['business-area-owner'])).toBe('your role (business-area-owner) may not edit details');
    expect(editDetailsRefusal([])).toBe('your role (none) may not edit details');
  });
});
