-- Edge nodes the hub knows by name, each with its MQTT credential: the user name "<rig>.<node>" and a random secret
-- of which the hub keeps a SHA-256 (to check it at the embedded broker) and Mosquitto's own hash form (for its
-- password file). A node without a row here may not connect, and what arrives for it is rejected.
CREATE TABLE node_registration (
    rig_id          text NOT NULL,
    node_id         text NOT NULL,
    username        text NOT NULL UNIQUE,
    secret_sha256   bytea NOT NULL,
    mosquitto_hash  text NOT NULL,
    registered_at   timestamptz NOT NULL DEFAULT now(),
    issued_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rig_id, node_id)
);
