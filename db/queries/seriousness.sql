/* @name hourlySeriousness */
-- One subreddit's hourly figures for one model version in [from, to), from the continuous aggregate.
SELECT
    bucket                         AS "bucket!",
    post_count::int                AS "post_count!",
    seriousness_sum::float8        AS "seriousness_sum!",
    seriousness_mean::float8       AS "seriousness_mean!"
FROM subreddit_seriousness_hourly
WHERE subreddit = :subreddit!
  AND model_version = :modelVersion!
  AND bucket >= :from!
  AND bucket < :to!
ORDER BY bucket;

/* @name allTimeSeriousness */
-- Every subreddit's all-time figures for one model version.
SELECT
    subreddit                      AS "subreddit!",
    post_count::int                AS "post_count!",
    seriousness_sum::float8        AS "seriousness_sum!",
    seriousness_mean::float8       AS "seriousness_mean!",
    first_day                      AS "first_day!",
    last_day                       AS "last_day!"
FROM subreddit_seriousness_all_time
WHERE model_version = :modelVersion!
ORDER BY subreddit;
