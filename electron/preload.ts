// The preload: exposes exactly the DeskApi's named methods (no generic invoke) to the renderer through
// contextBridge. Runs sandboxed, so it is bundled into one CommonJS file (electron/build.ts).
import { contextBridge, ipcRenderer } from 'electron';
import type {
  DeskApi,
  DeskApiInput,
  DeskApiMethod,
  DeskApiOutputs,
  DeskApiResult,
} from '../shared/contracts/desk-api.js';
import { SAVE_PDF_CHANNEL, type SavePdfInput, type SavePdfOutput } from './print.js';

const channel = (method: DeskApiMethod) => `desk:${method}`;

function method<M extends DeskApiMethod>(m: M) {
  const name = channel(m);
  return (input: DeskApiInput<M>): Promise<DeskApiResult<DeskApiOutputs[M]>> => ipcRenderer.invoke(name, input);
}

const deskApi = {
  signIn: method('signIn'),
  signOut: method('signOut'),
  deskInfo: method('deskInfo'),
  session: method('session'),
  referenceData: method('referenceData'),
  logContact: method('logContact'),
  resolveEnquiry: method('resolveEnquiry'),
  convertToComplaint: method('convertToComplaint'),
  complaintCommand: method('complaintCommand'),
  addNote: method('addNote'),
  assignComplaint: method('assignComplaint'),
  assignMany: method('assignMany'),
  // ---- agent workspace: correspondence and drafts
  addCorrespondence: method('addCorrespondence'),
  saveDraft: method('saveDraft'),
  loadDraft: method('loadDraft'),
  discardDraft: method('discardDraft'),
  myWork: method('myWork'),
  workCounts: method('workCounts'),
  teamQueue: method('teamQueue'),
  breaching: method('breaching'),
  caseDetail: method('caseDetail'),
  availableCommands: method('availableCommands'),
  search: method('search'),
  syncStatus: method('syncStatus'),
  syncNow: method('syncNow'),
  syncRejections: method('syncRejections'),
  // ---- sync merge
  updateComplaintDetails: method('updateComplaintDetails'),
  updatePerson: method('updatePerson'),
  updateContact: method('updateContact'),
  listConflicts: method('listConflicts'),
  resolveConflict: method('resolveConflict'),
  // ---- letters
  letterTemplates: method('letterTemplates'),
  saveLetterTemplate: method('saveLetterTemplate'),
  createLetterDraft: method('createLetterDraft'),
  letterDetail: method('letterDetail'),
  saveLetterDraft: method('saveLetterDraft'),
  submitLetter: method('submitLetter'),
  returnLetter: method('returnLetter'),
  authoriseLetter: method('authoriseLetter'),
  sendLetter: method('sendLetter'),
  lettersAwaiting: method('lettersAwaiting'),
  caseLetters: method('caseLetters'),
  myLetters: method('myLetters'),
  letterDocx: method('letterDocx'),
  calibrationWeek: method('calibrationWeek'),
  drawCalibration: method('drawCalibration'),
  calibrationItem: method('calibrationItem'),
  scoreCalibrationItem: method('scoreCalibrationItem'),
  calibrationHistory: method('calibrationHistory'),
  calibrationExportCsv: method('calibrationExportCsv'),
  myCalibrationFeedback: method('myCalibrationFeedback'),
  calibrationSettings: method('calibrationSettings'),
  setCalibrationWeekStart: method('setCalibrationWeekStart'),
  caseRemedies: method('caseRemedies'),
  offerRemedy: method('offerRemedy'),
  remedyStep: method('remedyStep'),
  addAction: method('addAction'),
  updateAction: method('updateAction'),
  actionsDashboard: method('actionsDashboard'),
  // ---- a contact in its own view
  contactDetail: method('contactDetail'),
  recordsOf: method('recordsOf'),
} satisfies DeskApi;

contextBridge.exposeInMainWorld('deskApi', deskApi);

// Save as PDF of the page on show (a print view): Chromium's printToPDF in main, then a save dialog.
const deskPrint = {
  savePdf: (input: SavePdfInput): Promise<DeskApiResult<SavePdfOutput>> => ipcRenderer.invoke(SAVE_PDF_CHANNEL, input),
};

contextBridge.exposeInMainWorld('deskPrint', deskPrint);
