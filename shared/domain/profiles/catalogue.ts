// The shipped policy profiles. Each rule cites the text it comes from; the policy files are in the
// project's shared/policies folder (000 Clarion interim, 002 four-level, 003 Citizen, 004 Connect).
import type { IsoDate } from '../dates.js';
import type { ExclusionDef, PolicyProfile, StageDef } from './types.js';

const d = (s: string) => s as IsoDate;
const CODE = 'Housing Ombudsman Complaint Handling Code 2024';

const HOS_CODE_2024: PolicyProfile = {
  id: 'hos-code-2024',
  family: 'hos-code',
  name: 'Complaint Handling Code 2024 (statutory)',
  validFrom: d('2024-04-01'),
  source: { document: 'Housing Ombudsman Complaint Handling Code', title: CODE },
  stages: [
    {
      key: 'stage1',
      name: 'Stage 1',
      acknowledge: {
        days: 5,
        unit: 'working',
        from: 'entered',
        cite: `${CODE}, s.5: acknowledged, defined and logged within 5 working days of receipt`,
      },
      respond: {
        days: 10,
        unit: 'working',
        from: 'acknowledged',
        cite: `${CODE}, s.5: full response within 10 working days of acknowledgement`,
      },
      extension: {
        kind: 'capped',
        maxWorkingDays: 10,
        needsResidentAgreement: false,
        cite: `${CODE}, s.5: extension no more than 10 further working days without good reason`,
      },
      escalationWindow: null,
      decisionMakerMustDiffer: false,
    },
    {
      key: 'stage2',
      name: 'Stage 2',
      acknowledge: {
        days: 5,
        unit: 'working',
        from: 'entered',
        cite: `${CODE}, s.6: acknowledged within 5 working days of the escalation request`,
      },
      respond: {
        days: 20,
        unit: 'working',
        from: 'acknowledged',
        cite: `${CODE}, s.6: response within 20 working days of acknowledgement`,
      },
      extension: {
        kind: 'capped',
        maxWorkingDays: 20,
        needsResidentAgreement: false,
        cite: `${CODE}, s.6: extension no more than 20 further working days without good reason`,
      },
      escalationWindow: null,
      decisionMakerMustDiffer: true,
    },
  ],
  exclusions: [
    {
      code: 'too-old',
      text: 'The issue arose more than 12 months before the complaint (from the issue or from when the resident became aware of it).',
      cite: `${CODE}, s.2`,
    },
    {
      code: 'legal-proceedings',
      text: 'Legal proceedings have started: the claim form and particulars of claim have been filed at court.',
      cite: `${CODE}, s.2`,
    },
    {
      code: 'already-considered',
      text: 'The matter has already been considered under the complaints policy.',
      cite: `${CODE}, s.2`,
    },
  ],
  timeLimit: {
    months: 12,
    countsFrom: 'later-of-issue-and-awareness',
    exceptions: ['good-reason'],
    cite: `${CODE}, s.2: within 12 months of the issue or of the resident becoming aware; discretion for good reason`,
  },
  reopen: {
    requiresNewInformation: true,
    closedWithinMonths: null,
    exceptions: [],
    cite: `${CODE}, s.2: matters previously considered may be excluded`,
  },
  thirdParty: {
    requiresSignedAuthorisation: false,
    acceptedAlternatives: [],
    cite: `${CODE}, s.1/s.6: residents may complain through a representative throughout`,
  },
  groups: { oneComplaint: true, answerEveryNamedMember: true, cite: `${CODE}, s.1: a resident or group of residents` },
  afterLastStage: 'ombudsman',
  cyberIncident: null,
};

const CLARION = 'policy 000 (Clarion interim, 17 June 2022)';
const clarionNotAComplaint: ExclusionDef[] = [
  {
    code: 'first-time-enquiry',
    text: 'A first-time customer enquiry: we first have the opportunity to respond or resolve it.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'cyber-incident-delay',
    text: 'A new complaint received since 17 June 2022 about service delays caused by the cyber security incident: answered with an apology and what we can do until services are restored.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'ombudsman-determination',
    text: 'The matter is already being dealt with at determination stage by the Ombudsman.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'liability-or-injury-claim',
    text: 'A liability or personal injury claim.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'legal-proceedings',
    text: 'Legal proceedings have been issued (claim form and particulars of claim filed at court).',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'resident-v-resident',
    text: 'A complaint from one resident about another: the Neighbourhood Housing team advises on neighbour disputes.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'asb-report',
    text: 'A report of antisocial behaviour (complaints about how an ASB case was handled are accepted).',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'policy-feedback',
    text: 'Feedback about our policies and procedures: recorded for future reviews.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'own-appeal-route',
    text: 'Disagreement with a decision that has its own appeal procedure, such as service charges or succession of tenancy.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'unreasonable-pursuit',
    text: 'The issue was raised in an unreasonable manner.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'survey-feedback',
    text: 'Survey feedback: the person is told how to pursue their dissatisfaction as a complaint if they wish.',
    cite: `${CLARION}, What is not a complaint`,
  },
  {
    code: 'already-considered',
    text: 'A complaint closed over six months ago, unless issues are ongoing (ASB, damp or mould), an MP or the Ombudsman asked us to review it, or there is good reason for the delay.',
    cite: `${CLARION}, What is not a complaint`,
  },
];

const CLARION_INTERIM_2022: PolicyProfile = {
  id: 'clarion-interim-2022',
  family: 'clarion',
  name: 'Clarion interim complaints policy (cyber incident)',
  validFrom: d('2022-06-17'),
  source: {
    document: '000_47fb6027dcef588d.txt',
    title: 'Clarion Housing – Interim Complaints Policy, effective 17 June 2022',
  },
  stages: [
    {
      key: 'stage1',
      name: 'Complaint',
      acknowledge: {
        days: 10,
        unit: 'working',
        from: 'entered',
        cite: `${CLARION}: acknowledged and logged at stage one within ten working days of receipt`,
      },
      respond: {
        days: 20,
        unit: 'working',
        from: 'acknowledged',
        cite: `${CLARION}: respond within 20 working days of the complaint being logged`,
      },
      extension: {
        kind: 'uncapped',
        cite: `${CLARION}: an action plan and timeline where a full response cannot be given; no cap stated`,
      },
      escalationWindow: null,
      decisionMakerMustDiffer: false,
    },
    {
      key: 'stage2',
      name: 'Peer review',
      acknowledge: {
        days: 10,
        unit: 'working',
        from: 'entered',
        cite: `${CLARION}: log and acknowledge requests for a peer review in 10 working days`,
      },
      respond: {
        days: 40,
        unit: 'working',
        from: 'acknowledged',
        cite: `${CLARION}: aim to resolve peer reviews within 40 working days`,
      },
      extension: { kind: 'uncapped', cite: `${CLARION}: explain why and give a timescale; no cap stated` },
      escalationWindow: null,
      decisionMakerMustDiffer: true,
    },
  ],
  exclusions: clarionNotAComplaint,
  timeLimit: null,
  reopen: {
    requiresNewInformation: true,
    closedWithinMonths: 6,
    exceptions: ['asb-ongoing', 'damp-mould', 'mp-or-ombudsman-request', 'good-reason'],
    cite: `${CLARION}: any complaint closed over six months ago, unless…`,
  },
  thirdParty: {
    requiresSignedAuthorisation: false,
    acceptedAlternatives: [],
    cite: `${CLARION}: a complaint via a third party or representative is handled in line with the policy`,
  },
  groups: {
    oneComplaint: true,
    answerEveryNamedMember: false,
    cite: `${CLARION}: a petition is one complaint; correspondence goes to the nominated signatory`,
  },
  afterLastStage: 'ombudsman',
  cyberIncident: {
    from: d('2022-06-17'),
    to: null,
    cite: `${CLARION}: complaints about service delays due to the cyber security incident`,
  },
};

const FOUR = 'policy 002 (four-level, reviewed December 2020)';
const FOUR_LEVEL_2020: PolicyProfile = {
  id: 'four-level-2020',
  family: 'four-level',
  name: 'Four-level complaints policy (Feedback, Feedback with Investigation, Stage 1, Stage 2)',
  validFrom: d('2021-01-26'),
  source: {
    document: '002_355ede21481e591d.txt',
    title: 'Complaints Policy, reviewed December 2020, approved 26 January 2021',
  },
  stages: [
    {
      key: 'feedback-investigation',
      name: 'Feedback with Investigation',
      acknowledge: null,
      respond: {
        days: 2,
        unit: 'working',
        from: 'entered',
        cite: `${FOUR} §4: a response within 2 working days of the first report`,
      },
      extension: { kind: 'none', cite: `${FOUR}: no extension provided` },
      escalationWindow: null,
      decisionMakerMustDiffer: false,
    },
    {
      key: 'stage1',
      name: 'Stage 1',
      acknowledge: null,
      respond: { days: 8, unit: 'working', from: 'entered', cite: `${FOUR} §4: a response within 8 working days` },
      extension: { kind: 'none', cite: `${FOUR}: no extension provided` },
      escalationWindow: {
        days: 10,
        unit: 'calendar',
        from: 'responded',
        cite: `${FOUR} §4: the complainant can, within 10 days, escalate to Stage 2`,
      },
      decisionMakerMustDiffer: false,
    },
    {
      key: 'stage2',
      name: 'Stage 2',
      acknowledge: null,
      respond: {
        days: 5,
        unit: 'working',
        from: 'entered',
        cite: `${FOUR} §4: responded to within 5 working days of the escalation`,
      },
      extension: { kind: 'none', cite: `${FOUR}: no extension provided` },
      escalationWindow: null,
      decisionMakerMustDiffer: true,
    },
  ],
  exclusions: [],
  timeLimit: null,
  reopen: {
    requiresNewInformation: true,
    closedWithinMonths: null,
    exceptions: [],
    cite: `${FOUR}: not stated; new information required by default`,
  },
  thirdParty: {
    requiresSignedAuthorisation: false,
    acceptedAlternatives: [],
    cite: `${FOUR} §5: complaints from a third party or designated person are reported to the Customer Service Team`,
  },
  groups: { oneComplaint: true, answerEveryNamedMember: false, cite: `${FOUR} §1: a resident or group of residents` },
  afterLastStage: 'ombudsman',
  cyberIncident: null,
};

const CIT = 'policy 003 (Citizen v2.0, November 2020)';
const CITIZEN_2020: PolicyProfile = {
  id: 'citizen-2020',
  family: 'citizen',
  name: 'Citizen complaints policy v2.0',
  validFrom: d('2020-11-09'),
  source: {
    document: '003_184d8758ebdb1960.txt',
    title: 'Citizen – Complaints Policy v2.0, approved by the Board 9 November 2020',
  },
  stages: [
    {
      key: 'stage1',
      name: 'Complaint',
      acknowledge: {
        days: 3,
        unit: 'working',
        from: 'entered',
        cite: `${CIT} §5: usually we will acknowledge all complaints within 3 working days`,
      },
      respond: null,
      extension: {
        kind: 'uncapped',
        cite: `${CIT} §5: where further investigation is required, advise updated timescales`,
      },
      escalationWindow: null,
      decisionMakerMustDiffer: false,
    },
  ],
  exclusions: [
    {
      code: 'too-old',
      text: 'The problem happened more than 12 months before the complaint was made.',
      cite: `${CIT} §3`,
    },
    {
      code: 'legal-proceedings',
      text: 'The case is already going through a court or tribunal (including disrepair cases).',
      cite: `${CIT} §3`,
    },
    {
      code: 'liability-or-injury-claim',
      text: 'Statutory compensation and insurance claims for personal injury are outside this policy.',
      cite: `${CIT} §2`,
    },
    {
      code: 'third-party-without-authorisation',
      text: 'A third party without a signed authorisation form from the complainant (or, where the complainant cannot authorise, a Mental Capacity Act assessment or a letter from a partner agency).',
      cite: `${CIT} §5.1`,
    },
    {
      code: 'unreasonable-pursuit',
      text: 'Unreasonable or unreasonably persistent complaints, handled under the unacceptable behaviour protocol.',
      cite: `${CIT} §7`,
    },
    { code: 'already-considered', text: 'A closed complaint is re-opened only on new evidence.', cite: `${CIT} §5.2` },
  ],
  timeLimit: {
    months: 12,
    countsFrom: 'issue',
    exceptions: ['good-reason'],
    cite: `${CIT} §3: we will not normally consider complaints when the problem happened more than 12 months before`,
  },
  reopen: {
    requiresNewInformation: true,
    closedWithinMonths: null,
    exceptions: [],
    cite: `${CIT} §5.2: further new evidence before re-opening`,
  },
  thirdParty: {
    requiresSignedAuthorisation: true,
    acceptedAlternatives: ['mental-capacity-assessment', 'partner-agency-letter'],
    cite: `${CIT} §5.1`,
  },
  groups: { oneComplaint: true, answerEveryNamedMember: false, cite: `${CIT} §3: a resident or group of residents` },
  afterLastStage: 'councillor-mp-or-ombudsman',
  cyberIncident: null,
};

const CON = 'policy 004 (Connect v12, September 2022)';
const CONNECT_2022: PolicyProfile = {
  id: 'connect-2022',
  family: 'connect',
  name: 'Connect Housing complaints policy v12',
  validFrom: d('2022-09-01'),
  source: { document: '004_e28333831ddb4d93.txt', title: 'Connect Housing – Complaints Policy v12, September 2022' },
  stages: [
    {
      key: 'stage1',
      name: 'Stage 1',
      acknowledge: {
        days: 5,
        unit: 'working',
        from: 'entered',
        cite: `${CON} §3.2: acknowledged within 5 working days of receipt`,
      },
      respond: { days: 10, unit: 'working', from: 'acknowledged', cite: `${CON} §3.3: resolve within 10 working days` },
      extension: {
        kind: 'capped',
        maxWorkingDays: 10,
        needsResidentAgreement: true,
        cite: `${CON} §3.3: up to a further 10 working days with the agreement of the customer`,
      },
      escalationWindow: {
        days: 21,
        unit: 'calendar',
        from: 'responded',
        cite: `${CON} §3.8: within 21 days of receipt of the stage 1 response`,
      },
      decisionMakerMustDiffer: false,
    },
    {
      key: 'stage2',
      name: 'Stage 2',
      acknowledge: null,
      respond: { days: 20, unit: 'working', from: 'entered', cite: `${CON} §3.9: resolve within 20 working days` },
      extension: {
        kind: 'capped',
        maxWorkingDays: 10,
        needsResidentAgreement: true,
        cite: `${CON} §3.9: up to a further 10 working days with the agreement of the customer`,
      },
      escalationWindow: null,
      decisionMakerMustDiffer: true,
    },
  ],
  exclusions: [
    {
      code: 'anonymous',
      text: 'Anonymous complaints are not dealt with through the complaints procedure.',
      cite: `${CON} §4.1`,
    },
    {
      code: 'unreasonable-pursuit',
      text: 'Complaints pursued unreasonably or in an aggressive or abusive manner.',
      cite: `${CON} §5.1`,
    },
    {
      code: 'insurance-claim',
      text: 'The tenant has started a specific insurance claim against Connect about the problem.',
      cite: `${CON} §5.4`,
    },
    {
      code: 'legal-proceedings',
      text: 'The tenant has started legal proceedings against Connect.',
      cite: `${CON} §5.5`,
    },
    {
      code: 'too-old',
      text: 'The issue occurred over six months ago (except safeguarding or health and safety).',
      cite: `${CON} §5.6`,
    },
    {
      code: 'already-considered',
      text: 'The issue has already been through the complaints process and no new information is provided.',
      cite: `${CON} §5.7`,
    },
    {
      code: 'asb-report',
      text: 'A report of anti-social behaviour is not a complaint about the association.',
      cite: `${CON} §2.5`,
    },
  ],
  timeLimit: { months: 6, countsFrom: 'issue', exceptions: ['safeguarding', 'health-and-safety'], cite: `${CON} §5.6` },
  reopen: { requiresNewInformation: true, closedWithinMonths: null, exceptions: [], cite: `${CON} §5.7` },
  thirdParty: {
    requiresSignedAuthorisation: false,
    acceptedAlternatives: [],
    cite: `${CON} §1.5: complaints may be made via a third party, including politicians`,
  },
  groups: {
    oneComplaint: true,
    answerEveryNamedMember: true,
    cite: `${CON} §2.7: the response is sent to all members of the group named in the complaint`,
  },
  afterLastStage: 'ombudsman',
  cyberIncident: null,
};

export const PROFILES: readonly PolicyProfile[] = [
  HOS_CODE_2024,
  CLARION_INTERIM_2022,
  FOUR_LEVEL_2020,
  CITIZEN_2020,
  CONNECT_2022,
];
export const DEFAULT_PROFILE_ID = HOS_CODE_2024.id;

export function stageIndex(profile: PolicyProfile, key: string): number {
  return profile.stages.findIndex((s: StageDef) => s.key === key);
}
