-- Organisation settings an administrator sets on this desk (the first one: the calibration week's first
-- day, 'calibration_week_start_day', 0 = Sunday ... 6 = Saturday; absent means Monday). Local to the desk:
-- a recorded calibration draw keeps its own week bounds, so changing a setting never rewrites history.
CREATE TABLE desk_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
