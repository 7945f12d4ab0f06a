-- Daily drilling reports (docs/reports.md): one shift report per rig, date (in the rig's time zone) and shift type,
-- with its crew, drilling progress per hole, activities (IADC time codes), materials, surveys and casing; the
-- approval flow (approval_history); the supervisors assigned to a rig.

-- The time codes of the activity log: the IADC classic codes, seeded, and any a contractor adds (builtin false).
-- rig_state: the measured rig state (history/RigActivity) the code corresponds to, for the check of typed hours
-- against measured ones; null for work the sensors cannot tell apart (repair, waiting, safety).
CREATE TABLE activity_code (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}$'),
    label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    productive  boolean NOT NULL,
    rig_state   text CHECK (rig_state IN ('drilling', 'connection', 'trip', 'circulating', 'idle')),
    builtin     boolean NOT NULL DEFAULT false
);
INSERT INTO activity_code (code, label, productive, rig_state, builtin) VALUES
    ('0',   'Safety meeting / drill',            true,  NULL,          true),
    ('1',   'Rig up / tear down',                true,  NULL,          true),
    ('2',   'Drilling',                          true,  'drilling',    true),
    ('2.1', 'Connection',                        true,  'connection',  true),
    ('3',   'Reaming',                           true,  NULL,          true),
    ('4',   'Coring',                            true,  'drilling',    true),
    ('4.1', 'Wireline core retrieval',           true,  NULL,          true),
    ('5',   'Condition mud and circulate',       true,  'circulating', true),
    ('6',   'Trips',                             true,  'trip',        true),
    ('7',   'Lubricate rig',                     true,  NULL,          true),
    ('8',   'Repair rig',                        false, NULL,          true),
    ('9',   'Cut off drilling line',             true,  NULL,          true),
    ('10',  'Deviation survey',                  true,  NULL,          true),
    ('11',  'Wireline logs',                     true,  NULL,          true),
    ('12',  'Run casing and cement',             true,  NULL,          true),
    ('13',  'Wait on cement',                    true,  NULL,          true),
    ('14',  'Nipple up BOP',                     true,  NULL,          true),
    ('15',  'Test BOP',                          true,  NULL,          true),
    ('19',  'Fishing',                           false, NULL,          true),
    ('20',  'Directional work',                  true,  NULL,          true),
    ('23',  'Other',                             true,  NULL,          true),
    ('NP.W', 'Waiting on weather',               false, 'idle',        true),
    ('NP.M', 'Waiting on materials / equipment', false, 'idle',        true),
    ('NP.S', 'Standby (client instruction)',     false, 'idle',        true);

-- The materials catalogue: grows as people type a new name on a report.
CREATE TABLE material (
    name        text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 80),
    unit        text,
    added_at    timestamptz NOT NULL,
    added_by    text NOT NULL
);

-- Which supervisors write the reports of which rig.
CREATE TABLE rig_supervisor (
    rig_id      text NOT NULL REFERENCES rig (id),
    user_id     bigint NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (rig_id, user_id)
);

CREATE TABLE shift_report (
    id              bigserial PRIMARY KEY,
    rig_id          text NOT NULL REFERENCES rig (id),
    shift_date      date NOT NULL,
    shift_type      text NOT NULL CHECK (shift_type IN ('day', 'night')),
    -- the window, fixed when the report is made from the rig's time zone and shift pattern
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    time_zone       text NOT NULL,
    -- the rig's client when the report was made: who approves it, and whose users see it
    client_id       text REFERENCES client (id),
    location        text,
    status          text NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'submitted', 'manager_approved', 'approved', 'rejected')),
    standby         boolean NOT NULL DEFAULT false,
    standby_reason  text,
    standby_hours   double precision NOT NULL DEFAULT 0 CHECK (standby_hours >= 0),
    remarks         text,
    -- what the sensors measured for the window (the proposal), kept beside what people typed
    measured        jsonb,
    -- the warnings and notes of the last save, and the score they give
    findings        jsonb NOT NULL DEFAULT '[]',
    quality_score   integer NOT NULL DEFAULT 0 CHECK (quality_score BETWEEN 0 AND 100),
    content_hash    text,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL,
    created_by      text NOT NULL,
    updated_at      timestamptz NOT NULL,
    updated_by      text NOT NULL,
    UNIQUE (rig_id, shift_date, shift_type)
);
CREATE INDEX shift_report_date ON shift_report (shift_date, rig_id);
CREATE INDEX shift_report_status ON shift_report (status);

CREATE TABLE shift_crew (
    report_id   bigint NOT NULL REFERENCES shift_report (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    role        text NOT NULL CHECK (role IN ('supervisor', 'driller', 'helper')),
    name        text NOT NULL,
    hours       double precision NOT NULL CHECK (hours >= 0 AND hours <= 24),
    PRIMARY KEY (report_id, position)
);

CREATE TABLE shift_progress (
    report_id       bigint NOT NULL REFERENCES shift_report (id) ON DELETE CASCADE,
    position        integer NOT NULL,
    hole            text NOT NULL,
    core_size       text NOT NULL,
    from_depth      double precision NOT NULL CHECK (from_depth >= 0),
    to_depth        double precision NOT NULL CHECK (to_depth > from_depth),
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL CHECK (ends_at > starts_at),
    core_recovered  double precision CHECK (core_recovered >= 0),
    casing_size     text,
    remarks         text,
    PRIMARY KEY (report_id, position)
);
CREATE INDEX shift_progress_hole ON shift_progress (hole);

CREATE TABLE shift_activity (
    report_id   bigint NOT NULL REFERENCES shift_report (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    code        text NOT NULL REFERENCES activity_code (code),
    -- the label and productive flag as they were when the row was written: a later edit of the list changes no report
    label       text NOT NULL,
    productive  boolean NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
    description text,
    PRIMARY KEY (report_id, position)
);

CREATE TABLE shift_material (
    report_id   bigint NOT NULL REFERENCES shift_report (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    name        text NOT NULL REFERENCES material (name),
    quantity    double precision NOT NULL CHECK (quantity > 0),
    unit        text NOT NULL,
    remarks     text,
    PRIMARY KEY (report_id, position)
);

CREATE TABLE shift_survey (
    report_id   bigint NOT NULL REFERENCES shift_report (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    depth       double precision NOT NULL CHECK (depth >= 0),
    dip         double precision NOT NULL CHECK (dip BETWEEN -90 AND 90),
    azimuth     double precision NOT NULL CHECK (azimuth >= 0 AND azimuth < 360),
    tool        text,
    remarks     text,
    PRIMARY KEY (report_id, position)
);

CREATE TABLE shift_casing (
    report_id   bigint NOT NULL REFERENCES shift_report (id) ON DELETE CASCADE,
    position    integer NOT NULL,
    size        text NOT NULL,
    from_depth  double precision NOT NULL CHECK (from_depth >= 0),
    to_depth    double precision NOT NULL CHECK (to_depth > from_depth),
    PRIMARY KEY (report_id, position)
);

-- Every transition of the approval flow: who, when, what, and why.
CREATE TABLE approval_history (
    id          bigserial PRIMARY KEY,
    report_id   bigint NOT NULL REFERENCES shift_report (id),
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    actor_name  text NOT NULL,
    action      text NOT NULL CHECK (action IN ('submit', 'approve', 'reject', 'client_approve', 'client_reject', 'reopen')),
    from_status text NOT NULL,
    to_status   text NOT NULL,
    comment     text
);
CREATE INDEX approval_history_report ON approval_history (report_id, at);
