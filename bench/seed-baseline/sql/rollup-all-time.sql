-- dbt's daily all-time model: a full rebuild from the raw scores (the freshest the seed could do).
INSERT INTO seed_all_time (subreddit, post_count, seriousness_sum, seriousness_mean, refreshed_at)
SELECT subreddit, count(*), sum(seriousness), avg(seriousness), now()
FROM seed_scores
GROUP BY subreddit
ON CONFLICT (subreddit) DO UPDATE SET
    post_count       = EXCLUDED.post_count,
    seriousness_sum  = EXCLUDED.seriousness_sum,
    seriousness_mean = EXCLUDED.seriousness_mean,
    refreshed_at     = EXCLUDED.refreshed_at
