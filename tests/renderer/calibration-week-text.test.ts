// The calibration card's count of the week's authorised letters, before the draw: counts and plurals as a manager
// reads them ("1 letters" was shown for a single letter).
import { describe, expect, it } from 'vitest';
import { authorisedThisWeekText } from '../../renderer/features/calibration/week-text.js';

describe("the week's authorised letters, before the draw", () => {
  it('says there is nothing to draw when no Team Leader authorised a letter', () => {
    expect(authorisedThisWeekText([])).toBe(
      'No Team Leader authorised a letter this week, so there is nothing to draw.',
    );
  });
  it('uses the singular for one Team Leader and one letter', () => {
    expect(authorisedThisWeekText([{ authorisedThisWeek: 1 }])).toBe('1 Team Leader authorised 1 letter this week.');
  });
  it('adds the letters of every Team Leader, in the plural', () => {
    expect(authorisedThisWeekText([{ authorisedThisWeek: 4 }, { authorisedThisWeek: 3 }])).toBe(
      '2 Team Leaders authorised 7 letters this week.',
    );
  });
});
