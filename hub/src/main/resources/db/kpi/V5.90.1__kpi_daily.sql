-- The operations dashboard's pre-aggregated tables (docs/kpis.md). They hold nothing of their own: each row is
-- computed again from the reports, the plan, the alarms and the work orders, so they can be rebuilt at any time.

-- One row per shift report: its figures as the report stands (every status; the dashboard filters by status).
CREATE TABLE kpi_shift (
    report_id        bigint PRIMARY KEY,
    rig_id           text NOT NULL,
    shift_date       date NOT NULL,
    shift_type       text NOT NULL CHECK (shift_type IN ('day', 'night')),
    hole             text,               -- the hole with the most metres in the shift
    field            text,               -- that hole's field, by the plan's campaign well
    status           text NOT NULL,
    shift_hours      double precision NOT NULL,
    metres           double precision NOT NULL,
    metres_measured  double precision,   -- the sensors' metres over the shift (null: no hole depth channel)
    on_bottom_measured double precision,
    drilling_hours   double precision NOT NULL,  -- reported hours on codes whose rig state is drilling
    productive_hours double precision NOT NULL,
    npt_hours        double precision NOT NULL,
    standby_hours    double precision NOT NULL,
    cored_metres     double precision NOT NULL,  -- metres of progress rows with a core recovery
    core_recovered   double precision NOT NULL,
    man_hours        double precision NOT NULL
);
CREATE INDEX kpi_shift_day ON kpi_shift (shift_date, rig_id);

-- The non-productive hours of a shift by activity code (the NPT categories).
CREATE TABLE kpi_npt (
    report_id   bigint NOT NULL REFERENCES kpi_shift (report_id) ON DELETE CASCADE,
    code        text NOT NULL,
    label       text NOT NULL,
    hours       double precision NOT NULL,
    PRIMARY KEY (report_id, code)
);

-- One row per rig and local day: the plan's target and cost, the alarms raised, the equipment down.
CREATE TABLE kpi_rig_day (
    rig_id          text NOT NULL,
    day             date NOT NULL,
    field           text,                -- the approved plan's well's field that day
    plan_metres     double precision NOT NULL DEFAULT 0,
    planned         boolean NOT NULL DEFAULT false,  -- a well of an approved scenario is planned that day
    plan_wells      bigint[] NOT NULL DEFAULT '{}',  -- those campaign wells
    extras          double precision NOT NULL DEFAULT 0,  -- the planned wells' extra costs spread over their days
    alarms          integer NOT NULL DEFAULT 0,
    downtime_hours  double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (rig_id, day)
);
CREATE INDEX kpi_rig_day_day ON kpi_rig_day (day, rig_id);

-- Equipment down (corrective and emergency work orders, from started to completed) per rig, day and unit.
CREATE TABLE kpi_downtime (
    rig_id        text NOT NULL,
    day           date NOT NULL,
    equipment_id  bigint NOT NULL,
    equipment     text NOT NULL,
    hours         double precision NOT NULL,
    work_orders   bigint[] NOT NULL,
    -- of those, the work orders a client may see (shareable, of shareable equipment)
    shared_hours  double precision NOT NULL,
    shared_orders bigint[] NOT NULL,
    PRIMARY KEY (rig_id, day, equipment_id)
);

-- What changed since the last refresh: rig-days marked by the reports' writes in their own transaction (KpiLedger);
-- the refresh job empties it.
CREATE TABLE kpi_stale (
    rig_id  text NOT NULL,
    day     date NOT NULL,
    PRIMARY KEY (rig_id, day)
);
-- The refresh's own state: the plan's fingerprint it last computed the targets from (PlanQuery.fingerprint: the
-- planner's writes change it), and when everything was last rebuilt (null: never, so the first refresh does).
CREATE TABLE kpi_state (
    id                integer PRIMARY KEY CHECK (id = 1),
    plan_fingerprint  text,
    rebuilt_at        timestamptz
);
INSERT INTO kpi_state (id) VALUES (1);

-- The planned rigs' day rates, as the plan has them (the cost figures).
CREATE TABLE kpi_rig (
    rig_id    text PRIMARY KEY,
    day_rate  double precision NOT NULL
);

-- The managers' daily digest: one row per recipient and day, written once, sent once (SKIP LOCKED).
CREATE TABLE kpi_digest (
    day         date NOT NULL,
    recipient   text NOT NULL,
    subject     text NOT NULL,
    text_body   text NOT NULL,
    html_body   text NOT NULL,
    status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    integer NOT NULL DEFAULT 0,
    next_at     timestamptz NOT NULL,
    last_error  text,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    PRIMARY KEY (day, recipient)
);
