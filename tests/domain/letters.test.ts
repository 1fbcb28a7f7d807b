// Letters in the domain: what each kind must say under each profile, the escaping of hostile case data and
// agent text, the plain-English score, the workflow's rules, and the render's adjustments.
import { describe, expect, it } from 'vitest';
import {
  applyCommand,
  calendarFor,
  findProfile,
  isoDate,
  newComplaint,
  runningDeadlines,
  type CaseCommand,
  type CaseRecord,
  type PolicyProfile,
} from '../../shared/domain/index.js';
import {
  HOUSING_OMBUDSMAN,
  LETTER_KINDS,
  builtInTemplate,
  checkLetter,
  escapeHtml,
  letterAction,
  letterAdjustments,
  mergeFields,
  NO_PREFERENCES,
  parseDecision,
  parseLetterDate,
  plainEnglish,
  renderLetterHtml,
  requiredContent,
  syllables,
  type LetterKind,
} from '../../shared/domain/letters/index.js';

const EW = 'england-and-wales' as const;
const profileOf = (id: string): PolicyProfile => {
  const p = findProfile(id);
  if (!p) throw new Error(id);
  return p;
};

function run(profile: PolicyProfile, state: CaseRecord, cmds: CaseCommand[]): CaseRecord {
  let s = state;
  for (const c of cmds) {
    const r = applyCommand(s, c, { profile, calendar: calendarFor(EW) });
    if (!r.ok) throw new Error(r.error.message);
    s = r.state;
  }
  return s;
}

/** A complaint at stage 1, acknowledged and defined on 2025-05-02 (received 2025-05-01). */
function acknowledged(profileId = 'hos-code-2024', understanding = 'The boiler has failed three times.') {
  const profile = profileOf(profileId);
  const state = run(profile, newComplaint(profile, EW, isoDate('2025-05-01')), [
    { type: 'accept', on: isoDate('2025-05-01') },
    {
      type: 'acknowledge',
      on: isoDate('2025-05-02'),
      by: 'u1',
      understanding,
      outcomeSought: 'A working boiler',
    },
  ]);
  return { profile, state };
}

function fieldsFor(profile: PolicyProfile, state: CaseRecord, personName = 'Ada Lovelace') {
  return mergeFields({
    letterDate: isoDate('2025-05-06'),
    landlordName: 'Demo Homes',
    reference: 'CMP-2025-000001',
    state,
    profile,
    summary: 'Boiler broken',
    outcomeWanted: 'Fix it',
    person: { displayName: personName, addressLine1: '1 High St', town: 'Leeds', postcode: 'LS1 1AA' },
    running: runningDeadlines(state, { profile, calendar: calendarFor(EW) }),
  });
}

const FULL_RESPONSE = {
  decision: 'Upheld. We should have fixed it sooner.',
  reasons: 'The engineer missed two appointments.',
  remedy: 'We apologise and will pay £50.',
  'outstanding-actions': 'None.',
};

describe('content checks per kind and profile', () => {
  it('a complete stage 1 response under the Code has nothing missing', () => {
    const { profile, state } = acknowledged();
    const checks = checkLetter({
      kind: 'stage-response',
      template: builtInTemplate('stage-response'),
      sections: FULL_RESPONSE,
      fields: fieldsFor(profile, state),
      profile,
      stageKey: 'stage1',
      decisionRecorded: false,
    });
    expect(checks.missing).toEqual([]);
    expect(checks.complete).toBe(true);
  });

  it('an empty stage 1 response lists the decision, reasons, remedy and outstanding actions as missing', () => {
    const { profile, state } = acknowledged();
    const checks = checkLetter({
      kind: 'stage-response',
      template: builtInTemplate('stage-response'),
      sections: {},
      fields: fieldsFor(profile, state),
      profile,
      stageKey: 'stage1',
      decisionRecorded: false,
    });
    expect(checks.missing.map((m) => m.item)).toEqual(['decision', 'reasons', 'remedy', 'outstanding-actions']);
    expect(checks.complete).toBe(false);
  });

  it('the complaint definition is missing while the case has none recorded (merge field unresolved)', () => {
    const profile = profileOf('hos-code-2024');
    const state = run(profile, newComplaint(profile, EW, isoDate('2025-05-01')), [
      { type: 'accept', on: isoDate('2025-05-01') },
    ]);
    const checks = checkLetter({
      kind: 'stage-response',
      template: builtInTemplate('stage-response'),
      sections: FULL_RESPONSE,
      fields: fieldsFor(profile, state),
      profile,
      stageKey: 'stage1',
      decisionRecorded: false,
    });
    expect(checks.missing.map((m) => m.item)).toEqual(['complaint-definition']);
    expect(checks.unresolvedFields).toContain('case.understanding');
  });

  it('a decision must begin with Upheld / Partly upheld / Not upheld unless already recorded', () => {
    const { profile, state } = acknowledged();
    const base = {
      kind: 'stage-response' as const,
      template: builtInTemplate('stage-response'),
      sections: { ...FULL_RESPONSE, decision: 'We looked into it.' },
      fields: fieldsFor(profile, state),
      profile,
      stageKey: 'stage1',
    };
    expect(checkLetter({ ...base, decisionRecorded: false }).missing.map((m) => m.item)).toEqual(['decision']);
    expect(checkLetter({ ...base, decisionRecorded: true }).missing).toEqual([]);
    expect(parseDecision('Partly upheld: some of it')).toBe('partly-upheld');
    expect(parseDecision('not upheld')).toBe('not-upheld');
    expect(parseDecision('Upheld')).toBe('upheld');
    expect(parseDecision('Unheld')).toBeNull();
  });

  it('a stage 1 response needs the escalation route, the final stage the Ombudsman route instead', () => {
    const code = profileOf('hos-code-2024');
    const s1 = requiredContent('stage-response', code, 'stage1').map((r) => r.item);
    expect(s1).toContain('escalation-route');
    expect(s1).not.toContain('ombudsman-route');
    const s2 = requiredContent('stage-response', code, 'stage2').map((r) => r.item);
    expect(s2).toContain('ombudsman-route');
    expect(s2).not.toContain('escalation-route');
    expect(requiredContent('final-response', code, 'stage2').map((r) => r.item)).toEqual([
      'complaint-stage',
      'complaint-definition',
      'decision',
      'reasons',
      'remedy',
      'outstanding-actions',
      'ombudsman-route',
    ]);
  });

  it('profiles differ: four-level gives Ombudsman access at every stage; Citizen names the designated person route; Citizen has one stage', () => {
    const four = requiredContent('stage-response', profileOf('four-level-2020'), 'stage1').map((r) => r.item);
    expect(four).toEqual(expect.arrayContaining(['escalation-route', 'ombudsman-route']));
    const citizen = profileOf('citizen-2020');
    // Citizen's only stage is its final one: a response there needs the Ombudsman route, not an escalation.
    const c = requiredContent('stage-response', citizen, 'stage1');
    expect(c.map((r) => r.item)).toContain('ombudsman-route');
    expect(c.map((r) => r.item)).not.toContain('escalation-route');
    expect(c.find((r) => r.item === 'ombudsman-route')?.hint).toMatch(/councillor or MP/);
    const connect = requiredContent('stage-response', profileOf('connect-2022'), 'stage1');
    expect(connect.find((r) => r.item === 'decision')?.cite).toMatch(/004/);
  });

  it('an extension letter needs a reason, a real new date and the Ombudsman details', () => {
    const { profile, state } = acknowledged();
    const base = {
      kind: 'extension' as const,
      template: builtInTemplate('extension'),
      fields: fieldsFor(profile, state),
      profile,
      stageKey: 'stage1',
      decisionRecorded: false,
    };
    expect(checkLetter({ ...base, sections: {} }).missing.map((m) => m.item)).toEqual(['extension-reason', 'new-date']);
    expect(
      checkLetter({ ...base, sections: { reason: 'We need a survey.', 'new-date': 'next Friday' } }).missing.map(
        (m) => m.item,
      ),
    ).toEqual(['new-date']);
    expect(
      checkLetter({ ...base, sections: { reason: 'We need a survey.', 'new-date': '20/05/2025' } }).missing,
    ).toEqual([]);
    expect(parseLetterDate('20 May 2025')).toBe('2025-05-20');
    expect(parseLetterDate('31/02/2025')).toBeNull();
  });

  it('refusal needs reasons and the right to go to the Ombudsman; a template without the Ombudsman section fails', () => {
    const { profile, state } = acknowledged();
    const t = builtInTemplate('refusal');
    const withoutOmbudsman = { ...t, sections: t.sections.filter((s) => s.key !== 'ombudsman') };
    const checks = checkLetter({
      kind: 'refusal',
      template: withoutOmbudsman,
      sections: { reasons: 'It is an insurance claim.' },
      fields: fieldsFor(profile, state),
      profile,
      stageKey: null,
      decisionRecorded: false,
    });
    expect(checks.missing.map((m) => m.item)).toEqual(['ombudsman-route']);
    expect(checks.missing[0]?.cite).toMatch(/Code 3\.4/);
  });

  it('every kind has a built-in template that provides every item it requires', () => {
    const profile = profileOf('hos-code-2024');
    for (const kind of LETTER_KINDS) {
      const provided = new Set(builtInTemplate(kind).sections.flatMap((s) => s.provides));
      for (const r of requiredContent(kind, profile, 'stage1'))
        expect(provided.has(r.item), `${kind}: ${r.item}`).toBe(true);
    }
  });

  it('the unacceptable-behaviour decision needs the right to appeal; the cyber apology an action plan', () => {
    const kinds: [LetterKind, string][] = [
      ['unacceptable-behaviour-decision', 'right-to-appeal'],
      ['cyber-incident-apology', 'action-plan'],
    ];
    for (const [kind, item] of kinds) {
      expect(requiredContent(kind, profileOf('connect-2022'), null).map((r) => r.item)).toContain(item);
    }
  });
});

describe('escaping hostile case data and agent text', () => {
  const hostileName = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
  it('no markup from case data or agent text reaches the rendered letter; merge syntax in text stays literal', () => {
    const { profile, state } = acknowledged('hos-code-2024', 'Leak {{person.name}} </p><script>evil()</script>');
    const fields = fieldsFor(profile, state, hostileName);
    const html = renderLetterHtml({
      template: builtInTemplate('stage-response'),
      sections: {
        ...FULL_RESPONSE,
        reasons: 'See {{ombudsman.contact}} and {{case.reference}}.\n\n<b>bold</b> & "quotes" \u202Eevil',
        remedy: '"><img src=x onerror=alert(3)> — Zoë’s £50 — 你好 🙂',
      },
      fields,
      adjustments: letterAdjustments(NO_PREFERENCES, false),
      title: 'Stage 1 response',
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/onerror=alert\(\d\)>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    // merge syntax typed by the agent or stored in the case is not merged
    expect(html).toContain('See {{ombudsman.contact}} and {{case.reference}}.');
    expect(html).toContain('Leak {{person.name}} &lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('Zoë’s £50 — 你好 🙂');
    // the only elements are the ones the renderer writes
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]?.toLowerCase()));
    expect([...tags].sort()).toEqual(
      ['body', 'br', 'head', 'header', 'h1', 'h2', 'html', 'main', 'meta', 'p', 'section', 'span', 'style', 'title']
        .filter((t) => t !== 'span' || html.includes('<span'))
        .sort(),
    );
  });

  it('escapeHtml escapes the five characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('an unresolved merge field is shown as a marked gap, not left as syntax', () => {
    const profile = profileOf('hos-code-2024');
    const state = run(profile, newComplaint(profile, EW, isoDate('2025-05-01')), [
      { type: 'accept', on: isoDate('2025-05-01') },
    ]);
    const html = renderLetterHtml({
      template: builtInTemplate('stage-response'),
      sections: {},
      fields: fieldsFor(profile, state),
      adjustments: letterAdjustments(NO_PREFERENCES, false),
      title: 't',
    });
    expect(html).toContain('<span class="missing">[case.understanding]</span>');
  });
});

describe('plain-English score', () => {
  it('scores known texts in the expected bands (Flesch reading ease)', () => {
    const easy = plainEnglish([
      { key: 'a', text: 'We are sorry. We will fix your boiler on Monday. Please call us if it breaks again.' },
    ]);
    expect(easy.score).toBeGreaterThanOrEqual(70);
    expect(easy.sentences).toBe(3);
    expect(easy.words).toBe(17);
    const hard = plainEnglish([
      {
        key: 'a',
        text: 'Notwithstanding the aforementioned considerations, the organisation will endeavour to facilitate the expeditious remediation of the identified deficiencies in accordance with contractual obligations.',
      },
    ]);
    expect(hard.score).toBeLessThan(30);
    expect(hard.band).toBe('very-difficult');
  });

  it('flags jargon with its plain alternative and position, and sentences over 25 words', () => {
    const text =
      'Prior to the visit we will ascertain the fault. ' +
      'This sentence has far too many words in it because it keeps going on and on about the repair and the visit and the engineer and the parts and the weather.';
    const r = plainEnglish([{ key: 'reasons', text }]);
    const jargon = r.flags.filter((f) => f.kind === 'jargon');
    expect(jargon.map((f) => [f.text, f.suggestion, f.position.start])).toEqual([
      ['Prior to', 'before', 0],
      ['ascertain', 'find out', text.indexOf('ascertain')],
    ]);
    const long = r.flags.filter((f) => f.kind === 'long-sentence');
    expect(long).toHaveLength(1);
    expect(long[0]?.position.start).toBe(text.indexOf('This sentence'));
    expect(long[0]?.suggestion).toMatch(/^3\d words/);
  });

  it('counts syllables with the usual heuristic', () => {
    expect(['cat', 'table', 'boiler', 'repair', 'compensation', 'make'].map(syllables)).toEqual([1, 2, 2, 2, 4, 1]);
  });
});

describe('adjustments', () => {
  it('large print is at least 16 pt in the rendered CSS; preferred format and language note come through', () => {
    const a = letterAdjustments(
      { ...NO_PREFERENCES, largePrint: true, fontSizePt: 14, language: 'Polish', preferredChannel: 'letter' },
      false,
    );
    expect(a.fontSizePt).toBe(16);
    expect(a.preferredFormat).toBe('large print (16 pt), by letter');
    expect(a.languageNote).toMatch(/Polish/);
    const b = letterAdjustments({ ...NO_PREFERENCES, largePrint: true, fontSizePt: 20 }, false);
    expect(b.fontSizePt).toBe(20);
    const { profile, state } = acknowledged();
    const html = renderLetterHtml({
      template: builtInTemplate('acknowledgement'),
      sections: {},
      fields: fieldsFor(profile, state),
      adjustments: a,
      title: 't',
    });
    expect(html).toMatch(/font-size: 16pt/);
    expect(letterAdjustments(NO_PREFERENCES, false).fontSizePt).toBe(12);
    expect(letterAdjustments(NO_PREFERENCES, true).fontSizePt).toBe(16);
  });

  it('the final response carries the Ombudsman contact details', () => {
    const { profile, state } = acknowledged();
    const html = renderLetterHtml({
      template: builtInTemplate('final-response'),
      sections: FULL_RESPONSE,
      fields: fieldsFor(profile, state),
      adjustments: letterAdjustments(NO_PREFERENCES, false),
      title: 't',
    });
    expect(html).toContain(HOUSING_OMBUDSMAN.telephone);
    expect(html).toContain(HOUSING_OMBUDSMAN.address);
  });
});

describe('workflow rules', () => {
  const agent = { userId: 'a', roles: ['agent'] };
  const tl = { userId: 't', roles: ['team-leader'] };
  it('draft → submitted → returned → submitted → authorised → sent, each by the right person', () => {
    expect(letterAction('submit', { status: 'draft', draftedBy: 'a' }, agent).ok).toBe(true);
    expect(letterAction('return', { status: 'submitted', draftedBy: 'a' }, tl).ok).toBe(true);
    expect(letterAction('edit', { status: 'returned', draftedBy: 'a' }, agent).ok).toBe(true);
    expect(letterAction('submit', { status: 'returned', draftedBy: 'a' }, agent).ok).toBe(true);
    expect(letterAction('authorise', { status: 'submitted', draftedBy: 'a' }, tl).ok).toBe(true);
    expect(letterAction('send', { status: 'authorised', draftedBy: 'a' }, agent).ok).toBe(true);
  });
  it('nobody authorises their own letter; only a Team Leader authorises; a sent letter never changes', () => {
    expect(letterAction('authorise', { status: 'submitted', draftedBy: 't' }, tl)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(letterAction('authorise', { status: 'submitted', draftedBy: 'x' }, agent)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      letterAction('authorise', { status: 'submitted', draftedBy: 'x' }, { userId: 'm', roles: ['manager'] }),
    ).toMatchObject({ ok: false, code: 'forbidden' });
    for (const a of ['edit', 'submit', 'send'] as const) {
      expect(letterAction(a, { status: 'sent', draftedBy: 'a' }, agent)).toMatchObject({
        ok: false,
        code: 'illegal-transition',
        reason: expect.stringMatching(/sent/),
      });
    }
    expect(letterAction('send', { status: 'submitted', draftedBy: 'a' }, agent)).toMatchObject({
      ok: false,
      code: 'illegal-transition',
    });
    expect(letterAction('edit', { status: 'submitted', draftedBy: 'a' }, agent).ok).toBe(false);
  });
});
