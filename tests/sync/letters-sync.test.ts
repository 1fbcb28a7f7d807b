// Letters and the weekly calibration through the real server (PostgreSQL, push and pull): a letter drafted on
// an agent's desk, authorised on the Team Leader's, sent from the agent's, with the same rows on every desk and
// the server; two managers drawing the same week offline: the server keeps the first and refuses the second.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TestPostgres } from '../server/postgres.js';
import { weekBounds } from '../../shared/domain/letters/calibration.js';
import { World, deskDump, startWorldPostgres } from './harness.js';

let pg: TestPostgres;
let w: World;
beforeAll(async () => {
  pg = await startWorldPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});
beforeEach(async () => {
  w = await World.create(pg, [
    { key: 'ada', roles: ['agent'] },
    { key: 'lee', roles: ['team-leader'] },
    { key: 'max', roles: ['manager'] },
    { key: 'mia', roles: ['manager'] },
    { key: 'root', roles: ['administrator'] },
    { key: 'ben', roles: ['agent'] },
  ]);
});
afterEach(async () => {
  await w.close();
});

const doc = (text: string) => ({ html: text, contentSha256: createHash('sha256').update(text).digest('hex') });

describe('letters through the server', () => {
  it('draft and submit on one desk, authorise on another, send: every desk and the server hold the same rows', async () => {
    const a = await w.addDesk('ada');
    const l = await w.addDesk('lee');
    const { contactId } = a.must<{ contactId: string }>('log-contact', {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Priya', familyName: 'Shah' },
      whatHappened: 'Boiler broken for a week.',
      dissatisfaction: true,
    });
    const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    a.must('complaint-command', { complaintId, command: { type: 'accept' } });
    const { letterId } = a.must<{ letterId: string }>('create-letter', { complaintId, kind: 'acknowledgement' });
    a.must('save-letter', {
      letterId,
      sections: { understanding: 'No heating <b>since</b> Monday.', 'outcome-sought': 'A working boiler.' },
    });
    a.must('submit-letter', { letterId, ...doc('<p>v1</p>') });
    expect(await a.sync()).toMatchObject({ pending: 0, rejections: [] });

    expect(await l.sync()).toMatchObject({ rejections: [] });
    l.must('authorise-letter', { letterId });
    expect(await l.sync()).toMatchObject({ pending: 0, rejections: [] });

    await a.sync();
    const sent = a.must<{ transition: string | null }>('send-letter', {
      letterId,
      channel: 'post',
      sentDate: a.clock.today(),
      ...doc('<p>sent</p>'),
    });
    expect(sent.transition).toBe('acknowledge');
    expect(await a.sync()).toMatchObject({ pending: 0, rejections: [] });
    await l.sync();

    const server = await w.serverDump();
    expect(server.letters).toHaveLength(1);
    expect(server.letter_versions).toHaveLength(2);
    expect(server.letter_reviews.map((r) => r.action).sort()).toEqual(['authorised', 'sent', 'submitted']);
    for (const d of [a, l]) expect(deskDump(d, server), d.name).toEqual(server);
    // The send date recorded the acknowledgement on the server's complaint too.
    const complaint = server.complaints.find((c) => c.id === complaintId);
    expect(complaint?.stage_status).toBe('acknowledged');
  });

  it('two managers draw the same week offline: the server keeps the first draw and refuses the second', async () => {
    const a = await w.addDesk('ada');
    const l = await w.addDesk('lee');
    const m1 = await w.addDesk('max');
    const m2 = await w.addDesk('mia');
    const { contactId } = a.must<{ contactId: string }>('log-contact', {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Sam', familyName: 'Jones' },
      whatHappened: 'Damp.',
      dissatisfaction: true,
    });
    const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    a.must('complaint-command', { complaintId, command: { type: 'accept' } });
    const letters: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { letterId } = a.must<{ letterId: string }>('create-letter', {
        complaintId,
        kind: 'cyber-incident-apology',
      });
      a.must('save-letter', { letterId, sections: { apology: `Sorry ${i}.`, 'action-plan': 'We will fix it.' } });
      a.must('submit-letter', { letterId, ...doc(`<p>${i}</p>`) });
      letters.push(letterId);
    }
    await a.sync();
    await l.sync();
    for (const letterId of letters) l.must('authorise-letter', { letterId });
    await l.sync();
    await m1.sync();
    await m2.sync();
    m1.link.up = false;
    m2.link.up = false;
    const weekStart = weekBounds(m1.clock.today()).start;
    const population = [{ teamLeaderId: l.user.id, letterIds: letters }];
    m1.must('draw-calibration', { weekStart, population });
    m2.must('draw-calibration', { weekStart, population });
    m1.link.up = true;
    m2.link.up = true;
    expect(await m1.sync()).toMatchObject({ pending: 0, rejections: [] });
    const second = await m2.sync();
    expect(second.rejections).toHaveLength(1);
    expect(second.rejections[0]?.reason).toMatch(/^conflict/);
    const server = await w.serverDump();
    expect(server.calibration_draws).toHaveLength(1);
    expect(server.calibration_items).toHaveLength(3);
    await m2.sync();
    // m2 is rolled back to the server's draw: the same seed and the same three letters.
    expect(deskDump(m2, server).calibration_draws).toEqual(server.calibration_draws);
    expect(deskDump(m2, server).calibration_items).toEqual(server.calibration_items);
  });

  it("an administrator's template edit reaches an agent's desk, and the agent's next letter is drafted from it", async () => {
    const root = await w.addDesk('root');
    const a = await w.addDesk('ada');
    const { templateId } = root.must<{ templateId: string }>('save-letter-template', {
      kind: 'cyber-incident-apology',
      profileFamily: null,
      name: 'Cyber apology (2026)',
      sections: [
        { key: 'apology', heading: 'Sorry', mode: 'free', text: 'g', provides: ['apology'] },
        { key: 'action-plan', heading: 'Plan', mode: 'free', text: 'g', provides: ['action-plan'] },
        {
          key: 'ombudsman',
          heading: null,
          mode: 'fixed',
          text: '{{ombudsman.contact}}',
          provides: ['ombudsman-route'],
        },
      ],
    });
    expect(await root.sync()).toMatchObject({ pending: 0, rejections: [] });
    // An agent's own attempt is refused on the desk before it is ever sent.
    expect(
      a.run('save-letter-template', { kind: 'refusal', profileFamily: null, name: 'x', sections: [] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await a.sync();
    const { contactId } = a.must<{ contactId: string }>('log-contact', {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Ann', familyName: 'Lee' },
      whatHappened: 'Repair delayed by the outage.',
      dissatisfaction: true,
    });
    const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    const { letterId } = a.must<{ letterId: string }>('create-letter', { complaintId, kind: 'cyber-incident-apology' });
    const row = a.store.db.prepare('SELECT template_id FROM letters WHERE id = ?').get(letterId) as {
      template_id: string;
    };
    expect(row.template_id).toBe(templateId);
    expect(await a.sync()).toMatchObject({ pending: 0, rejections: [] });
  });

  it('the server decides by its own roles: an agent whose desk claims Team Leader and administrator is refused and rolled back', async () => {
    const a = await w.addDesk('ada');
    const b = await w.addDesk('ben');
    const { contactId } = a.must<{ contactId: string }>('log-contact', {
      channel: 'phone',
      madeBy: 'resident',
      person: { givenName: 'Kay', familyName: 'Moss' },
      whatHappened: 'Leak.',
      dissatisfaction: true,
    });
    const { complaintId } = a.must<{ complaintId: string }>('convert-to-complaint', {
      contactId,
      reason: 'resident-asked',
      residentOfferedChoice: true,
    });
    const { letterId } = a.must<{ letterId: string }>('create-letter', { complaintId, kind: 'cyber-incident-apology' });
    a.must('save-letter', { letterId, sections: { apology: 'Sorry.', 'action-plan': 'Fix it.' } });
    a.must('submit-letter', { letterId, ...doc('<p>x</p>') });
    await a.sync();
    await b.sync();
    const claimed = { ...b.actor, roles: ['team-leader', 'administrator'] as ('team-leader' | 'administrator')[] };
    expect(b.run('authorise-letter', { letterId }, claimed).ok).toBe(true);
    expect(
      b.run(
        'save-letter-template',
        {
          kind: 'refusal',
          profileFamily: null,
          name: 'Mine',
          sections: [{ key: 'reasons', heading: null, mode: 'free', text: 'g', provides: ['refusal-reasons'] }],
        },
        claimed,
      ).ok,
    ).toBe(true);
    const status = await b.sync();
    expect(status.rejections.map((r) => r.reason.split(':')[0])).toEqual(['forbidden', 'forbidden']);
    const server = await w.serverDump();
    expect(server.letters.find((l) => l.id === letterId)?.status).toBe('submitted');
    expect(server.letter_templates).toHaveLength(0);
    await b.sync();
    expect(deskDump(b, server).letters).toEqual(server.letters);
    expect(deskDump(b, server).letter_templates).toEqual([]);
    expect(deskDump(b, server).letter_reviews).toEqual(server.letter_reviews);
  });
});
