-- Seriousness per subreddit, per model version: hourly → daily → all time.
--
-- Each level stores count and sum, not only the mean, so that the next level rolls up exactly
-- (a mean of hourly means weights a quiet hour like a busy one: wrong).
--
-- Real-time aggregation (materialized_only = false; off by default since TimescaleDB 2.13): a query
-- unions the materialised buckets with the raw rows past the watermark, so a score is in the hourly
-- and all-time figures the moment it commits. Refreshes only move the watermark forward.
--
-- Rows written BEHIND the watermark (a backfill of old posts, a re-score of history) are recorded
-- in the invalidation log and appear at the next refresh covering them; writers of such rows call
-- refresh_continuous_aggregate on their window (see db/maintenance.ts).
CREATE MATERIALIZED VIEW subreddit_seriousness_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT
    subreddit,
    model_version,
    time_bucket(INTERVAL '1 hour', created_at) AS bucket,
    count(*)                                   AS post_count,
    sum(seriousness)                           AS seriousness_sum,
    avg(seriousness)                           AS seriousness_mean
FROM post_scores
GROUP BY subreddit, model_version, time_bucket(INTERVAL '1 hour', created_at)
WITH NO DATA;

-- Hierarchical: built from the hourly aggregate, never from raw rows.
CREATE MATERIALIZED VIEW subreddit_seriousness_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT
    subreddit,
    model_version,
    time_bucket(INTERVAL '1 day', bucket)      AS bucket,
    sum(post_count)::bigint                    AS post_count,
    sum(seriousness_sum)                       AS seriousness_sum,
    sum(seriousness_sum) / sum(post_count)     AS seriousness_mean
FROM subreddit_seriousness_hourly
GROUP BY subreddit, model_version, time_bucket(INTERVAL '1 day', bucket)
WITH NO DATA;

-- All time: a plain view over the daily aggregate (a few rows per subreddit per day).
CREATE VIEW subreddit_seriousness_all_time AS
SELECT
    subreddit,
    model_version,
    sum(post_count)::bigint                    AS post_count,
    sum(seriousness_sum)                       AS seriousness_sum,
    sum(seriousness_sum) / sum(post_count)     AS seriousness_mean,
    min(bucket)                                AS first_day,
    max(bucket)                                AS last_day
FROM subreddit_seriousness_daily
GROUP BY subreddit, model_version;

-- Refresh policies move the watermarks. start_offset NULL: a refresh also settles invalidations
-- from backfills, however old. end_offset keeps the newest hours in the real-time part, where a
-- post that took a while to be scored still shows up at once. Timescale's job scheduler runs these
-- on a server; the embedded engine has no background workers, so the app runs them (maintenance.ts).
SELECT add_continuous_aggregate_policy('subreddit_seriousness_hourly',
    start_offset      => NULL,
    end_offset        => INTERVAL '2 hours',
    schedule_interval => INTERVAL '1 minute');

SELECT add_continuous_aggregate_policy('subreddit_seriousness_daily',
    start_offset      => NULL,
    end_offset        => INTERVAL '1 day',
    schedule_interval => INTERVAL '10 minutes');
