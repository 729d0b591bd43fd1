-- The scores consumer's batched write. Idempotent: a redelivered score inserts nothing.
INSERT INTO seed_scores (post_id, created_at, subreddit, model_version, seriousness)
SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::float8[])
ON CONFLICT (post_id) DO NOTHING
