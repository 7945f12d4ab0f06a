-- Rigs are first-class: an admin creates one (name, time zone, client, shift pattern) before it sends anything, as the
-- daily reports and the planner need; a rig that first appears by telemetry gets the defaults and can be edited later.
ALTER TABLE rig ADD COLUMN name text;
ALTER TABLE rig ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
-- the day shift runs from day_shift_start to night_shift_start, the night shift from there to the next day's start
-- (a shift crossing midnight belongs to its start date)
ALTER TABLE rig ADD COLUMN day_shift_start time NOT NULL DEFAULT '06:00';
ALTER TABLE rig ADD COLUMN night_shift_start time NOT NULL DEFAULT '18:00';
ALTER TABLE rig ADD COLUMN created_at timestamptz;
ALTER TABLE rig ADD COLUMN created_by text NOT NULL DEFAULT 'telemetry';
-- a rig an admin created has not been seen yet
ALTER TABLE rig ALTER COLUMN first_seen DROP NOT NULL;
ALTER TABLE rig ALTER COLUMN first_seen DROP DEFAULT;
ALTER TABLE rig ALTER COLUMN last_seen DROP NOT NULL;
ALTER TABLE rig ALTER COLUMN last_seen DROP DEFAULT;
UPDATE rig SET name = id, created_at = first_seen;
ALTER TABLE rig ALTER COLUMN name SET NOT NULL;
ALTER TABLE rig ADD CONSTRAINT rig_shifts_differ CHECK (day_shift_start <> night_shift_start);
