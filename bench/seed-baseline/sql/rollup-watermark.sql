-- Where the previous run of a model started (-infinity before the first): the incremental hourly
-- model rebuilds every hour that received a score since then.
-- As text: '-infinity' survives the round trip through the driver as a parameter.
SELECT coalesce(max(started_at), '-infinity'::timestamptz)::text AS since, clock_timestamp()::text AS now
FROM seed_rollup_runs WHERE model = $1::text
