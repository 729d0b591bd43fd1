INSERT INTO seed_rollup_runs (model, trigger, started_at, finished_at, rows)
VALUES ($1::text, $2::text, $3::timestamptz, clock_timestamp(), $4::bigint)
