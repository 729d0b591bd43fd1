-- The posts consumer's batched write: one statement per batch (unnest of arrays, as ours does).
-- Idempotent: a redelivered message inserts nothing.
INSERT INTO seed_posts (id, created_at, subreddit, author, title, selftext, url, domain, is_self, score, num_comments)
SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::text[], $9::boolean[], $10::integer[], $11::integer[])
ON CONFLICT (id) DO NOTHING
