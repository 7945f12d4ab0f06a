-- Alarms and alert notifications.
--
-- An alarm is one occurrence of an alarm key on a node, from its raise to its clear. Edge alarms are built by
-- the ingest from the node's events, in the transaction that stores the event; hub alarms (a node gone silent)
-- are raised by the hub. Events may arrive out of order (live data goes before the backlog after an outage),
-- so an acknowledgement or clear belongs to the occurrence with the latest raise at or before it, whenever
-- either arrives.

ALTER TABLE event ADD COLUMN alarm_key text;
ALTER TABLE event ADD COLUMN id bigserial;
-- set once the alert rules have looked at the event (alerts on events that are not alarms: data loss, device down)
ALTER TABLE event ADD COLUMN alerted_at timestamptz;
-- events stored before alerts existed are not alerted now
UPDATE event SET alerted_at = received_at;
CREATE INDEX event_alarm ON event (rig_id, node_id, alarm_key, at) WHERE alarm_key IS NOT NULL;
CREATE INDEX event_not_alerted ON event (id) WHERE alerted_at IS NULL;

CREATE TABLE alarm (
    id                 bigserial PRIMARY KEY,
    rig_id             text NOT NULL REFERENCES rig (id),
    node_id            text NOT NULL,
    alarm_key          text NOT NULL,
    source             text NOT NULL CHECK (source IN ('edge', 'hub')),
    raise_seq          bigint,                        -- the raising event's seq (edge alarms)
    type               text NOT NULL,
    severity           text NOT NULL CHECK (severity IN ('INFO', 'WARNING', 'CRITICAL')),
    channels           text[] NOT NULL DEFAULT '{}',
    score              double precision,
    reason             text NOT NULL,
    raised_at          timestamptz NOT NULL,
    acknowledged_at    timestamptz,
    acknowledged_by    text,
    ack_note           text,                          -- the edge's words for its acknowledgement
    ack_confirmed_at   timestamptz,                   -- the node reported the acknowledgement (edge alarms)
    ack_command_id     text,                          -- the hub's ACK_ALARM command awaiting that report
    cleared_at         timestamptz,
    clear_reason       text,
    alerted_at         timestamptz,                   -- the alert rules have looked at the raise
    clear_alerted_at   timestamptz,                   -- ... and at the clear
    updated_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (rig_id, node_id) REFERENCES node (rig_id, id),
    UNIQUE (rig_id, node_id, raise_seq),
    CHECK (source = 'hub' OR raise_seq IS NOT NULL)
);
CREATE INDEX alarm_open ON alarm (rig_id, raised_at DESC) WHERE cleared_at IS NULL;
CREATE INDEX alarm_key_at ON alarm (rig_id, node_id, alarm_key, raised_at);
CREATE INDEX alarm_rig_raised ON alarm (rig_id, raised_at DESC);
CREATE INDEX alarm_not_alerted ON alarm (id) WHERE alerted_at IS NULL;
CREATE INDEX alarm_clear_not_alerted ON alarm (id) WHERE cleared_at IS NOT NULL AND clear_alerted_at IS NULL;
-- a hub alarm is raised once per key and node until it clears
CREATE UNIQUE INDEX alarm_hub_open ON alarm (rig_id, node_id, alarm_key) WHERE source = 'hub' AND cleared_at IS NULL;

-- One email to one recipient, written before it is sent (an outbox): a hub that stops mid-way sends what is
-- pending when it starts again, and the unique key keeps a rule from notifying the same person twice
-- about the same thing.
CREATE TABLE alert_notification (
    id             bigserial PRIMARY KEY,
    created_at     timestamptz NOT NULL DEFAULT now(),
    rule           text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('RAISED', 'ESCALATED', 'CLEARED', 'EVENT')),
    alarm_id       bigint REFERENCES alarm (id),
    event_id       bigint,
    rig_id         text NOT NULL,
    node_id        text NOT NULL,
    subject_key    text NOT NULL,                     -- alarm key, or the event type: what de-duplication compares
    severity       text NOT NULL,
    recipient      text NOT NULL,
    subject        text NOT NULL,
    body_text      text NOT NULL,
    body_html      text NOT NULL,
    status         text NOT NULL CHECK (status IN ('PENDING', 'SENT', 'SUPPRESSED', 'FAILED')),
    status_reason  text,
    attempts       integer NOT NULL DEFAULT 0,
    next_attempt   timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    CHECK ((alarm_id IS NULL) <> (event_id IS NULL)),
    UNIQUE NULLS NOT DISTINCT (rule, kind, alarm_id, event_id, recipient)
);
CREATE INDEX alert_pending ON alert_notification (next_attempt) WHERE status = 'PENDING';
CREATE INDEX alert_recipient_sent ON alert_notification (recipient, sent_at) WHERE status = 'SENT';
CREATE INDEX alert_dedup ON alert_notification (rule, rig_id, node_id, subject_key, created_at);
