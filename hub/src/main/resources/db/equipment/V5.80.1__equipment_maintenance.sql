-- Equipment health and maintenance (docs/equipment.md): the equipment of each rig, its running hours per day,
-- remaining-useful-life models and their predictions, maintenance schedules, work orders and incidents.

CREATE TABLE equipment (
    id               bigserial PRIMARY KEY,
    rig_id           text NOT NULL REFERENCES rig (id),
    kind             text NOT NULL CHECK (kind IN ('top_drive', 'mud_pump', 'drawworks', 'generator', 'rotary_table',
                                                   'shaker', 'centrifuge', 'compressor', 'bop', 'other')),
    name             text NOT NULL,
    make             text,
    model            text,
    serial           text,
    installed_on     date,
    hours_at_install double precision NOT NULL DEFAULT 0 CHECK (hours_at_install >= 0),
    node_id          text,                                  -- the edge node that measures it
    devices          text[] NOT NULL DEFAULT '{}',          -- the agent's devices that measure it
    run_channel      text,                                  -- it runs while this channel is above run_above
    run_above        double precision NOT NULL DEFAULT 0,
    channels         text[] NOT NULL DEFAULT '{}',          -- its health channels (the RUL model's inputs)
    shareable        boolean NOT NULL DEFAULT false,        -- the rig's client may see it and its work orders
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL,
    created_by       text NOT NULL,
    UNIQUE (rig_id, name),
    FOREIGN KEY (rig_id, node_id) REFERENCES node (rig_id, id)
);

-- Running hours per UTC day, from the run channel's minute averages; kept by the job equipment-hours.
CREATE TABLE equipment_hours (
    equipment_id  bigint NOT NULL REFERENCES equipment (id) ON DELETE CASCADE,
    day           date NOT NULL,
    hours         double precision NOT NULL CHECK (hours >= 0 AND hours <= 24),
    PRIMARY KEY (equipment_id, day)
);

-- A trained RUL model: one version per kind of equipment counting from 1; the active one scores.
CREATE TABLE rul_model (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL,
    version      integer NOT NULL,
    algorithm    text NOT NULL,
    features     text[] NOT NULL,
    channels     text[] NOT NULL,
    training     text NOT NULL,                  -- what it learnt from
    units        integer NOT NULL,
    metrics      jsonb NOT NULL,                 -- cross-validation and held-out figures
    cap_hours    double precision NOT NULL,
    trained_at   timestamptz NOT NULL,
    trained_by   text NOT NULL,
    model        bytea NOT NULL,
    active       boolean NOT NULL DEFAULT false,
    UNIQUE (kind, version)
);
CREATE UNIQUE INDEX rul_model_active ON rul_model (kind) WHERE active;

-- Background work of this feature: a scoring run over the fleet, or a training of a kind's model. Stored before it
-- is queued; its outcome is stored once (WHERE status IN ('pending', 'running')).
CREATE TABLE rul_job (
    id            bigserial PRIMARY KEY,
    what          text NOT NULL CHECK (what IN ('score', 'train')),
    kind          text,                           -- train: the kind of equipment
    status        text NOT NULL CHECK (status IN ('pending', 'running', 'success', 'failed')),
    requested_at  timestamptz NOT NULL,
    requested_by  text NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    attempts      integer NOT NULL DEFAULT 0,
    outcome       text
);
CREATE INDEX rul_job_open ON rul_job (requested_at) WHERE status IN ('pending', 'running');

CREATE TABLE rul_prediction (
    job_id        bigint NOT NULL REFERENCES rul_job (id),
    equipment_id  bigint NOT NULL REFERENCES equipment (id) ON DELETE CASCADE,
    model_id      bigint NOT NULL REFERENCES rul_model (id),
    at            timestamptz NOT NULL,
    age_hours     double precision NOT NULL,
    rul_hours     double precision NOT NULL,
    low_hours     double precision NOT NULL,
    high_hours    double precision NOT NULL,
    PRIMARY KEY (job_id, equipment_id)
);
CREATE INDEX rul_prediction_equipment ON rul_prediction (equipment_id, at DESC);

CREATE TABLE maintenance_schedule (
    id                bigserial PRIMARY KEY,
    equipment_id      bigint NOT NULL REFERENCES equipment (id) ON DELETE CASCADE,
    name              text NOT NULL,
    basis             text NOT NULL CHECK (basis IN ('calendar', 'hours', 'condition')),
    every_days        integer CHECK (every_days > 0),
    every_hours       double precision CHECK (every_hours > 0),
    rul_below_hours   double precision CHECK (rul_below_hours > 0),
    last_done_on      date,
    last_done_hours   double precision,
    auto_work_order   boolean NOT NULL DEFAULT true,
    active            boolean NOT NULL DEFAULT true,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL,
    created_by        text NOT NULL,
    CHECK ((basis = 'calendar') = (every_days IS NOT NULL)),
    CHECK ((basis = 'hours') = (every_hours IS NOT NULL)),
    CHECK ((basis = 'condition') = (rul_below_hours IS NOT NULL))
);

CREATE TABLE work_order (
    id              bigserial PRIMARY KEY,
    equipment_id    bigint NOT NULL REFERENCES equipment (id),
    schedule_id     bigint REFERENCES maintenance_schedule (id) ON DELETE SET NULL,
    type            text NOT NULL CHECK (type IN ('preventive', 'corrective', 'emergency')),
    description     text NOT NULL,
    status          text NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
    scheduled_on    date NOT NULL,
    completed_on    date,
    performed_by    text,
    parts           jsonb NOT NULL DEFAULT '[]',     -- [{part, quantity, unitCost}]
    cost            numeric(14, 2),
    hours_at_completion double precision,
    shareable       boolean NOT NULL DEFAULT false,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL,
    created_by      text NOT NULL
);
-- a schedule opens at most one work order at a time
CREATE UNIQUE INDEX work_order_open_per_schedule ON work_order (schedule_id) WHERE status IN ('scheduled', 'in_progress');
CREATE INDEX work_order_equipment ON work_order (equipment_id, scheduled_on DESC);

CREATE TABLE work_order_event (
    id             bigserial PRIMARY KEY,
    work_order_id  bigint NOT NULL REFERENCES work_order (id) ON DELETE CASCADE,
    at             timestamptz NOT NULL,
    by_user        text NOT NULL,
    from_status    text,
    to_status      text NOT NULL,
    note           text
);

CREATE TABLE incident (
    id                       bigserial PRIMARY KEY,
    rig_id                   text NOT NULL REFERENCES rig (id),
    equipment_id             bigint REFERENCES equipment (id),
    category                 text NOT NULL CHECK (category IN ('safety', 'environmental', 'equipment', 'regulatory')),
    severity                 text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    title                    text NOT NULL,
    description              text NOT NULL,
    occurred_at              timestamptz NOT NULL,
    reported_by              text NOT NULL,
    location                 text,
    injuries                 integer NOT NULL DEFAULT 0 CHECK (injuries >= 0),
    environmental_impact     text,
    regulator_notification   boolean NOT NULL DEFAULT false,
    status                   text NOT NULL CHECK (status IN ('reported', 'investigating', 'resolved', 'closed')),
    resolution               text,
    shareable                boolean NOT NULL DEFAULT false,
    mail_due                 boolean NOT NULL DEFAULT false,   -- a critical incident's email is still to be sent
    mailed_at                timestamptz,
    version                  integer NOT NULL DEFAULT 1,
    created_at               timestamptz NOT NULL
);
CREATE INDEX incident_rig ON incident (rig_id, occurred_at DESC);
CREATE INDEX incident_mail_due ON incident (id) WHERE mail_due;

CREATE TABLE incident_event (
    id           bigserial PRIMARY KEY,
    incident_id  bigint NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    at           timestamptz NOT NULL,
    by_user      text NOT NULL,
    from_status  text,
    to_status    text NOT NULL,
    note         text
);
