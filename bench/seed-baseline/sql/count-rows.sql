-- The loss check: rows in each table, and what the hourly rollup counts.
SELECT (SELECT count(*) FROM seed_posts)::int                            AS posts,
       (SELECT count(DISTINCT id) FROM seed_posts)::int                  AS distinct_posts,
       (SELECT count(*) FROM seed_scores)::int                           AS scores,
       (SELECT coalesce(sum(post_count), 0) FROM seed_hourly)::int       AS hourly_sum
