-- People: clients (the operators a contractor drills for), users with roles, their sessions and API tokens,
-- and the audit trail of every write.

CREATE TABLE client (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A rig drilling for a client is seen by that client's users; a rig without a client only by the contractor's staff.
ALTER TABLE rig ADD COLUMN client_id text REFERENCES client (id);

CREATE TABLE app_user (
    id                   bigserial PRIMARY KEY,
    username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    display_name         text NOT NULL,
    email                text,
    password_hash        text NOT NULL,
    roles                text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['viewer', 'editor', 'supervisor',
                                                'manager', 'client', 'maintenance', 'admin']),
    client_id            text REFERENCES client (id),
    disabled             boolean NOT NULL DEFAULT false,
    failed_logins        integer NOT NULL DEFAULT 0,
    locked_until         timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    last_login_at        timestamptz,
    -- a client user always belongs to a client, and only client users do
    CHECK (('client' = ANY (roles)) = (client_id IS NOT NULL))
);
CREATE UNIQUE INDEX app_user_username ON app_user (username);

-- Browser sessions and API tokens. Only a SHA-256 of the secret is kept: a copy of the database signs no one in.
CREATE TABLE auth_token (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES app_user (id),
    kind          text NOT NULL CHECK (kind IN ('session', 'api')),
    name          text,
    secret_hash   bytea NOT NULL UNIQUE,
    csrf          text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    address       text,
    CHECK ((kind = 'session') = (csrf IS NOT NULL)),
    CHECK ((kind = 'api') = (name IS NOT NULL))
);
CREATE INDEX auth_token_user ON auth_token (user_id) WHERE revoked_at IS NULL;

-- Who did what, when, to which entity, with the entity before and after. Written in the transaction of the write.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id    bigint,
    actor       text NOT NULL,
    via         text NOT NULL CHECK (via IN ('session', 'token', 'command-line', 'config', 'anonymous')),
    address     text,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text,
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);

-- Append-only, whoever asks: the API has no route that changes it, and the database refuses anyway.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
