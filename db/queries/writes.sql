/* @name upsertPosts */
-- Batched upsert of posts (one statement per batch: single-row inserts are ~50x slower here).
-- A post seen again updates only what Reddit changes (score, comment count, flags);
-- `inserted` tells the caller which rows are new, so only those get a scoring job.
-- The statement announces the subreddits it wrote on the data-changes channel
-- (db/engine/data-changes.ts: `posts:<names>`), delivered at its commit; `*` when the list would
-- be too long.
WITH written AS (
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
RETURNING id, created_at, subreddit, (xmax = 0) AS inserted
), announced AS (
    SELECT count(pg_notify('seriousness_data_changed',
                           CASE WHEN length(names) > 7900 THEN '*' ELSE 'posts:' || names END)) AS sent
    FROM (SELECT string_agg(DISTINCT subreddit, ',') AS names FROM written) w
    WHERE names IS NOT NULL
)
-- The scalar subquery makes `announced` run (a CTE nobody reads is never run).
SELECT id AS "id!", created_at AS "created_at!", inserted AS "inserted!"
FROM written
WHERE (SELECT sent FROM announced) >= 0;

/* @name insertScores */
-- Idempotent: a re-delivered scoring job inserts nothing. Returns the rows actually inserted, and
-- announces their subreddits on the data-changes channel like upsertPosts (`scores:<names>`;
-- nothing when none was new).
WITH written AS (
INSERT INTO post_scores (post_id, created_at, subreddit, model_version, seriousness)
SELECT * FROM unnest(:postIds!::text[], :createdAts!::timestamptz[], :subreddits!::text[],
                     :modelVersions!::text[], :seriousness!::float8[])
ON CONFLICT (post_id, created_at, model_version) DO NOTHING
RETURNING post_id, subreddit
), announced AS (
    SELECT count(pg_notify('seriousness_data_changed',
                           CASE WHEN length(names) > 7900 THEN '*' ELSE 'scores:' || names END)) AS sent
    FROM (SELECT string_agg(DISTINCT subreddit, ',') AS names FROM written) w
    WHERE names IS NOT NULL
)
SELECT post_id AS "post_id!" FROM written WHERE (SELECT sent FROM announced) >= 0;
