-- Reddit posts as ingested. A hypertable on the post's creation time: the natural time axis of
-- every question asked of this data ("how serious was r/x in that hour?").
--
-- Hypertables need the time column in every unique key, hence (id, created_at): a Reddit post's
-- created_utc never changes, so the pair is as unique as the id alone.
CREATE TABLE posts (
    id            text        NOT NULL,           -- Reddit base-36 id, without the t3_ prefix
    created_at    timestamptz NOT NULL,           -- Reddit created_utc
    subreddit     text        NOT NULL,           -- as Reddit spells it (canonical case)
    author        text,                           -- null when unknown; '[deleted]' as Reddit says
    title         text        NOT NULL,
    selftext      text        NOT NULL DEFAULT '',
    url           text,
    permalink     text,
    domain        text,
    is_self       boolean     NOT NULL DEFAULT false,
    over_18       boolean     NOT NULL DEFAULT false,
    spoiler       boolean     NOT NULL DEFAULT false,
    stickied      boolean     NOT NULL DEFAULT false,
    score         integer     NOT NULL DEFAULT 0,  -- updated when the post is seen again
    num_comments  integer     NOT NULL DEFAULT 0,  -- updated when the post is seen again
    ingested_at   timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT posts_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT posts_id_format CHECK (id ~ '^[0-9a-z]{1,16}$'),
    CONSTRAINT posts_subreddit_format CHECK (subreddit ~ '^[A-Za-z0-9_]{2,21}$')
);

-- Weekly chunks: a live poller fills the newest chunk; backfills of years of history stay at a few
-- hundred chunks instead of thousands.
SELECT create_hypertable('posts', by_range('created_at', INTERVAL '7 days'));

-- "Newest posts of r/x" (the API's post list) without scanning other subreddits.
CREATE INDEX posts_subreddit_created_at_idx ON posts (lower(subreddit), created_at DESC, id DESC);
-- "Has this id been seen?" regardless of its creation time (dedupe of re-fetched listings).
CREATE INDEX posts_id_idx ON posts (id);
