-- Core tray photos (docs/reports.md): attached to a hole of a report's drilling progress, optionally with the tray's
-- depth interval. The picture itself is a file under <hub.dataDir>/photos, named by the SHA-256 of its bytes (one
-- file for the same picture uploaded twice), with an upright thumbnail beside it.
CREATE TABLE shift_photo (
    id            bigserial PRIMARY KEY,
    report_id     bigint NOT NULL REFERENCES shift_report (id) ON DELETE CASCADE,
    hole          text NOT NULL CHECK (length(hole) BETWEEN 1 AND 40),
    from_depth    double precision CHECK (from_depth >= 0),
    to_depth      double precision CHECK (to_depth >= 0),
    caption       text CHECK (length(caption) <= 200),
    file_name     text CHECK (length(file_name) <= 200),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes         bigint NOT NULL CHECK (bytes > 0),
    width         integer NOT NULL CHECK (width > 0),
    height        integer NOT NULL CHECK (height > 0),
    uploaded_at   timestamptz NOT NULL,
    uploaded_by   text NOT NULL,
    CHECK (to_depth IS NULL OR from_depth IS NULL OR to_depth > from_depth)
);
CREATE INDEX shift_photo_report ON shift_photo (report_id);
CREATE INDEX shift_photo_sha ON shift_photo (sha256);
