/* @name startBackfillFile */
-- Records a file as being loaded; a file started before keeps its progress (and a re-read of a
-- finished one starts over only when the caller says so with `restart`).
INSERT INTO backfill_files (file_key, path, size_bytes)
VALUES (:fileKey!, :path!, :sizeBytes!)
ON CONFLICT (file_key) DO UPDATE SET
    path         = EXCLUDED.path,
    lines_done   = CASE WHEN :restart!::boolean THEN 0 ELSE backfill_files.lines_done END,
    posts_done   = CASE WHEN :restart!::boolean THEN 0 ELSE backfill_files.posts_done END,
    finished_at  = CASE WHEN :restart!::boolean THEN NULL ELSE backfill_files.finished_at END,
    updated_at   = now()
RETURNING lines_done AS "lines_done!", finished_at;

/* @name advanceBackfillFile */
-- Committed with the posts and scores of those lines: a re-run continues after `linesDone`.
UPDATE backfill_files
SET lines_done  = :linesDone!,
    posts_done  = posts_done + :posts!::bigint,
    window_from = least(window_from, :windowFrom::timestamptz),
    window_to   = greatest(window_to, :windowTo::timestamptz),
    refreshed_at = CASE WHEN :windowFrom::timestamptz IS NULL THEN refreshed_at ELSE NULL END,
    finished_at = CASE WHEN :finished!::boolean THEN now() ELSE NULL END,
    updated_at  = now()
WHERE file_key = :fileKey!;

/* @name unrefreshedBackfillWindow */
-- The created_at range of everything backfilled (by any run, finished or not) that the aggregates
-- have not been refreshed over since.
SELECT min(window_from) AS window_from, max(window_to) AS window_to,
       coalesce(array_agg(file_key), '{}') AS "file_keys!", now() AS "as_of!"
FROM backfill_files
WHERE refreshed_at IS NULL AND window_from IS NOT NULL;

/* @name markBackfillRefreshed */
UPDATE backfill_files SET refreshed_at = now()
WHERE file_key = ANY(:fileKeys!::text[]) AND updated_at <= :asOf!::timestamptz;

/* @name decompressChunksBetween */
-- A bulk writer about to write into [from, to] (migration 0011 says why it decompresses first).
SELECT decompress_chunks_between(:from!::timestamptz, :to!::timestamptz) AS "decompressed!";
