// The contact view without the DOM: its routes, where each kind of search hit opens (none ignored), and its
// Edit details form (starts from the contact as it is, and a save sends only what changed, blanks as cleared).
import { describe, expect, it } from 'vitest';
import type { ContactDetail, SearchHit } from '../../shared/contracts/desk-api.js';
import { hrefOf, parseRoute } from '../../renderer/app/routes.js';
import { routeOfHit } from '../../renderer/features/search/hit-route.js';
import {
  contactChanges,
  contactEditDraftKey,
  contactEditDraftOf,
} from '../../renderer/features/contact/contact-edit.js';

const ID = '01940000-0000-7000-8000-0000000000c1';

describe('routes', () => {
  it('opens a contact, a person and a property by id, and nothing else under those names', () => {
    expect(parseRoute(`#/contact/${ID}`)).toEqual({ view: 'contact', id: ID });
    expect(parseRoute(`#/person/${ID}`)).toEqual({ view: 'records', kind: 'person', id: ID });
    expect(parseRoute(`#/property/${ID}`)).toEqual({ view: 'records', kind: 'property', id: ID });
    expect(parseRoute('#/contact/../../etc')).toEqual({ view: 'home' });
    expect(parseRoute(`#/people/${ID}`)).toEqual({ view: 'home' });
    for (const r of [
      { view: 'contact', id: ID },
      { view: 'records', kind: 'person', id: ID },
      { view: 'records', kind: 'property', id: ID },
    ] as const) {
      expect(parseRoute(hrefOf(r))).toEqual(r);
    }
  });

  it('opens every kind of search hit somewhere', () => {
    const kinds: SearchHit['kind'][] = ['complaint', 'contact', 'person', 'property'];
    expect(kinds.map((kind) => hrefOf(routeOfHit({ kind, id: ID })))).toEqual([
      `#/case/${ID}`,
      `#/contact/${ID}`,
      `#/person/${ID}`,
      `#/property/${ID}`,
    ]);
  });
});

const CONTACT = {
  id: ID,
  outcomeWanted: 'A date for the survey.',
  categoryKey: 'damp-mould',
  businessAreaKey: 'repairs',
  adjustmentsJson: JSON.stringify({
    supports: ['large-print', 'translation'],
    language: 'Polish',
    preferredChannel: 'letter',
    detail: null,
  }),
} as unknown as ContactDetail['contact'];

describe('contact edit', () => {
  const current = contactEditDraftOf(CONTACT);

  it('starts from the contact’s values, its adjustments part by part', () => {
    expect(current).toEqual({
      outcomeWanted: 'A date for the survey.',
      categoryKey: 'damp-mould',
      businessAreaKey: 'repairs',
      supports: ['large-print', 'translation'],
      language: 'Polish',
      preferredChannel: 'letter',
      adjustmentDetail: '',
    });
    expect(contactEditDraftOf({ ...CONTACT, adjustmentsJson: null, outcomeWanted: null })).toMatchObject({
      outcomeWanted: '',
      supports: [],
      language: '',
    });
    expect(contactEditDraftKey(ID)).toBe(`contact-details:${ID}`);
  });

  it('sends nothing when nothing changed (spaces and the order of supports do not count)', () => {
    expect(contactChanges({ ...current, outcomeWanted: ' A date for the survey. ' }, current)).toBeNull();
    expect(contactChanges({ ...current, supports: ['translation', 'large-print'] }, current)).toBeNull();
  });

  it('sends the language with a newly asked-for translation, so a translation into no language is refused', () => {
    const none = contactEditDraftOf({ ...CONTACT, adjustmentsJson: null });
    expect(contactChanges({ ...none, supports: ['translation'] }, none)).toEqual({
      adjustments: { supports: ['translation'], language: null },
    });
    expect(contactChanges({ ...current, supports: ['translation'] }, current)).toEqual({
      adjustments: { supports: ['translation'], language: 'Polish' },
    });
  });

  it('sends only what changed, blanks as cleared, and only the adjustments’ parts that changed', () => {
    expect(contactChanges({ ...current, outcomeWanted: '', categoryKey: '' }, current)).toEqual({
      outcomeWanted: null,
      categoryKey: null,
    });
    expect(
      contactChanges(
        { ...current, supports: ['large-print'], language: '', adjustmentDetail: 'Calls after 4pm' },
        current,
      ),
    ).toEqual({
      adjustments: { supports: ['large-print'], language: null, detail: 'Calls after 4pm' },
    });
    expect(contactChanges({ ...current, preferredChannel: 'email', businessAreaKey: 'asb' }, current)).toEqual({
      businessAreaKey: 'asb',
      adjustments: { preferredChannel: 'email' },
    });
  });
});
