// The business-area dashboard (the rail's "Actions"): open and in-progress post-resolution actions of the
// areas this user owns (a manager sees every area, with a filter), counts per area, overdue ones marked, each
// linked to its case and moved on in place (policy 001 s.7: tracked visibly on each area's dashboard).
import {
  Badge,
  Card,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ACTION_STATUS_NAMES } from '../../../shared/domain/remedies/remedies.js';
import { asDeskError, useActionsDashboardQuery } from '../../api/desk-api.js';
import { hrefOf } from '../../app/route.js';
import { ActionCells } from './ActionCells.js';
import { StepDialog, type StepRequest } from './StepDialog.js';

const useStyles = makeStyles({
  page: { padding: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  counts: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
    listStyleType: 'none',
    margin: 0,
    padding: 0,
  },
  count: { padding: tokens.spacingHorizontalM, minWidth: '200px' },
  overdueRow: { backgroundColor: tokens.colorPaletteRedBackground1 },
  small: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap' },
});

export function ActionsDashboard() {
  const styles = useStyles();
  const [area, setArea] = useState('');
  const board = useActionsDashboardQuery(area || undefined);
  const [step, setStep] = useState<StepRequest | null>(null);
  if (board.isLoading) return <Spinner label="Loading the actions…" />;
  const err = asDeskError(board.error);
  if (err || !board.data)
    return (
      <div className={styles.page}>
        <MessageBar intent="error">
          <MessageBarBody>{err?.message ?? 'The actions could not be read.'}</MessageBarBody>
        </MessageBar>
      </div>
    );
  const { actions, counts, areas } = board.data;
  return (
    <div className={styles.page}>
      <Title2 as="h1">Actions</Title2>
      <Text>
        Post-resolution actions still open in {areas.length === 1 ? areas[0]?.name : 'your business areas'}, the most
        overdue first. Each stays here until its area closes it.
      </Text>
      {areas.length === 0 && (
        <Text>You do not own a business area yet: ask an administrator to name you as owner.</Text>
      )}
      {areas.length > 1 && (
        <Field label="Business area" style={{ maxWidth: 320 }}>
          <Select value={area} onChange={(_, d) => setArea(d.value)}>
            <option value="">All areas</option>
            {areas.map((a) => (
              <option key={a.key} value={a.key}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <ul className={styles.counts} aria-label="Open actions by business area">
        {counts.map((c) => (
          <li key={c.areaKey}>
            <Card className={styles.count}>
              <Text weight="semibold">{c.areaName}</Text>
              <Text>
                {c.open} open · {c.inProgress} in progress
              </Text>
              {c.overdue > 0 ? (
                <Badge appearance="filled" color="danger" shape="rounded">
                  {c.overdue} overdue
                </Badge>
              ) : (
                <Text className={styles.small}>none overdue</Text>
              )}
            </Card>
          </li>
        ))}
      </ul>
      {actions.length === 0 ? (
        <Text>No open actions.</Text>
      ) : (
        <Table aria-label="Open actions" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Case</TableHeaderCell>
              <TableHeaderCell>Business area</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Due</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Update</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {actions.map((a) => (
              <TableRow key={a.id} className={a.overdue ? styles.overdueRow : undefined} data-testid="dashboard-action">
                <TableCell>
                  <Link href={hrefOf({ view: 'case', id: a.complaintId })}>{a.complaintReference}</Link>
                </TableCell>
                <TableCell>{a.areaName}</TableCell>
                <TableCell>{a.description}</TableCell>
                <ActionCells action={a} statusText={ACTION_STATUS_NAMES[a.status]} onStep={setStep} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {step && <StepDialog request={step} onClose={() => setStep(null)} />}
    </div>
  );
}
