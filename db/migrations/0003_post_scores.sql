-- One seriousness score per (post, model version). A hypertable on the POST's creation time, not
-- the scoring time, so that "hourly seriousness" means "posts created in that hour" and a re-score
-- by a new model lands in the same buckets as the original.
--
-- subreddit is copied from the post: a continuous aggregate reads one hypertable, and this is the
-- column it groups by.
CREATE TABLE post_scores (
    post_id        text             NOT NULL,
    created_at     timestamptz      NOT NULL,     -- the post's created_at
    subreddit      text             NOT NULL,
    model_version  text             NOT NULL,     -- content hash of the ONNX model
    seriousness    double precision NOT NULL,
    scored_at      timestamptz      NOT NULL DEFAULT now(),
    -- The natural key: inserts are ON CONFLICT DO NOTHING, so pg-boss re-deliveries change nothing.
    CONSTRAINT post_scores_pkey PRIMARY KEY (post_id, created_at, model_version),
    CONSTRAINT post_scores_seriousness_range CHECK (seriousness >= 0 AND seriousness <= 1)
);

SELECT create_hypertable('post_scores', by_range('created_at', INTERVAL '7 days'));

CREATE INDEX post_scores_subreddit_idx ON post_scores (subreddit, model_version, created_at DESC);
