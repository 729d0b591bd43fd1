-- The migration runner's own bookkeeping, created before any numbered migration runs.
-- Idempotent; the runner executes it under the migration advisory lock.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     integer     PRIMARY KEY,
    name        text        NOT NULL,
    checksum    text        NOT NULL,          -- sha256 of the file: an edited applied migration is an error
    applied_at  timestamptz NOT NULL DEFAULT now(),
    duration_ms integer     NOT NULL
);
