// The reads behind a contact's own view (an enquiry left open, or any past contact) and behind a person's or a
// property's list of contacts and cases. Plain queries over the existing tables, each on an index: the contact
// by its key, its timeline by timeline_contact, a person's contacts by contacts_person, their cases by
// complaints_person (and the same for a property), so they stay in milliseconds on a desk of a million contacts.
import type Database from 'better-sqlite3';
import { RECORDS_LIMIT, type ContactDetail, type RecordsOf } from '../../shared/contracts/desk-api.js';
import { stmt } from './statements.js';

interface ContactRow {
  id: string;
  reference: string;
  kind: ContactDetail['contact']['kind'];
  channel: string;
  made_by: ContactDetail['contact']['madeBy'];
  received_at: string;
  received_date: string;
  what_happened: string;
  outcome_wanted: string | null;
  category_key: string | null;
  business_area_key: string | null;
  dissatisfaction: number;
  adjustments_json: string | null;
  status: ContactDetail['contact']['status'];
  resolution: string | null;
  resolved_at: string | null;
  complaint_id: string | null;
  logged_by: string;
  team_id: string | null;
  version: number;
  person_id: string | null;
  representation_id: string | null;
  group_id: string | null;
  property_id: string | null;
}

interface PersonRow {
  id: string;
  kind: string;
  display_name: string;
  phone: string | null;
  email: string | null;
  address_line1: string | null;
  town: string | null;
  postcode: string | null;
}

interface TimelineRow {
  id: string;
  hlc: string;
  occurred_at: string;
  actor_id: string | null;
  kind: string;
  summary: string;
  detail_json: string | null;
}

const userName = (db: Database.Database, id: string | null): string | null =>
  id === null
    ? null
    : (stmt<[string], { display_name: string }>(db, 'SELECT display_name FROM users WHERE id = ?').get(id)
        ?.display_name ?? null);

/** A contact with its people, property and timeline; null when this desk holds no such contact. */
export function contactDetail(db: Database.Database, contactId: string): Omit<ContactDetail, 'commands'> | null {
  const c = stmt<[string], ContactRow>(db, 'SELECT * FROM contacts WHERE id = ?').get(contactId);
  if (!c) return null;
  const person = c.person_id
    ? stmt<[string], PersonRow>(
        db,
        'SELECT id, kind, display_name, phone, email, address_line1, town, postcode FROM people WHERE id = ?',
      ).get(c.person_id)
    : undefined;
  const representative = c.representation_id
    ? stmt<
        [string],
        {
          id: string;
          display_name: string;
          relationship: string;
          authorisation_kind: string;
          authorisation_date: string | null;
        }
      >(
        db,
        `SELECT p.id, p.display_name, r.relationship, r.authorisation_kind, r.authorisation_date
         FROM representations r JOIN people p ON p.id = r.representative_id WHERE r.id = ?`,
      ).get(c.representation_id)
    : undefined;
  const group = c.group_id
    ? stmt<[string], { id: string; display_name: string }>(db, 'SELECT id, display_name FROM people WHERE id = ?').get(
        c.group_id,
      )
    : undefined;
  const members = group
    ? stmt<[string], { id: string; display_name: string; is_signatory: number }>(
        db,
        `SELECT p.id, p.display_name, m.is_signatory FROM group_members m JOIN people p ON p.id = m.member_id
         WHERE m.group_id = ? ORDER BY m.is_signatory DESC, p.display_name`,
      ).all(group.id)
    : [];
  const property = c.property_id
    ? stmt<[string], { id: string; address_line1: string; town: string; postcode: string }>(
        db,
        'SELECT id, address_line1, town, postcode FROM properties WHERE id = ?',
      ).get(c.property_id)
    : undefined;
  const complaint = c.complaint_id
    ? stmt<[string], { id: string; reference: string; status: string }>(
        db,
        'SELECT id, reference, status FROM complaints WHERE id = ?',
      ).get(c.complaint_id)
    : undefined;
  const rows = stmt<[string], TimelineRow>(
    db,
    `SELECT id, hlc, occurred_at, actor_id, kind, summary, detail_json FROM timeline_events
     WHERE contact_id = ? ORDER BY hlc`,
  ).all(c.id);
  const names = new Map<string, string | null>();
  const nameOf = (id: string | null): string | null => {
    if (id === null) return null;
    if (!names.has(id)) names.set(id, userName(db, id));
    return names.get(id) ?? null;
  };
  const timeline = rows.map((r) => ({
    id: r.id,
    hlc: r.hlc,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorName: nameOf(r.actor_id),
    kind: r.kind,
    summary: r.summary,
    detail: r.detail_json === null ? null : (JSON.parse(r.detail_json) as unknown),
  }));
  // Who resolved it: the latest resolution event (the contact row keeps when, not who).
  const resolvedBy =
    c.status === 'resolved' ? (rows.findLast((r) => r.kind === 'enquiry-resolved')?.actor_id ?? null) : null;
  return {
    contact: {
      id: c.id,
      reference: c.reference,
      kind: c.kind,
      channel: c.channel,
      madeBy: c.made_by,
      receivedAt: c.received_at,
      receivedDate: c.received_date,
      whatHappened: c.what_happened,
      outcomeWanted: c.outcome_wanted,
      categoryKey: c.category_key,
      businessAreaKey: c.business_area_key,
      dissatisfaction: c.dissatisfaction === 1,
      adjustmentsJson: c.adjustments_json,
      status: c.status,
      resolution: c.resolution,
      resolvedAt: c.resolved_at,
      resolvedBy,
      resolvedByName: nameOf(resolvedBy),
      complaint: complaint ?? (c.complaint_id ? { id: c.complaint_id, reference: null, status: null } : null),
      loggedBy: c.logged_by,
      loggedByName: nameOf(c.logged_by),
      teamId: c.team_id,
      version: c.version,
    },
    person: person
      ? {
          id: person.id,
          kind: person.kind,
          displayName: person.display_name,
          phone: person.phone,
          email: person.email,
          addressLine1: person.address_line1,
          town: person.town,
          postcode: person.postcode,
        }
      : null,
    representative: representative
      ? {
          id: representative.id,
          displayName: representative.display_name,
          relationship: representative.relationship,
          authorisationKind: representative.authorisation_kind,
          authorisationDate: representative.authorisation_date,
        }
      : null,
    group: group
      ? {
          id: group.id,
          displayName: group.display_name,
          members: members.map((m) => ({ id: m.id, displayName: m.display_name, isSignatory: m.is_signatory === 1 })),
        }
      : null,
    property: property
      ? { id: property.id, addressLine1: property.address_line1, town: property.town, postcode: property.postcode }
      : null,
    timeline,
  };
}

/**
 * The contacts and cases of a person (those naming them as the resident) or of a property, newest first, at most
 * RECORDS_LIMIT of each; null when this desk holds no such person or property.
 */
export function recordsOf(db: Database.Database, kind: 'person' | 'property', id: string): RecordsOf | null {
  let title: string;
  let subtitle: string;
  let person: RecordsOf['person'] = null;
  if (kind === 'person') {
    const p = stmt<
      [string],
      {
        display_name: string;
        kind: string;
        given_name: string | null;
        family_name: string | null;
        phone: string | null;
        email: string | null;
        address_line1: string | null;
        town: string | null;
        postcode: string | null;
      }
    >(
      db,
      `SELECT display_name, kind, given_name, family_name, phone, email, address_line1, town, postcode
       FROM people WHERE id = ?`,
    ).get(id);
    if (!p) return null;
    title = p.display_name;
    subtitle = [p.kind, p.postcode].filter(Boolean).join(' · ');
    person = {
      kind: p.kind,
      givenName: p.given_name,
      familyName: p.family_name,
      phone: p.phone,
      email: p.email,
      addressLine1: p.address_line1,
      town: p.town,
      postcode: p.postcode,
    };
  } else {
    const p = stmt<[string], { address_line1: string; town: string; postcode: string }>(
      db,
      'SELECT address_line1, town, postcode FROM properties WHERE id = ?',
    ).get(id);
    if (!p) return null;
    title = p.address_line1;
    subtitle = `${p.town} ${p.postcode}`;
  }
  const column = kind === 'person' ? 'person_id' : 'property_id';
  const contacts = stmt<
    [string, number],
    {
      id: string;
      reference: string;
      received_date: string;
      channel: string;
      status: 'open' | 'resolved' | 'converted';
      what_happened: string;
      complaint_reference: string | null;
    }
  >(
    db,
    `SELECT c.id, c.reference, c.received_date, c.channel, c.status, c.what_happened,
       (SELECT k.reference FROM complaints k WHERE k.id = c.complaint_id) AS complaint_reference
     FROM contacts c WHERE c.${column} = ? ORDER BY c.received_date DESC, c.reference DESC LIMIT ?`,
  ).all(id, RECORDS_LIMIT + 1);
  const complaints = stmt<
    [string, number],
    { id: string; reference: string; received_date: string; status: string; summary: string }
  >(
    db,
    `SELECT id, reference, received_date, status, summary FROM complaints WHERE ${column} = ?
     ORDER BY received_date DESC, reference DESC LIMIT ?`,
  ).all(id, RECORDS_LIMIT + 1);
  return {
    kind,
    id,
    title,
    subtitle,
    person,
    contacts: contacts.slice(0, RECORDS_LIMIT).map((c) => ({
      id: c.id,
      reference: c.reference,
      receivedDate: c.received_date,
      channel: c.channel,
      status: c.status,
      whatHappened: c.what_happened,
      complaintReference: c.complaint_reference,
    })),
    complaints: complaints.slice(0, RECORDS_LIMIT).map((c) => ({
      id: c.id,
      reference: c.reference,
      receivedDate: c.received_date,
      status: c.status,
      summary: c.summary,
    })),
    more: contacts.length > RECORDS_LIMIT || complaints.length > RECORDS_LIMIT,
  };
}
