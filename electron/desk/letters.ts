// The letters and weekly-calibration DeskApi methods of the desk service.
import type { Actor, Clock, UseCaseDeps } from '../../shared/app/ports.js';
import type { DeskDatabase } from '../../db/sqlite/index.js';
import type { DESK_API, DeskApiMethod, DeskApiOutputs, DeskApiResult } from '../../shared/contracts/desk-api.js';
import type { z } from 'zod';

export const LETTER_METHODS = [
  'letterTemplates',
  'saveLetterTemplate',
  'createLetterDraft',
  'letterDetail',
  'saveLetterDraft',
  'submitLetter',
  'returnLetter',
  'authoriseLetter',
  'sendLetter',
  'lettersAwaiting',
  'caseLetters',
  'myLetters',
  'letterDocx',
  'calibrationWeek',
  'drawCalibration',
  'calibrationItem',
  'scoreCalibrationItem',
  'calibrationHistory',
  'calibrationExportCsv',
  'myCalibrationFeedback',
] as const satisfies readonly DeskApiMethod[];
export type LetterMethod = (typeof LETTER_METHODS)[number];

type Input<M extends DeskApiMethod> = z.output<(typeof DESK_API)[M]>;
export type LetterHandlers = {
  [M in LetterMethod]: (input: Input<M>) => DeskApiResult<DeskApiOutputs[M]> | Promise<DeskApiResult<DeskApiOutputs[M]>>;
};

export interface LetterHost {
  // Functions, not values: the service builds its handler table before its constructor body runs.
  desk(): DeskDatabase;
  clock(): Clock;
  deps(): UseCaseDeps;
  me(): Actor;
}

export function letterHandlers(_host: LetterHost): LetterHandlers {
  const pending = () =>
    ({ ok: false, error: { code: 'internal', message: 'letters are being built on this desk' } }) as const;
  return Object.fromEntries(LETTER_METHODS.map((m) => [m, pending])) as unknown as LetterHandlers;
}
