-- Where each Reddit listing poller stopped, so a restart resumes with no gap and no duplicate.
-- The newest post seen is kept both as a fullname (Reddit's `before` anchor) and as a creation
-- time, because the anchor post can be deleted and then `before=` returns nothing forever.
CREATE TABLE ingest_cursors (
    listing           text        PRIMARY KEY,    -- e.g. '/r/all/new' or '/r/a+b/new'
    newest_fullname   text,                       -- t3_… of the newest post stored
    newest_created_at timestamptz,
    polled_at         timestamptz,                -- last successful poll
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ingest_cursors_fullname_format CHECK (newest_fullname IS NULL OR newest_fullname ~ '^t3_[0-9a-z]+$')
);

-- Every model that has scored posts. version = content hash of the ONNX file, also stored on each
-- score row. At most one model is 'active' (served by the API); a newly activated model is
-- 'rescoring' until history has been re-scored, so no chart shows a half-re-scored week.
CREATE TABLE models (
    version        text        PRIMARY KEY,
    status         text        NOT NULL DEFAULT 'registered',
    path           text,
    card           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    registered_at  timestamptz NOT NULL DEFAULT now(),
    activated_at   timestamptz,
    CONSTRAINT models_status CHECK (status IN ('registered', 'rescoring', 'active', 'retired'))
);
CREATE UNIQUE INDEX models_single_active ON models ((true)) WHERE status = 'active';
