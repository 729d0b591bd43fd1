/* @name publishedPostAccounting */
-- The chaos suite's invariant, per post the fake Reddit published: how many rows `posts` holds for
-- it (must be 1), how many scores by the active model (must be 1), and how many dead letters name
-- it (a post dead-lettered on purpose is accounted for, not lost). Posts are matched by id alone so
-- that a second copy under another created_at would show as a duplicate.
WITH published AS (
    SELECT unnest(:ids!::text[]) AS id
),
stored AS (
    SELECT p.id, count(*) AS copies
    FROM posts p
    WHERE p.id = ANY (:ids!::text[])
    GROUP BY p.id
),
active_scores AS (
    SELECT s.post_id AS id, count(*) AS scores
    FROM post_scores s
    JOIN models m ON m.version = s.model_version AND m.status = 'active'
    WHERE s.post_id = ANY (:ids!::text[])
    GROUP BY s.post_id
),
-- An invalid post's dead letter keeps the whole listing child ({"kind":"t3","data":{…}}); the id
-- is in data.id, or in data.name (t3_…) when the id itself was the missing field. These payloads
-- are JSON.stringify output, except one cut at 256 KiB (ingest/dead-letters.ts), which ends in
-- "…[truncated N chars]": a whole object starts with { and ends with }. (Not pg_input_is_valid:
-- TimescaleDB 2.23 also runs on Postgres 15, which does not have it — issue #15.)
dead_post_letters AS (
    SELECT coalesce(payload::jsonb -> 'data' ->> 'id',
                    regexp_replace(payload::jsonb -> 'data' ->> 'name', '^t3_', '')) AS id
    FROM ingest_dead_letters
    WHERE reason = 'invalid-post' AND payload ~ '^\{.*\}$'
    UNION ALL
    -- A post the database refused is kept as the parsed post ({"id": …}).
    SELECT payload::jsonb ->> 'id' AS id
    FROM ingest_dead_letters
    WHERE reason = 'refused-by-database' AND payload ~ '^\{.*\}$'
),
dead AS (
    SELECT id, count(*) AS letters FROM dead_post_letters GROUP BY id
)
SELECT pub.id                             AS "id!",
       coalesce(st.copies, 0)::int        AS "stored_copies!",
       coalesce(sc.scores, 0)::int        AS "active_scores!",
       coalesce(d.letters, 0)::int        AS "dead_letters!"
FROM published pub
LEFT JOIN stored st ON st.id = pub.id
LEFT JOIN active_scores sc ON sc.id = pub.id
LEFT JOIN dead d ON d.id = pub.id
ORDER BY pub.id;

/* @name unpublishedStoredPosts */
-- Rows in `posts` that the fake Reddit never published: must be none.
SELECT count(*)::int AS "count!"
FROM posts
WHERE NOT (id = ANY (:ids!::text[]));

/* @name scoresWithoutPost */
-- Score rows whose post is not in `posts` (a score must never outlive or precede its post).
SELECT count(*)::int AS "count!"
FROM post_scores s
WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = s.post_id AND p.created_at = s.created_at);

/* @name deadLettersByReason */
-- What the app kept as bad input, by reason: each injected malformed page must show up here.
SELECT reason AS "reason!", count(*)::int AS "count!"
FROM ingest_dead_letters
GROUP BY reason
ORDER BY reason;

/* @name ingestGapsTotal */
-- Polls that could not reach their cursor (posts may be missing): must be none in these scenarios.
SELECT coalesce(sum(gaps_total), 0)::int AS "gaps!"
FROM ingest_status;
