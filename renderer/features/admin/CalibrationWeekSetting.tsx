import { Button, Field, makeStyles, MessageBar, MessageBarBody, Select, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { asDeskError, useCalibrationSettingsQuery, useSetCalibrationWeekStartMutation } from '../../api/desk-api.js';

export const WEEK_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
// Offered Monday first, the order a UK organisation reads a week in.
const OFFERED = [1, 2, 3, 4, 5, 6, 0] as const;

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'end',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
  },
});

/** The administrator's control for the calibration week's first day (the desk's organisation setting). */
export function CalibrationWeekSetting() {
  const styles = useStyles();
  const settings = useCalibrationSettingsQuery(undefined);
  const [save, saving] = useSetCalibrationWeekStartMutation();
  const [picked, setPicked] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!settings.data?.canChange) return null;
  const current = settings.data.weekStartDay;
  const value = picked ?? current;
  const err = asDeskError(saving.error);
  return (
    <section aria-label="Calibration week">
      <div className={styles.row}>
        <Field
          label="Calibration week starts on"
          hint="Draws already made keep their own weeks; the change applies to weeks not yet drawn."
        >
          <Select
            value={String(value)}
            onChange={(_e, d) => {
              setPicked(Number(d.value));
              setDone(null);
            }}
          >
            {OFFERED.map((d) => (
              <option key={d} value={d}>
                {WEEK_DAYS[d]}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          appearance="primary"
          disabled={value === current || saving.isLoading}
          onClick={() =>
            void save({ startDay: value }).then((r) => {
              if (r.data) {
                setPicked(null);
                setDone(`Calibration weeks now start on ${WEEK_DAYS[r.data.weekStartDay] ?? 'the chosen day'}.`);
              }
            })
          }
        >
          Save week start
        </Button>
      </div>
      {err && (
        <MessageBar intent="error">
          <MessageBarBody>{err.message}</MessageBarBody>
        </MessageBar>
      )}
      {done && (
        <MessageBar intent="success" aria-live="polite">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
