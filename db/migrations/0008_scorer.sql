-- What the scorer (scorer/) needs: the model files themselves, re-scoring progress, and a status
-- view for the API and dashboard.

-- The ONNX bytes of every registered model live in the database, so any version — the active one,
-- the one being re-scored to, an old one to roll back to — can be loaded by every scorer process,
-- whatever their working trees hold. Models are a few MB.
ALTER TABLE models ADD COLUMN onnx bytea;

-- Re-scoring history with a newly activated model walks posts newest first, in chunks; the cursor
-- is the (created_at, id) of the last post done, so a restart resumes where it stopped.
ALTER TABLE models
    ADD COLUMN rescore_started_at        timestamptz,
    ADD COLUMN rescore_finished_at       timestamptz,
    ADD COLUMN rescore_total             integer,
    ADD COLUMN rescore_done              integer NOT NULL DEFAULT 0,
    ADD COLUMN rescore_cursor_created_at timestamptz,
    ADD COLUMN rescore_cursor_id         text;

-- At most one model is being re-scored to at a time (a newer activation supersedes it).
CREATE UNIQUE INDEX models_single_rescoring ON models ((true)) WHERE status = 'rescoring';

-- Scoring throughput and ingest → score lag over the last minute, with the models in play.
-- Restricted to posts created in the last day so only the newest chunks are read.
CREATE VIEW scorer_status_view AS
WITH recent AS (
    SELECT
        count(*)::int AS scored_last_minute,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.scored_at - p.ingested_at)))::float8
            AS lag_p50_seconds,
        max(extract(epoch FROM s.scored_at - p.ingested_at))::float8 AS lag_max_seconds
    FROM post_scores s
    JOIN posts p ON p.id = s.post_id AND p.created_at = s.created_at
    WHERE s.created_at > now() - INTERVAL '1 day'
      AND p.created_at > now() - INTERVAL '1 day'
      AND s.scored_at > now() - INTERVAL '1 minute'
)
SELECT
    active.version                 AS active_model,
    active.activated_at            AS active_since,
    rescoring.version              AS rescoring_model,
    rescoring.rescore_started_at,
    rescoring.rescore_done,
    rescoring.rescore_total,
    recent.scored_last_minute,
    recent.lag_p50_seconds,
    recent.lag_max_seconds
FROM recent
LEFT JOIN models active ON active.status = 'active'
LEFT JOIN models rescoring ON rescoring.status = 'rescoring';
