// One palette for how soon a case is due, wherever it is shown (Home's and My work's badges, the case header, the
// team queue's pills, the rows' stripes): breached red, due today dark orange, due this week marigold. Always with
// words beside it (dueText), never colour alone.
import { makeStyles, tokens } from '@fluentui/react-components';
import type { Due } from '../app/due.js';

export const useDueColours = makeStyles({
  breached: { backgroundColor: tokens.colorPaletteRedBackground3, color: tokens.colorNeutralForegroundOnBrand },
  today: { backgroundColor: tokens.colorPaletteDarkOrangeBackground3, color: tokens.colorNeutralForegroundOnBrand },
  week: { backgroundColor: tokens.colorPaletteMarigoldBackground3, color: tokens.colorNeutralForeground1Static },
  later: { backgroundColor: tokens.colorNeutralBackground3, color: tokens.colorNeutralForeground1 },
});

/** The class for a due state ('none' and 'later' share the quiet one). */
export function dueColour(colours: ReturnType<typeof useDueColours>, due: Due): string {
  return due === 'breached'
    ? colours.breached
    : due === 'today'
      ? colours.today
      : due === 'week'
        ? colours.week
        : colours.later;
}
