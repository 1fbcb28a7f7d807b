// What the week's calibration card says before the draw, as plain data so Node tests can check the wording.

/** "1 Team Leader authorised 1 letter this week." with the counts and their plurals right. */
export function authorisedThisWeekText(teamLeaders: readonly { readonly authorisedThisWeek: number }[]): string {
  if (teamLeaders.length === 0) return 'No Team Leader authorised a letter this week, so there is nothing to draw.';
  const letters = teamLeaders.reduce((n, t) => n + t.authorisedThisWeek, 0);
  const leaders = teamLeaders.length;
  return `${leaders} Team Leader${leaders === 1 ? '' : 's'} authorised ${letters} letter${letters === 1 ? '' : 's'} this week.`;
}
