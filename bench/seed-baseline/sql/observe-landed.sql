-- The bench's view of throughput: per subreddit and hour of creation, how many posts have landed
-- with their score (the smaller of the two counts: a post counts once both rows are in).
WITH p AS (
    SELECT subreddit, date_trunc('hour', created_at) AS bucket, count(*) AS n
    FROM seed_posts WHERE created_at >= $1::timestamptz GROUP BY 1, 2
), s AS (
    SELECT subreddit, date_trunc('hour', created_at) AS bucket, count(*) AS n
    FROM seed_scores WHERE created_at >= $1::timestamptz GROUP BY 1, 2
)
SELECT p.subreddit, p.bucket, least(p.n, s.n)::int AS post_count
FROM p JOIN s USING (subreddit, bucket)
