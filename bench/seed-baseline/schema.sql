-- The seed's database, reimplemented minimally on this machine's Postgres 15 (no TimescaleDB):
-- the tables its consumers write and its dbt models rebuild. Loaded by the bench into a database
-- that it recreates on every run (bench/seed-baseline/database.ts).
--
-- Plain tables with the keys the consumers need for idempotent at-least-once writes (RabbitMQ can
-- redeliver a batch whose ack was lost): a redelivered post or score inserts nothing.
CREATE TABLE seed_posts (
    id          text        PRIMARY KEY,      -- Reddit base-36 id
    created_at  timestamptz NOT NULL,
    subreddit   text        NOT NULL,
    author      text,
    title       text        NOT NULL,
    selftext    text        NOT NULL DEFAULT '',
    url         text,
    domain      text,
    is_self     boolean     NOT NULL DEFAULT false,
    score       integer     NOT NULL DEFAULT 0,
    num_comments integer    NOT NULL DEFAULT 0,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX seed_posts_subreddit_created_idx ON seed_posts (subreddit, created_at);

CREATE TABLE seed_scores (
    post_id       text             PRIMARY KEY,
    created_at    timestamptz      NOT NULL,  -- the post's creation time: hourly = posts created in that hour
    subreddit     text             NOT NULL,
    model_version text             NOT NULL,
    seriousness   double precision NOT NULL CHECK (seriousness >= 0 AND seriousness <= 1),
    scored_at     timestamptz      NOT NULL DEFAULT now()
);
-- The incremental hourly model finds the hours to rebuild from what landed since its last run.
CREATE INDEX seed_scores_scored_at_idx ON seed_scores (scored_at);
CREATE INDEX seed_scores_subreddit_created_idx ON seed_scores (subreddit, created_at);

-- dbt model 1: hourly per-subreddit rollup, rebuilt incrementally every 5 minutes.
CREATE TABLE seed_hourly (
    subreddit        text             NOT NULL,
    bucket           timestamptz      NOT NULL,
    post_count       bigint           NOT NULL,
    seriousness_sum  double precision NOT NULL,
    seriousness_mean double precision NOT NULL,
    refreshed_at     timestamptz      NOT NULL,
    PRIMARY KEY (subreddit, bucket)
);

-- dbt model 2: all-time per-subreddit figures, rebuilt once a day.
CREATE TABLE seed_all_time (
    subreddit        text             PRIMARY KEY,
    post_count       bigint           NOT NULL,
    seriousness_sum  double precision NOT NULL,
    seriousness_mean double precision NOT NULL,
    refreshed_at     timestamptz      NOT NULL
);

-- dbt's run log: when each model ran, for the incremental watermark and for the bench.
CREATE TABLE seed_rollup_runs (
    id          bigserial   PRIMARY KEY,
    model       text        NOT NULL CHECK (model IN ('hourly', 'all-time')),
    trigger     text        NOT NULL CHECK (trigger IN ('schedule', 'bench')),
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    rows        bigint      NOT NULL
);
