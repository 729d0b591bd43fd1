/* @name postsToScore */
-- The posts behind a batch of scoring jobs (jobs carry the post's key, not its text).
SELECT
    p.id          AS "id!",
    p.created_at  AS "created_at!",
    p.subreddit   AS "subreddit!",
    p.title       AS "title!",
    p.selftext    AS "selftext!",
    p.is_self     AS "is_self!",
    p.domain
FROM posts p
JOIN unnest(:ids!::text[], :createdAts!::timestamptz[]) AS k(id, created_at)
  ON p.id = k.id AND p.created_at = k.created_at;

/* @name modelsInPlay */
-- The models new posts must be scored with: the active one, and the one history is being
-- re-scored to (so that it is complete when it takes over).
SELECT version AS "version!", status AS "status!"
FROM models
WHERE status IN ('active', 'rescoring')
ORDER BY status;

/* @name modelBytes */
SELECT onnx AS "onnx!" FROM models WHERE version = :version! AND onnx IS NOT NULL;

/* @name registerModel */
-- Idempotent: registering the same file twice is a no-op (version = content hash).
INSERT INTO models (version, status, path, card, onnx)
VALUES (:version!, 'registered', :path!, :card!::jsonb, :onnx!)
ON CONFLICT (version) DO NOTHING
RETURNING version AS "version!";

/* @name modelByVersion */
SELECT version AS "version!", status AS "status!", path, registered_at AS "registered_at!",
       activated_at, rescore_started_at, rescore_finished_at, rescore_total, rescore_done AS "rescore_done!"
FROM models
WHERE version = :version! OR (length(:version!) BETWEEN 8 AND 63 AND version LIKE :version! || '%');

/* @name activeModelVersion */
SELECT version AS "version!" FROM models WHERE status = 'active';

/* @name supersedeRescoring */
-- A newer activation wins over one still re-scoring; its partial scores stay (idempotent inserts).
UPDATE models SET status = 'registered' WHERE status = 'rescoring' AND version <> :version!;

/* @name makeActive */
-- The first model of a database becomes active at once: there is no history to re-score. Every
-- answer named the model served before: announced on the data-changes channel (delivered at COMMIT).
WITH made AS (
    UPDATE models SET status = 'active', activated_at = now()
    WHERE version = :version! AND status <> 'active'
    RETURNING version
)
SELECT count(pg_notify('seriousness_data_changed', '*')) AS "announced!" FROM made;

/* @name startRescoring */
UPDATE models
SET status = 'rescoring',
    rescore_started_at = now(),
    rescore_finished_at = NULL,
    rescore_total = (SELECT count(*)::int FROM posts),
    rescore_done = 0,
    rescore_cursor_created_at = NULL,
    rescore_cursor_id = NULL
WHERE version = :version! AND status IN ('registered', 'retired');

/* @name rescoringModel */
SELECT version AS "version!", rescore_started_at AS "rescore_started_at!", rescore_total,
       rescore_done AS "rescore_done!", rescore_cursor_created_at, rescore_cursor_id
FROM models
WHERE status = 'rescoring';

/* @name nextRescoreChunk */
-- Newest first, strictly older than the cursor (infinity before the first chunk).
SELECT
    id          AS "id!",
    created_at  AS "created_at!",
    subreddit   AS "subreddit!",
    title       AS "title!",
    selftext    AS "selftext!",
    is_self     AS "is_self!",
    domain
FROM posts
WHERE (created_at, id) < (coalesce(:cursorCreatedAt::timestamptz, 'infinity'::timestamptz), coalesce(:cursorId::text, ''))
ORDER BY created_at DESC, id DESC
LIMIT :limit!;

/* @name advanceRescoring */
-- No row back: the re-score was superseded (another model activated) and its walk must stop.
UPDATE models
SET rescore_done = rescore_done + :done!::int,
    rescore_cursor_created_at = :cursorCreatedAt!,
    rescore_cursor_id = :cursorId!
WHERE version = :version! AND status = 'rescoring'
RETURNING version AS "version!";

/* @name postsMissingScore */
-- The final sweep of a re-score: posts stored since it started that no scorer scored with the new
-- model (a worker that had not yet seen the activation). Bounded by ingested_at, not created_at,
-- because a backfill can store old posts late.
SELECT
    p.id          AS "id!",
    p.created_at  AS "created_at!",
    p.subreddit   AS "subreddit!",
    p.title       AS "title!",
    p.selftext    AS "selftext!",
    p.is_self     AS "is_self!",
    p.domain
FROM posts p
WHERE p.ingested_at >= :since!::timestamptz
  AND NOT EXISTS (
      SELECT 1 FROM post_scores s
      WHERE s.post_id = p.id AND s.created_at = p.created_at AND s.model_version = :version!
  )
LIMIT :limit!;

/* @name oldestPostCreatedAt */
SELECT min(created_at) AS oldest FROM posts;

/* @name retireActive */
UPDATE models SET status = 'retired' WHERE status = 'active' AND version <> :version!;

/* @name finishRescoring */
-- The re-scored model becomes the one served: announced like makeActive.
WITH made AS (
    UPDATE models
    SET status = 'active', activated_at = now(), rescore_finished_at = now()
    WHERE version = :version! AND status = 'rescoring'
    RETURNING version
)
SELECT count(pg_notify('seriousness_data_changed', '*')) AS "announced!" FROM made;

/* @name scorerStatus */
SELECT active_model, active_since, rescoring_model, rescore_started_at, rescore_done, rescore_total,
       scored_last_minute AS "scored_last_minute!", lag_p50_seconds, lag_max_seconds
FROM scorer_status_view;


/* @name postById */
SELECT
    id          AS "id!",
    created_at  AS "created_at!",
    subreddit   AS "subreddit!",
    title       AS "title!",
    selftext    AS "selftext!",
    is_self     AS "is_self!",
    domain
FROM posts
WHERE id = :id!
ORDER BY created_at DESC
LIMIT 1;

/* @name claimedScoreJobs */
-- Jobs of a queue that a scorer claimed and has not finished (pg-boss's own table: its state
-- 'active'). The embedded scorer reads them at start: only one process opens an embedded data
-- directory, so any it finds were claimed by a process that died mid-batch.
SELECT id::text AS "id!" FROM pgboss.job WHERE name = :queue! AND state = 'active';
