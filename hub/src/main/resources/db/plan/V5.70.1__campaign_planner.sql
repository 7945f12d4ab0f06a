-- The campaign planner (docs/planning.md): rigs for planning (the fleet's ids; a planned rig with no edge node is
-- allowed), wells, scenarios of campaigns of campaign wells with their dependencies, and the calculation runs.
-- Every row the planner edits has a version: a stale edit is refused (409), never a silent overwrite.
CREATE TABLE plan_rig (
    id          text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    day_rate    double precision NOT NULL CHECK (day_rate >= 0),
    currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status      text NOT NULL CHECK (status IN ('active', 'standby', 'maintenance')),
    -- availability windows: [{"from": "2027-01-01", "to": "2027-06-30" or null}]; none: always available
    available   jsonb NOT NULL DEFAULT '[]',
    version     integer NOT NULL DEFAULT 1,
    updated_at  timestamptz NOT NULL,
    updated_by  text NOT NULL
);

CREATE TABLE well (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    field         text CHECK (length(field) <= 80),
    type          text NOT NULL CHECK (type IN ('exploration', 'appraisal', 'development', 'water', 'geotechnical', 'other')),
    planned_depth double precision CHECK (planned_depth > 0),
    location      text CHECK (length(location) <= 200),
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL,
    updated_by    text NOT NULL
);

CREATE TABLE scenario (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    -- the planning horizon (e.g. 2027): at most one approved scenario each
    horizon     text NOT NULL CHECK (length(horizon) BETWEEN 1 AND 40),
    status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'archived')),
    cloned_from bigint REFERENCES scenario (id) ON DELETE SET NULL,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text NOT NULL
);
CREATE UNIQUE INDEX scenario_one_approved_per_horizon ON scenario (horizon) WHERE status = 'approved';

CREATE TABLE campaign (
    id          bigserial PRIMARY KEY,
    scenario_id bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    version     integer NOT NULL DEFAULT 1,
    UNIQUE (scenario_id, name)
);

CREATE TABLE campaign_well (
    id            bigserial PRIMARY KEY,
    campaign_id   bigint NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    well_id       bigint NOT NULL REFERENCES well (id),
    rig_id        text REFERENCES plan_rig (id),
    planned_start date,
    duration_days double precision NOT NULL CHECK (duration_days > 0),
    status        text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'complete', 'cancelled')),
    actual_start  date,
    actual_end    date CHECK (actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start),
    npt_days      double precision NOT NULL DEFAULT 0 CHECK (npt_days >= 0),
    -- named extra costs: [{"name": "mobilisation", "amount": 120000}]
    extras        jsonb NOT NULL DEFAULT '[]',
    version       integer NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL,
    updated_by    text NOT NULL
);
CREATE INDEX campaign_well_campaign ON campaign_well (campaign_id);

-- Finish-to-start: well_id starts no earlier than predecessor's end plus lag_days (both in one scenario).
CREATE TABLE campaign_dependency (
    well_id        bigint NOT NULL REFERENCES campaign_well (id) ON DELETE CASCADE,
    predecessor_id bigint NOT NULL REFERENCES campaign_well (id) ON DELETE CASCADE,
    lag_days       double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (well_id, predecessor_id),
    CHECK (well_id <> predecessor_id)
);

CREATE TABLE calc_run (
    id            bigserial PRIMARY KEY,
    scenario_id   bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    params        jsonb NOT NULL,
    status        text NOT NULL CHECK (status IN ('pending', 'running', 'success', 'failed')),
    results       jsonb,
    error         text,
    requested_at  timestamptz NOT NULL,
    requested_by  text NOT NULL,
    finished_at   timestamptz
);
CREATE INDEX calc_run_scenario ON calc_run (scenario_id, id);
