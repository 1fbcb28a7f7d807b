// RTK Query over the DeskApi: every endpoint is one named DeskApi method through the transport, and a
// DeskApi error value becomes the endpoint's error (with its field errors) for the view to show.
import { createApi, fakeBaseQuery } from '@reduxjs/toolkit/query/react';
import type { DeskApiError, DeskApiInput, DeskApiMethod, DeskApiOutputs } from '../../shared/contracts/desk-api.js';
import { callDesk } from './transport.js';

async function run<M extends DeskApiMethod>(
  method: M,
  input: DeskApiInput<M>,
): Promise<{ data: DeskApiOutputs[M] } | { error: DeskApiError }> {
  const r = await callDesk(method, input);
  return r.ok ? { data: r.value } : { error: r.error };
}

/**
 * My work's first page, also the list Home shows the top of: one query, so My work opened from Home draws its rows
 * from what sign-in already fetched (and refreshes them behind).
 */
export const MY_WORK_FIRST_PAGE = { after: null, limit: 100 } as const satisfies DeskApiInput<'myWork'>;

export const deskApi = createApi({
  reducerPath: 'deskApi',
  baseQuery: fakeBaseQuery<DeskApiError>(),
  tagTypes: [
    'Session',
    'Work',
    'Case',
    'Queue',
    'Sync',
    'Reference',
    'Letter',
    'Template',
    'Calibration',
    'Remedies',
    'Contact',
  ],
  endpoints: (b) => ({
    session: b.query<DeskApiOutputs['session'], undefined>({
      queryFn: () => run('session', {}),
      providesTags: ['Session'],
    }),
    deskInfo: b.query<DeskApiOutputs['deskInfo'], undefined>({
      queryFn: () => run('deskInfo', {}),
    }),
    signIn: b.mutation<DeskApiOutputs['signIn'], DeskApiInput<'signIn'>>({
      queryFn: (i) => run('signIn', i),
      // The answer is the new session: it goes straight into the session query (the workspace opens without
      // asking for it again); everything read for whoever was signed in before is fetched afresh.
      async onQueryStarted(_i, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          dispatch(deskApi.util.upsertQueryData('session', undefined, data));
          // What Home shows first, asked for now so the answers arrive while the workspace renders.
          dispatch(deskApi.util.prefetch('workCounts', undefined, { force: true }));
          dispatch(deskApi.util.prefetch('myWork', MY_WORK_FIRST_PAGE, { force: true }));
          dispatch(deskApi.util.prefetch('referenceData', undefined, { force: true }));
        } catch {
          // A refused sign-in leaves the session as it was; the form shows why.
        }
      },
      invalidatesTags: ['Work', 'Case', 'Queue', 'Sync', 'Reference'],
    }),
    signOut: b.mutation<null, undefined>({
      queryFn: () => run('signOut', {}),
      invalidatesTags: ['Session'],
    }),
    referenceData: b.query<DeskApiOutputs['referenceData'], undefined>({
      queryFn: () => run('referenceData', {}),
      providesTags: ['Reference'],
    }),
    myWork: b.query<DeskApiOutputs['myWork'], DeskApiInput<'myWork'>>({
      queryFn: (i) => run('myWork', i),
      providesTags: ['Work'],
    }),
    workCounts: b.query<DeskApiOutputs['workCounts'], undefined>({
      queryFn: () => run('workCounts', {}),
      providesTags: ['Work'],
    }),
    caseDetail: b.query<DeskApiOutputs['caseDetail'], string>({
      queryFn: (complaintId) => run('caseDetail', { complaintId }),
      providesTags: (_r, _e, id) => [{ type: 'Case', id }],
    }),
    availableCommands: b.query<DeskApiOutputs['availableCommands'], string>({
      queryFn: (complaintId) => run('availableCommands', { complaintId }),
      providesTags: (_r, _e, id) => [{ type: 'Case', id }],
    }),
    search: b.query<DeskApiOutputs['search'], string>({
      queryFn: (query) => run('search', { query, limit: 12 }),
      keepUnusedDataFor: 5,
    }),
    syncStatus: b.query<DeskApiOutputs['syncStatus'], undefined>({
      queryFn: () => run('syncStatus', {}),
      providesTags: ['Sync'],
    }),
    logContact: b.mutation<DeskApiOutputs['logContact'], DeskApiInput<'logContact'>>({
      queryFn: (i) => run('logContact', i),
      // A person's list of contacts and cases has one more.
      invalidatesTags: ['Sync', { type: 'Contact', id: 'LIST' }],
    }),
    resolveEnquiry: b.mutation<DeskApiOutputs['resolveEnquiry'], DeskApiInput<'resolveEnquiry'>>({
      queryFn: (i) => run('resolveEnquiry', i),
      invalidatesTags: (_r, _e, i) => ['Sync', { type: 'Contact', id: i.contactId }, { type: 'Contact', id: 'LIST' }],
    }),
    convertToComplaint: b.mutation<DeskApiOutputs['convertToComplaint'], DeskApiInput<'convertToComplaint'>>({
      queryFn: (i) => run('convertToComplaint', i),
      invalidatesTags: (_r, _e, i) => [
        'Work',
        'Sync',
        'Queue',
        { type: 'Contact', id: String(i.contactId) },
        { type: 'Contact', id: 'LIST' },
      ],
    }),
    // ---- a contact in its own view, and a person's or property's contacts and cases
    contactDetail: b.query<DeskApiOutputs['contactDetail'], string>({
      queryFn: (contactId) => run('contactDetail', { contactId }),
      providesTags: (_r, _e, id) => [{ type: 'Contact', id }],
    }),
    recordsOf: b.query<DeskApiOutputs['recordsOf'], DeskApiInput<'recordsOf'>>({
      queryFn: (i) => run('recordsOf', i),
      providesTags: [{ type: 'Contact', id: 'LIST' }],
    }),
    updateContact: b.mutation<DeskApiOutputs['updateContact'], DeskApiInput<'updateContact'>>({
      queryFn: (i) => run('updateContact', i),
      // A converted contact's adjustments show on its case too.
      invalidatesTags: (_r, _e, i) => [{ type: 'Contact', id: i.contactId }, 'Case', 'Sync'],
    }),
    complaintCommand: b.mutation<DeskApiOutputs['complaintCommand'], DeskApiInput<'complaintCommand'>>({
      queryFn: (i) => run('complaintCommand', i),
      invalidatesTags: (_r, _e, i) => [{ type: 'Case', id: i.complaintId }, 'Work', 'Sync', 'Queue'],
    }),
    addNote: b.mutation<DeskApiOutputs['addNote'], DeskApiInput<'addNote'>>({
      queryFn: (i) => run('addNote', i),
      invalidatesTags: (_r, _e, i) => [{ type: 'Case', id: String(i.complaintId ?? '') }, 'Sync'],
    }),
    assignMany: b.mutation<DeskApiOutputs['assignMany'], DeskApiInput<'assignMany'>>({
      queryFn: (i) => run('assignMany', i),
      invalidatesTags: ['Work', 'Sync', 'Queue', 'Case'],
    }),
    // Editing a case's details and the resident's contact details (field by field, last writer wins): the
    // case's header, details and timeline change, and the queues show the summary and the resident's name.
    updateComplaintDetails: b.mutation<
      DeskApiOutputs['updateComplaintDetails'],
      DeskApiInput<'updateComplaintDetails'>
    >({
      queryFn: (i) => run('updateComplaintDetails', i),
      invalidatesTags: (_r, _e, i) => [{ type: 'Case', id: i.complaintId }, 'Work', 'Queue', 'Sync'],
    }),
    updatePerson: b.mutation<DeskApiOutputs['updatePerson'], DeskApiInput<'updatePerson'>>({
      queryFn: (i) => run('updatePerson', i),
      // A person's details show on every case and contact naming them, and on their records page.
      invalidatesTags: ['Case', 'Contact', 'Work', 'Queue', 'Sync'],
    }),
    // ---- agent workspace: correspondence and drafts
    addCorrespondence: b.mutation<DeskApiOutputs['addCorrespondence'], DeskApiInput<'addCorrespondence'>>({
      queryFn: (i) => run('addCorrespondence', i),
      invalidatesTags: (_r, _e, i) => [{ type: 'Case', id: String(i.complaintId ?? '') }, 'Sync'],
    }),
    // ---- letters (the letters workspace: editor, authorisation queue, admin templates)
    letterTemplates: b.query<DeskApiOutputs['letterTemplates'], DeskApiInput<'letterTemplates'>>({
      queryFn: (i) => run('letterTemplates', i),
      providesTags: ['Template'],
    }),
    saveLetterTemplate: b.mutation<DeskApiOutputs['saveLetterTemplate'], DeskApiInput<'saveLetterTemplate'>>({
      queryFn: (i) => run('saveLetterTemplate', i),
      invalidatesTags: ['Template', 'Sync'],
    }),
    createLetterDraft: b.mutation<DeskApiOutputs['createLetterDraft'], DeskApiInput<'createLetterDraft'>>({
      queryFn: (i) => run('createLetterDraft', i),
      invalidatesTags: (_r, _e, i) => ['Letter', { type: 'Case', id: i.complaintId }, 'Sync'],
    }),
    letterDetail: b.query<DeskApiOutputs['letterDetail'], string>({
      queryFn: (letterId) => run('letterDetail', { letterId }),
      providesTags: (_r, _e, id) => [{ type: 'Letter', id }],
    }),
    saveLetterDraft: b.mutation<DeskApiOutputs['saveLetterDraft'], DeskApiInput<'saveLetterDraft'>>({
      queryFn: (i) => run('saveLetterDraft', i),
      invalidatesTags: (_r, _e, i) => [{ type: 'Letter', id: i.letterId }, 'Sync'],
    }),
    submitLetter: b.mutation<DeskApiOutputs['submitLetter'], DeskApiInput<'submitLetter'>>({
      queryFn: (i) => run('submitLetter', i),
      invalidatesTags: ['Letter', 'Case', 'Sync'],
    }),
    returnLetter: b.mutation<DeskApiOutputs['returnLetter'], DeskApiInput<'returnLetter'>>({
      queryFn: (i) => run('returnLetter', i),
      invalidatesTags: ['Letter', 'Case', 'Sync'],
    }),
    authoriseLetter: b.mutation<DeskApiOutputs['authoriseLetter'], DeskApiInput<'authoriseLetter'>>({
      queryFn: (i) => run('authoriseLetter', i),
      invalidatesTags: ['Letter', 'Case', 'Calibration', 'Sync'],
    }),
    sendLetter: b.mutation<DeskApiOutputs['sendLetter'], DeskApiInput<'sendLetter'>>({
      queryFn: (i) => run('sendLetter', i),
      invalidatesTags: ['Letter', 'Case', 'Work', 'Queue', 'Sync'],
    }),
    lettersAwaiting: b.query<DeskApiOutputs['lettersAwaiting'], undefined>({
      queryFn: () => run('lettersAwaiting', {}),
      providesTags: ['Letter'],
    }),
    caseLetters: b.query<DeskApiOutputs['caseLetters'], string>({
      queryFn: (complaintId) => run('caseLetters', { complaintId }),
      providesTags: ['Letter'],
    }),
    myLetters: b.query<DeskApiOutputs['myLetters'], undefined>({
      queryFn: () => run('myLetters', {}),
      providesTags: ['Letter'],
    }),
    // ---- calibration
    calibrationWeek: b.query<DeskApiOutputs['calibrationWeek'], string | undefined>({
      queryFn: (weekStart) => run('calibrationWeek', weekStart ? { weekStart } : {}),
      providesTags: ['Calibration'],
    }),
    drawCalibration: b.mutation<DeskApiOutputs['drawCalibration'], DeskApiInput<'drawCalibration'>>({
      queryFn: (i) => run('drawCalibration', i),
      invalidatesTags: ['Calibration', 'Sync'],
    }),
    calibrationItem: b.query<DeskApiOutputs['calibrationItem'], string>({
      queryFn: (itemId) => run('calibrationItem', { itemId }),
      providesTags: ['Calibration'],
    }),
    scoreCalibrationItem: b.mutation<DeskApiOutputs['scoreCalibrationItem'], DeskApiInput<'scoreCalibrationItem'>>({
      queryFn: (i) => run('scoreCalibrationItem', i),
      invalidatesTags: ['Calibration', 'Sync'],
    }),
    calibrationHistory: b.query<DeskApiOutputs['calibrationHistory'], string | undefined>({
      queryFn: (teamLeaderId) => run('calibrationHistory', teamLeaderId ? { teamLeaderId } : {}),
      providesTags: ['Calibration'],
    }),
    myCalibrationFeedback: b.query<DeskApiOutputs['myCalibrationFeedback'], undefined>({
      queryFn: () => run('myCalibrationFeedback', {}),
      providesTags: ['Calibration'],
    }),
    calibrationSettings: b.query<DeskApiOutputs['calibrationSettings'], undefined>({
      queryFn: () => run('calibrationSettings', {}),
      providesTags: ['Calibration'],
    }),
    setCalibrationWeekStart: b.mutation<
      DeskApiOutputs['setCalibrationWeekStart'],
      DeskApiInput<'setCalibrationWeekStart'>
    >({
      queryFn: (i) => run('setCalibrationWeekStart', i),
      invalidatesTags: ['Calibration'],
    }),
    // ---- putting things right: a case's remedies and actions, and the business-area dashboard
    caseRemedies: b.query<DeskApiOutputs['caseRemedies'], string>({
      queryFn: (complaintId) => run('caseRemedies', { complaintId }),
      providesTags: ['Remedies'],
    }),
    actionsDashboard: b.query<DeskApiOutputs['actionsDashboard'], string | undefined>({
      queryFn: (areaKey) => run('actionsDashboard', areaKey ? { areaKey } : {}),
      providesTags: ['Remedies'],
    }),
    offerRemedy: b.mutation<DeskApiOutputs['offerRemedy'], DeskApiInput<'offerRemedy'>>({
      queryFn: (i) => run('offerRemedy', i),
      invalidatesTags: (_r, _e, i) => ['Remedies', { type: 'Case', id: i.complaintId }, 'Sync'],
    }),
    remedyStep: b.mutation<DeskApiOutputs['remedyStep'], DeskApiInput<'remedyStep'>>({
      queryFn: (i) => run('remedyStep', i),
      invalidatesTags: (_r, _e, i) => ['Remedies', { type: 'Case', id: i.complaintId }, 'Sync'],
    }),
    addAction: b.mutation<DeskApiOutputs['addAction'], DeskApiInput<'addAction'>>({
      queryFn: (i) => run('addAction', i),
      invalidatesTags: (_r, _e, i) => ['Remedies', { type: 'Case', id: i.complaintId }, 'Sync'],
    }),
    updateAction: b.mutation<DeskApiOutputs['updateAction'], DeskApiInput<'updateAction'>>({
      queryFn: (i) => run('updateAction', i),
      invalidatesTags: (_r, _e, i) => ['Remedies', { type: 'Case', id: i.complaintId }, 'Sync'],
    }),
  }),
});

export const {
  useSessionQuery,
  useDeskInfoQuery,
  useSignInMutation,
  useSignOutMutation,
  useReferenceDataQuery,
  useMyWorkQuery,
  useWorkCountsQuery,
  useCaseDetailQuery,
  useAvailableCommandsQuery,
  useSearchQuery,
  useSyncStatusQuery,
  useLogContactMutation,
  useResolveEnquiryMutation,
  useConvertToComplaintMutation,
  useContactDetailQuery,
  useRecordsOfQuery,
  useUpdateContactMutation,
  useComplaintCommandMutation,
  useAddNoteMutation,
  useAssignManyMutation,
  useUpdateComplaintDetailsMutation,
  useUpdatePersonMutation,
  useAddCorrespondenceMutation,
  useLetterTemplatesQuery,
  useSaveLetterTemplateMutation,
  useCreateLetterDraftMutation,
  useLetterDetailQuery,
  useSaveLetterDraftMutation,
  useSubmitLetterMutation,
  useReturnLetterMutation,
  useAuthoriseLetterMutation,
  useSendLetterMutation,
  useLettersAwaitingQuery,
  useCaseLettersQuery,
  useMyLettersQuery,
  useCalibrationWeekQuery,
  useDrawCalibrationMutation,
  useCalibrationItemQuery,
  useScoreCalibrationItemMutation,
  useCalibrationHistoryQuery,
  useMyCalibrationFeedbackQuery,
  useCalibrationSettingsQuery,
  useSetCalibrationWeekStartMutation,
  useCaseRemediesQuery,
  useActionsDashboardQuery,
  useOfferRemedyMutation,
  useRemedyStepMutation,
  useAddActionMutation,
  useUpdateActionMutation,
} = deskApi;

/** An RTK Query error as the DeskApi error it carries (or a generic one). */
export function asDeskError(e: unknown): DeskApiError | null {
  if (!e) return null;
  if (typeof e === 'object' && 'code' in e && 'message' in e) return e as DeskApiError;
  return { code: 'internal', message: 'Something went wrong.' };
}
