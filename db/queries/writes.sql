/* @name upsertPosts */
-- Batched upsert of posts (one statement per batch: single-row inserts are ~50x slower here).
-- A post seen again updates only what Reddit changes (score, comment count, flags);
-- `inserted` tells the caller which rows are new, so only those get a scoring job.
INSERT INTO posts (id, created_at, subreddit, author, title, selftext, url, permalink, domain,
                   is_self, over_18, spoiler, stickied, score, num_comments)
SELECT * FROM unnest(
    :ids!::text[], :createdAts!::timestamptz[], :subreddits!::text[], :authors!::text[], :titles!::text[],
    :selftexts!::text[], :urls!::text[], :permalinks!::text[], :domains!::text[], :isSelfs!::boolean[],
    :over18s!::boolean[], :spoilers!::boolean[], :stickieds!::boolean[], :scores!::integer[],
    :numComments!::integer[])
ON CONFLICT (id, created_at) DO UPDATE SET
    score        = EXCLUDED.score,
    num_comments = EXCLUDED.num_comments,
    over_18      = EXCLUDED.over_18,
    spoiler      = EXCLUDED.spoiler,
    stickied     = EXCLUDED.stickied,
    updated_at   = now()
RETURNING id AS "id!", created_at AS "created_at!", (xmax = 0) AS "inserted!";

/* @name insertScores */
-- Idempotent: a re-delivered scoring job inserts nothing. Returns the rows actually inserted.
INSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)
SELECT * FROM unnest(:postIds!::text[], :createdAts!::timestamptz[], :subreddits!::text[],
                     :modelVersions!::text[], :seriousness!::float8[])
ON CONFLICT (post_id, created_at, model_version) DO NOTHING
RETURNING post_id AS "post_id!";
