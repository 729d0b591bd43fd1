-- Indexes for the API's reads of the continuous aggregates: "one subreddit, the served model
-- version, a range of buckets". The automatic cagg indexes are (subreddit, bucket) and
-- (model_version, bucket); without fresh statistics the planner picked the latter and filtered
-- every subreddit's rows (measured ~4x slower at 20 k posts, worse beyond).
CREATE INDEX subreddit_seriousness_hourly_lookup_idx
    ON subreddit_seriousness_hourly (subreddit, model_version, bucket DESC);
CREATE INDEX subreddit_seriousness_daily_lookup_idx
    ON subreddit_seriousness_daily (subreddit, model_version, bucket DESC);
