-- Fleet registry, time series and the ingest's bookkeeping.
-- Identifiers (rig, node, channel mnemonics) are the ones the edge puts in its topics; see protocol/Ids.

CREATE TABLE rig (
    id          text PRIMARY KEY,
    first_seen  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE node (
    rig_id            text NOT NULL REFERENCES rig (id),
    id                text NOT NULL,
    state             text NOT NULL DEFAULT 'UNKNOWN' CHECK (state IN ('UNKNOWN', 'ONLINE', 'OFFLINE')),
    state_since       timestamptz,
    last_seen         timestamptz NOT NULL DEFAULT now(),
    agent_version     text,
    config_hash       text,
    boot_time         timestamptz,
    backlog_readings  bigint,
    dropped_readings  bigint,
    last_seq          bigint,
    PRIMARY KEY (rig_id, id)
);

CREATE TABLE channel (
    id              serial PRIMARY KEY,
    rig_id          text NOT NULL,
    node_id         text NOT NULL,
    mnemonic        text NOT NULL,
    unit            text,
    range_min       double precision,
    range_max       double precision,
    device          text,
    description     text,
    latest_at       timestamptz,
    latest_value    double precision,
    latest_quality  char(1),
    UNIQUE (rig_id, node_id, mnemonic),
    FOREIGN KEY (rig_id, node_id) REFERENCES node (rig_id, id)
);

-- One row per (node, seq) ever stored: the ingest's exactly-once guard. A replay with the same digest
-- is a duplicate and changes nothing; a different digest under a stored seq is rejected as a conflict.
CREATE TABLE received_message (
    rig_id       text NOT NULL,
    node_id      text NOT NULL,
    seq          bigint NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('data', 'event')),
    received_at  timestamptz NOT NULL DEFAULT now(),
    readings     integer NOT NULL,
    digest       bytea NOT NULL,
    PRIMARY KEY (rig_id, node_id, seq)
);

-- Raw readings, one partition per UTC day (created by the ingest as data arrives, dropped by retention).
CREATE TABLE reading (
    channel_id  integer NOT NULL,
    at          timestamptz NOT NULL,
    value       double precision NOT NULL,
    quality     char(1) NOT NULL
) PARTITION BY RANGE (at);
CREATE INDEX reading_channel_at ON reading (channel_id, at);

CREATE FUNCTION ensure_reading_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    part text := 'reading_' || to_char(day, 'YYYYMMDD');
BEGIN
    IF to_regclass(part) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)', part,
                       (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
    END IF;
EXCEPTION
    WHEN duplicate_table OR invalid_object_definition THEN
        NULL; -- another hub created it meanwhile
END;
$$;

-- Rollups of good readings, kept current by the ingest in the same transaction as the raw rows.
CREATE TABLE rollup_1m (
    channel_id  integer NOT NULL,
    bucket      timestamptz NOT NULL,
    n           integer NOT NULL,
    sum         double precision NOT NULL,
    min         double precision NOT NULL,
    max         double precision NOT NULL,
    PRIMARY KEY (channel_id, bucket)
);

CREATE TABLE rollup_1h (LIKE rollup_1m INCLUDING ALL);

CREATE TABLE event (
    rig_id       text NOT NULL,
    node_id      text NOT NULL,
    seq          bigint NOT NULL,
    at           timestamptz NOT NULL,
    type         text NOT NULL,
    severity     text NOT NULL,
    channels     text[] NOT NULL,
    score        double precision,
    reason       text NOT NULL,
    figures      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rig_id, node_id, seq)
);
CREATE INDEX event_rig_at ON event (rig_id, at DESC);

-- Messages the hub could not accept, kept as received for inspection.
CREATE TABLE rejected_message (
    id           bigserial PRIMARY KEY,
    received_at  timestamptz NOT NULL DEFAULT now(),
    topic        text NOT NULL,
    reason       text NOT NULL,
    field        text,
    payload      bytea NOT NULL
);
