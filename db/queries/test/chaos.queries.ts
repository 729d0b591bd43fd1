/** Types generated for queries found in "db/queries/test/chaos.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type stringArray = (string)[];

/** 'PublishedPostAccounting' parameters type */
export interface IPublishedPostAccountingParams {
  ids: stringArray;
}

/** 'PublishedPostAccounting' return type */
export interface IPublishedPostAccountingResult {
  active_scores: number;
  dead_letters: number;
  id: string;
  stored_copies: number;
}

/** 'PublishedPostAccounting' query type */
export interface IPublishedPostAccountingQuery {
  params: IPublishedPostAccountingParams;
  result: IPublishedPostAccountingResult;
}

const publishedPostAccountingIR: any = {"usedParamSet":{"ids":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":412,"b":416},{"a":523,"b":527},{"a":748,"b":752}]}],"statement":"-- The chaos suite's invariant, per post the fake Reddit published: how many rows `posts` holds for\n-- it (must be 1), how many scores by the active model (must be 1), and how many dead letters name\n-- it (a post dead-lettered on purpose is accounted for, not lost). Posts are matched by id alone so\n-- that a second copy under another created_at would show as a duplicate.\nWITH published AS (\n    SELECT unnest(:ids!::text[]) AS id\n),\nstored AS (\n    SELECT p.id, count(*) AS copies\n    FROM posts p\n    WHERE p.id = ANY (:ids!::text[])\n    GROUP BY p.id\n),\nactive_scores AS (\n    SELECT s.post_id AS id, count(*) AS scores\n    FROM post_scores s\n    JOIN models m ON m.version = s.model_version AND m.status = 'active'\n    WHERE s.post_id = ANY (:ids!::text[])\n    GROUP BY s.post_id\n),\n-- An invalid post's dead letter keeps the whole listing child ({\"kind\":\"t3\",\"data\":{…}}); the id\n-- is in data.id, or in data.name (t3_…) when the id itself was the missing field. These payloads\n-- are JSON.stringify output, except one cut at 256 KiB (ingest/dead-letters.ts), which ends in\n-- \"…[truncated N chars]\": a whole object starts with { and ends with }. (Not pg_input_is_valid:\n-- TimescaleDB 2.23 also runs on Postgres 15, which does not have it — issue #15.)\ndead_post_letters AS (\n    SELECT coalesce(payload::jsonb -> 'data' ->> 'id',\n                    regexp_replace(payload::jsonb -> 'data' ->> 'name', '^t3_', '')) AS id\n    FROM ingest_dead_letters\n    WHERE reason = 'invalid-post' AND payload ~ '^\\{.*\\}$'\n    UNION ALL\n    -- A post the database refused is kept as the parsed post ({\"id\": …}).\n    SELECT payload::jsonb ->> 'id' AS id\n    FROM ingest_dead_letters\n    WHERE reason = 'refused-by-database' AND payload ~ '^\\{.*\\}$'\n),\ndead AS (\n    SELECT id, count(*) AS letters FROM dead_post_letters GROUP BY id\n)\nSELECT pub.id                             AS \"id!\",\n       coalesce(st.copies, 0)::int        AS \"stored_copies!\",\n       coalesce(sc.scores, 0)::int        AS \"active_scores!\",\n       coalesce(d.letters, 0)::int        AS \"dead_letters!\"\nFROM published pub\nLEFT JOIN stored st ON st.id = pub.id\nLEFT JOIN active_scores sc ON sc.id = pub.id\nLEFT JOIN dead d ON d.id = pub.id\nORDER BY pub.id"};

/**
 * Query generated from SQL:
 * ```
 * -- The chaos suite's invariant, per post the fake Reddit published: how many rows `posts` holds for
 * -- it (must be 1), how many scores by the active model (must be 1), and how many dead letters name
 * -- it (a post dead-lettered on purpose is accounted for, not lost). Posts are matched by id alone so
 * -- that a second copy under another created_at would show as a duplicate.
 * WITH published AS (
 *     SELECT unnest(:ids!::text[]) AS id
 * ),
 * stored AS (
 *     SELECT p.id, count(*) AS copies
 *     FROM posts p
 *     WHERE p.id = ANY (:ids!::text[])
 *     GROUP BY p.id
 * ),
 * active_scores AS (
 *     SELECT s.post_id AS id, count(*) AS scores
 *     FROM post_scores s
 *     JOIN models m ON m.version = s.model_version AND m.status = 'active'
 *     WHERE s.post_id = ANY (:ids!::text[])
 *     GROUP BY s.post_id
 * ),
 * -- An invalid post's dead letter keeps the whole listing child ({"kind":"t3","data":{…}}); the id
 * -- is in data.id, or in data.name (t3_…) when the id itself was the missing field. These payloads
 * -- are JSON.stringify output, except one cut at 256 KiB (ingest/dead-letters.ts), which ends in
 * -- "…[truncated N chars]": a whole object starts with { and ends with }. (Not pg_input_is_valid:
 * -- TimescaleDB 2.23 also runs on Postgres 15, which does not have it — issue #15.)
 * dead_post_letters AS (
 *     SELECT coalesce(payload::jsonb -> 'data' ->> 'id',
 *                     regexp_replace(payload::jsonb -> 'data' ->> 'name', '^t3_', '')) AS id
 *     FROM ingest_dead_letters
 *     WHERE reason = 'invalid-post' AND payload ~ '^\{.*\}$'
 *     UNION ALL
 *     -- A post the database refused is kept as the parsed post ({"id": …}).
 *     SELECT payload::jsonb ->> 'id' AS id
 *     FROM ingest_dead_letters
 *     WHERE reason = 'refused-by-database' AND payload ~ '^\{.*\}$'
 * ),
 * dead AS (
 *     SELECT id, count(*) AS letters FROM dead_post_letters GROUP BY id
 * )
 * SELECT pub.id                             AS "id!",
 *        coalesce(st.copies, 0)::int        AS "stored_copies!",
 *        coalesce(sc.scores, 0)::int        AS "active_scores!",
 *        coalesce(d.letters, 0)::int        AS "dead_letters!"
 * FROM published pub
 * LEFT JOIN stored st ON st.id = pub.id
 * LEFT JOIN active_scores sc ON sc.id = pub.id
 * LEFT JOIN dead d ON d.id = pub.id
 * ORDER BY pub.id
 * ```
 */
export const publishedPostAccounting = new PreparedQuery<IPublishedPostAccountingParams,IPublishedPostAccountingResult>(publishedPostAccountingIR);


/** 'UnpublishedStoredPosts' parameters type */
export interface IUnpublishedStoredPostsParams {
  ids: stringArray;
}

/** 'UnpublishedStoredPosts' return type */
export interface IUnpublishedStoredPostsResult {
  count: number;
}

/** 'UnpublishedStoredPosts' query type */
export interface IUnpublishedStoredPostsQuery {
  params: IUnpublishedStoredPostsParams;
  result: IUnpublishedStoredPostsResult;
}

const unpublishedStoredPostsIR: any = {"usedParamSet":{"ids":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":136,"b":140}]}],"statement":"-- Rows in `posts` that the fake Reddit never published: must be none.\nSELECT count(*)::int AS \"count!\"\nFROM posts\nWHERE NOT (id = ANY (:ids!::text[]))"};

/**
 * Query generated from SQL:
 * ```
 * -- Rows in `posts` that the fake Reddit never published: must be none.
 * SELECT count(*)::int AS "count!"
 * FROM posts
 * WHERE NOT (id = ANY (:ids!::text[]))
 * ```
 */
export const unpublishedStoredPosts = new PreparedQuery<IUnpublishedStoredPostsParams,IUnpublishedStoredPostsResult>(unpublishedStoredPostsIR);


/** 'ScoresWithoutPost' parameters type */
export type IScoresWithoutPostParams = void;

/** 'ScoresWithoutPost' return type */
export interface IScoresWithoutPostResult {
  count: number;
}

/** 'ScoresWithoutPost' query type */
export interface IScoresWithoutPostQuery {
  params: IScoresWithoutPostParams;
  result: IScoresWithoutPostResult;
}

const scoresWithoutPostIR: any = {"usedParamSet":{},"params":[],"statement":"-- Score rows whose post is not in `posts` (a score must never outlive or precede its post).\nSELECT count(*)::int AS \"count!\"\nFROM post_scores s\nWHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = s.post_id AND p.created_at = s.created_at)"};

/**
 * Query generated from SQL:
 * ```
 * -- Score rows whose post is not in `posts` (a score must never outlive or precede its post).
 * SELECT count(*)::int AS "count!"
 * FROM post_scores s
 * WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = s.post_id AND p.created_at = s.created_at)
 * ```
 */
export const scoresWithoutPost = new PreparedQuery<IScoresWithoutPostParams,IScoresWithoutPostResult>(scoresWithoutPostIR);


/** 'DeadLettersByReason' parameters type */
export type IDeadLettersByReasonParams = void;

/** 'DeadLettersByReason' return type */
export interface IDeadLettersByReasonResult {
  count: number;
  reason: string;
}

/** 'DeadLettersByReason' query type */
export interface IDeadLettersByReasonQuery {
  params: IDeadLettersByReasonParams;
  result: IDeadLettersByReasonResult;
}

const deadLettersByReasonIR: any = {"usedParamSet":{},"params":[],"statement":"-- What the app kept as bad input, by reason: each injected malformed page must show up here.\nSELECT reason AS \"reason!\", count(*)::int AS \"count!\"\nFROM ingest_dead_letters\nGROUP BY reason\nORDER BY reason"};

/**
 * Query generated from SQL:
 * ```
 * -- What the app kept as bad input, by reason: each injected malformed page must show up here.
 * SELECT reason AS "reason!", count(*)::int AS "count!"
 * FROM ingest_dead_letters
 * GROUP BY reason
 * ORDER BY reason
 * ```
 */
export const deadLettersByReason = new PreparedQuery<IDeadLettersByReasonParams,IDeadLettersByReasonResult>(deadLettersByReasonIR);


/** 'IngestGapsTotal' parameters type */
export type IIngestGapsTotalParams = void;

/** 'IngestGapsTotal' return type */
export interface IIngestGapsTotalResult {
  gaps: number;
}

/** 'IngestGapsTotal' query type */
export interface IIngestGapsTotalQuery {
  params: IIngestGapsTotalParams;
  result: IIngestGapsTotalResult;
}

const ingestGapsTotalIR: any = {"usedParamSet":{},"params":[],"statement":"-- Polls that could not reach their cursor (posts may be missing): must be none in these scenarios.\nSELECT coalesce(sum(gaps_total), 0)::int AS \"gaps!\"\nFROM ingest_status"};

/**
 * Query generated from SQL:
 * ```
 * -- Polls that could not reach their cursor (posts may be missing): must be none in these scenarios.
 * SELECT coalesce(sum(gaps_total), 0)::int AS "gaps!"
 * FROM ingest_status
 * ```
 */
export const ingestGapsTotal = new PreparedQuery<IIngestGapsTotalParams,IIngestGapsTotalResult>(ingestGapsTotalIR);


