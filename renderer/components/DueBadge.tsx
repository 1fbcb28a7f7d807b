import { Badge } from '@fluentui/react-components';
import { dueOf, dueText } from '../app/due.js';

/** Colour plus words (never colour alone): breached, due today, due this week, later. */
export function DueBadge({
  item,
  today,
}: {
  item: { workingDaysLeft: number | null; nextDeadlineDate: string | null };
  today: string;
}) {
  const due = dueOf(item, today);
  const color =
    due === 'breached' ? 'danger' : due === 'today' ? 'warning' : due === 'week' ? 'important' : 'informative';
  return (
    <Badge
      appearance={due === 'later' || due === 'none' ? 'tint' : 'filled'}
      color={color}
      shape="rounded"
      data-due={due}
      style={{ whiteSpace: 'nowrap', height: 'auto', minHeight: '20px' }}
    >
      {dueText(item.workingDaysLeft)}
    </Badge>
  );
}
