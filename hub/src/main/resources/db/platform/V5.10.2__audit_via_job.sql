-- The hub's own jobs write too (a draft's sensors read again): their audit rows say so, as 'job'.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_via_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_via_check CHECK (via IN ('session', 'token', 'command-line', 'config', 'anonymous', 'job'));
