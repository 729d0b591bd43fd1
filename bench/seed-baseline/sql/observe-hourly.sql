-- The bench's view of freshness: what the hourly rollup table says now (hours from $1 on).
SELECT subreddit, bucket, post_count::int AS post_count FROM seed_hourly WHERE bucket >= $1::timestamptz
