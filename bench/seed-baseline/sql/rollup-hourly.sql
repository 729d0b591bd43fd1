-- dbt's incremental hourly model: rebuild, from the raw scores, each (subreddit, hour) that
-- received a score since the previous run started ($1). The minute of overlap catches a score
-- whose transaction began (scored_at = now()) before that run's snapshot but committed after it.
WITH touched AS (
    SELECT DISTINCT subreddit, date_trunc('hour', created_at) AS bucket
    FROM seed_scores
    WHERE scored_at >= $1::timestamptz - INTERVAL '1 minute'
)
INSERT INTO seed_hourly (subreddit, bucket, post_count, seriousness_sum, seriousness_mean, refreshed_at)
SELECT s.subreddit, t.bucket, count(*), sum(s.seriousness), avg(s.seriousness), now()
FROM touched t
JOIN seed_scores s
  ON s.subreddit = t.subreddit AND s.created_at >= t.bucket AND s.created_at < t.bucket + INTERVAL '1 hour'
GROUP BY s.subreddit, t.bucket
ON CONFLICT (subreddit, bucket) DO UPDATE SET
    post_count       = EXCLUDED.post_count,
    seriousness_sum  = EXCLUDED.seriousness_sum,
    seriousness_mean = EXCLUDED.seriousness_mean,
    refreshed_at     = EXCLUDED.refreshed_at
