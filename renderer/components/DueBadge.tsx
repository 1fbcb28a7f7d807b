import { Badge } from '@fluentui/react-components';
import { dueOf, dueText } from '../app/due.js';
import { dueColour, useDueColours } from './due-colours.js';

/** Colour plus words (never colour alone): breached, due today, due this week, later; the queue's colours. */
export function DueBadge({
  item,
  today,
}: {
  item: { workingDaysLeft: number | null; nextDeadlineDate: string | null };
  today: string;
}) {
  const colours = useDueColours();
  const due = dueOf(item, today);
  return (
    <Badge
      appearance={due === 'later' || due === 'none' ? 'tint' : 'filled'}
      color={due === 'later' || due === 'none' ? 'informative' : 'brand'}
      className={due === 'later' || due === 'none' ? undefined : dueColour(colours, due)}
      shape="rounded"
      data-due={due}
      style={{ whiteSpace: 'nowrap', height: 'auto', minHeight: '20px' }}
    >
      {dueText(item.workingDaysLeft)}
    </Badge>
  );
}
