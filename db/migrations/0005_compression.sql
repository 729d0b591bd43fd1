-- Columnar compression of raw rows once they are a month old (scores and comment counts of a
-- Reddit post have settled by then). Segmenting by subreddit keeps "one subreddit's posts" reads
-- cheap; the continuous aggregates keep the history whatever happens to raw rows.
ALTER TABLE posts SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'subreddit',
    timescaledb.compress_orderby = 'created_at DESC, id'
);
SELECT add_compression_policy('posts', compress_after => INTERVAL '30 days');

ALTER TABLE post_scores SET (
    timescaledb.compress,
    timescaledb.compress_segmentby = 'subreddit, model_version',
    timescaledb.compress_orderby = 'created_at DESC, post_id'
);
SELECT add_compression_policy('post_scores', compress_after => INTERVAL '30 days');
