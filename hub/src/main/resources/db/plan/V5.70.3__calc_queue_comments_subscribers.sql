-- A calculation of a large scenario runs in the background (the platform's persistent jobs): how far it has got.
ALTER TABLE calc_run ADD COLUMN progress double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1);
ALTER TABLE calc_run ADD COLUMN started_at timestamptz;
-- a run's stage as the page shows it: queued, reading, actuals, scheduling, figures, done
ALTER TABLE calc_run ADD COLUMN stage text;

-- Comments on campaign wells (the grid's rows and the Gantt's bars): who, when, what.
CREATE TABLE plan_comment (
    id               bigserial PRIMARY KEY,
    campaign_well_id bigint NOT NULL REFERENCES campaign_well (id) ON DELETE CASCADE,
    author           text NOT NULL,
    created_at       timestamptz NOT NULL,
    body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000)
);
CREATE INDEX plan_comment_well ON plan_comment (campaign_well_id, id);

-- Who is emailed when a scenario's approved schedule changes.
CREATE TABLE scenario_subscriber (
    scenario_id bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    username    text NOT NULL,
    since       timestamptz NOT NULL,
    PRIMARY KEY (scenario_id, username)
);

-- The emails about changes of an approved schedule, written in the change's transaction (nothing is lost if the
-- hub stops before it sends) and sent by the job 'plan-mail'. Changes made while one is still waiting join it.
CREATE TABLE plan_notification (
    id           bigserial PRIMARY KEY,
    scenario_id  bigint NOT NULL REFERENCES scenario (id) ON DELETE CASCADE,
    recipient    text NOT NULL,
    created_at   timestamptz NOT NULL,
    changes      jsonb NOT NULL DEFAULT '[]',
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts     integer NOT NULL DEFAULT 0,
    next_attempt timestamptz NOT NULL,
    last_error   text,
    sent_at      timestamptz
);
CREATE UNIQUE INDEX plan_notification_one_pending ON plan_notification (scenario_id, recipient) WHERE status = 'pending';
