/* @name getCursor */
-- Where the poller of one listing stopped: the newest post it has stored (fullname and time).
SELECT newest_fullname, newest_created_at, polled_at
FROM ingest_cursors
WHERE listing = :listing!;

/* @name saveCursor */
-- Moves a listing's cursor forward, never back: a late or replayed write cannot rewind it.
INSERT INTO ingest_cursors (listing, newest_fullname, newest_created_at, polled_at, updated_at)
VALUES (:listing!, :fullname!, :createdAt!::timestamptz, now(), now())
ON CONFLICT (listing) DO UPDATE SET
    newest_fullname   = CASE WHEN ingest_cursors.newest_created_at IS NULL
                               OR EXCLUDED.newest_created_at >= ingest_cursors.newest_created_at
                             THEN EXCLUDED.newest_fullname ELSE ingest_cursors.newest_fullname END,
    newest_created_at = greatest(ingest_cursors.newest_created_at, EXCLUDED.newest_created_at),
    polled_at         = now(),
    updated_at        = now();

/* @name insertDeadLetters */
-- Bad input kept for inspection, one statement per batch. contexts are JSON texts.
INSERT INTO ingest_dead_letters (source, reason, context, payload)
SELECT source, reason, context::jsonb, payload
FROM unnest(:sources!::text[], :reasons!::text[], :contexts!::text[], :payloads!::text[])
    AS d(source, reason, context, payload);

/* @name recentDeadLetters */
SELECT id AS "id!", received_at AS "received_at!", source AS "source!", reason AS "reason!",
       context AS "context!", payload
FROM ingest_dead_letters
ORDER BY id DESC
LIMIT :limit!;

/* @name recordPollSuccess */
-- After a poll that stored its pages: counters move, the error streak ends.
INSERT INTO ingest_status (listing, mode, last_poll_at, last_success_at, consecutive_errors,
                           rate_remaining, rate_reset_at, posts_last_poll, posts_total, polls_total,
                           dead_letters_total, skipped_total, gaps_total, last_gap_at,
                           newest_created_at, updated_at)
VALUES (:listing!, :mode!, now(), now(), 0, :rateRemaining::float8, :rateResetAt::timestamptz,
        :postsNew!::int, :postsNew!::int, 1, :deadLetters!::int, :skipped!::int, :gaps!::int,
        CASE WHEN :gaps!::int > 0 THEN now() END, :newestCreatedAt::timestamptz, now())
ON CONFLICT (listing) DO UPDATE SET
    mode               = EXCLUDED.mode,
    last_poll_at       = now(),
    last_success_at    = now(),
    consecutive_errors = 0,
    rate_remaining     = coalesce(EXCLUDED.rate_remaining, ingest_status.rate_remaining),
    rate_reset_at      = coalesce(EXCLUDED.rate_reset_at, ingest_status.rate_reset_at),
    posts_last_poll    = EXCLUDED.posts_last_poll,
    posts_total        = ingest_status.posts_total + EXCLUDED.posts_last_poll,
    polls_total        = ingest_status.polls_total + 1,
    dead_letters_total = ingest_status.dead_letters_total + EXCLUDED.dead_letters_total,
    skipped_total      = ingest_status.skipped_total + EXCLUDED.skipped_total,
    gaps_total         = ingest_status.gaps_total + EXCLUDED.gaps_total,
    last_gap_at        = coalesce(EXCLUDED.last_gap_at, ingest_status.last_gap_at),
    newest_created_at  = greatest(ingest_status.newest_created_at, EXCLUDED.newest_created_at),
    updated_at         = now();

/* @name recordPollError */
-- After a poll that failed (Reddit unreachable, 5xx after retries, database error…).
INSERT INTO ingest_status (listing, mode, last_poll_at, last_error, last_error_at, consecutive_errors,
                           rate_remaining, rate_reset_at, polls_total, errors_total,
                           dead_letters_total, updated_at)
VALUES (:listing!, :mode!, now(), :error!, now(), 1, :rateRemaining::float8, :rateResetAt::timestamptz,
        1, 1, :deadLetters!::int, now())
ON CONFLICT (listing) DO UPDATE SET
    mode               = EXCLUDED.mode,
    last_poll_at       = now(),
    last_error         = EXCLUDED.last_error,
    last_error_at      = now(),
    consecutive_errors = ingest_status.consecutive_errors + 1,
    rate_remaining     = coalesce(EXCLUDED.rate_remaining, ingest_status.rate_remaining),
    rate_reset_at      = coalesce(EXCLUDED.rate_reset_at, ingest_status.rate_reset_at),
    polls_total        = ingest_status.polls_total + 1,
    errors_total       = ingest_status.errors_total + 1,
    dead_letters_total = ingest_status.dead_letters_total + EXCLUDED.dead_letters_total,
    updated_at         = now();

/* @name ingestStatus */
-- What the API and dashboard show about ingestion, one row per polled listing.
SELECT listing AS "listing!", mode AS "mode!", last_poll_at, last_success_at, lag_seconds,
       seconds_since_success, posts_per_minute AS "posts_per_minute!", rate_remaining, rate_reset_at,
       last_error, last_error_at, consecutive_errors AS "consecutive_errors!",
       posts_last_poll AS "posts_last_poll!", posts_total::float8 AS "posts_total!",
       polls_total::float8 AS "polls_total!", errors_total::float8 AS "errors_total!",
       dead_letters_total::float8 AS "dead_letters_total!", skipped_total::float8 AS "skipped_total!",
       gaps_total::float8 AS "gaps_total!", last_gap_at,
       newest_created_at, cursor_fullname,
       updated_at AS "updated_at!"
FROM ingest_status_view
ORDER BY listing;

/* @name postsOfSubreddit */
-- The stored posts of one subreddit (tests and tools: "did every post arrive exactly once?").
SELECT id AS "id!", created_at AS "created_at!", title AS "title!", score AS "score!",
       num_comments AS "num_comments!", ingested_at AS "ingested_at!", updated_at AS "updated_at!"
FROM posts
WHERE subreddit = :subreddit!
ORDER BY created_at, id;
