-- What the Reddit poller (ingest/) needs beyond posts and ingest_cursors: a place to keep bad
-- input for inspection, and a status row per listing that the API and dashboard can show.

-- Input the poller or a backfill could not use (malformed JSON, a listing child of an unexpected
-- kind, a post missing a required field). Kept verbatim so a human can see what Reddit sent, and
-- so a fix can replay it; the poller carries on with the rest of the page.
CREATE TABLE ingest_dead_letters (
    id           bigserial   PRIMARY KEY,
    received_at  timestamptz NOT NULL DEFAULT now(),
    source       text        NOT NULL,   -- 'poll /r/all/new', 'backfill dump.zst:1234', …
    reason       text        NOT NULL,   -- 'malformed-json', 'unexpected-kind', 'invalid-post', …
    context      jsonb       NOT NULL DEFAULT '{}'::jsonb,  -- url, status, zod issues, line number…
    payload      text                    -- the offending bytes (truncated when huge)
);
CREATE INDEX ingest_dead_letters_received_at_idx ON ingest_dead_letters (received_at DESC);

-- One row per polled listing, updated after every poll (success or failure). Counters are totals
-- since the row was created; rates are derived in the view.
CREATE TABLE ingest_status (
    listing             text        PRIMARY KEY,   -- same key as ingest_cursors.listing
    mode                text        NOT NULL,      -- 'oauth' or 'public'
    last_poll_at        timestamptz,
    last_success_at     timestamptz,
    last_error          text,
    last_error_at       timestamptz,
    consecutive_errors  integer     NOT NULL DEFAULT 0,
    rate_remaining      double precision,          -- x-ratelimit-remaining as last seen
    rate_reset_at       timestamptz,               -- now + x-ratelimit-reset as last seen
    posts_last_poll     integer     NOT NULL DEFAULT 0,   -- new posts stored by the last poll
    posts_total         bigint      NOT NULL DEFAULT 0,   -- new posts stored since the row exists
    polls_total         bigint      NOT NULL DEFAULT 0,
    errors_total        bigint      NOT NULL DEFAULT 0,
    dead_letters_total  bigint      NOT NULL DEFAULT 0,
    skipped_total       bigint      NOT NULL DEFAULT 0,   -- user-profile posts left out on purpose
    -- Polls that could not reach the cursor (more new posts than Reddit lists): posts may be missing.
    gaps_total          bigint      NOT NULL DEFAULT 0,
    last_gap_at         timestamptz,
    newest_created_at   timestamptz,                      -- creation time of the newest post stored
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ingest_status_mode CHECK (mode IN ('oauth', 'public'))
);

-- Status with what is derived: lag and throughput. posts_per_minute counts rows by ingested_at,
-- restricted to posts created in the last day so the hypertable only scans its newest chunk(s)
-- (posts has no index on ingested_at; a backfill of old posts is not "live" throughput anyway).
CREATE VIEW ingest_status_view AS
WITH recent AS (
    SELECT count(*)::int AS posts_last_minute
    FROM posts
    WHERE created_at > now() - INTERVAL '1 day'
      AND ingested_at > now() - INTERVAL '1 minute'
)
SELECT
    s.listing,
    s.mode,
    s.last_poll_at,
    s.last_success_at,
    -- How far behind Reddit the newest stored post is (seconds); null before the first post.
    extract(epoch FROM now() - s.newest_created_at)::float8 AS lag_seconds,
    extract(epoch FROM now() - s.last_success_at)::float8   AS seconds_since_success,
    recent.posts_last_minute                                 AS posts_per_minute,
    s.rate_remaining,
    s.rate_reset_at,
    s.last_error,
    s.last_error_at,
    s.consecutive_errors,
    s.posts_last_poll,
    s.posts_total,
    s.polls_total,
    s.errors_total,
    s.dead_letters_total,
    s.skipped_total,
    s.gaps_total,
    s.last_gap_at,
    s.newest_created_at,
    c.newest_fullname AS cursor_fullname,
    s.updated_at
FROM ingest_status s
CROSS JOIN recent
LEFT JOIN ingest_cursors c USING (listing);
