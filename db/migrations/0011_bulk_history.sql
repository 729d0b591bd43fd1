-- Bulk history (#13): what a backfill has loaded, file by file, so that a killed one continues
-- where it stopped; and a compression rule that never compresses history still being written.

-- One row per dump file a backfill has read from. A file is known by its content (size and a
-- hash of its head), not its path, so a moved or renamed dump is still the same file. lines_done
-- commits in the same transaction as the posts and scores of those lines: a re-run starts after it.
CREATE TABLE backfill_files (
    file_key     text        PRIMARY KEY,
    path         text        NOT NULL,       -- as last given (for people reading the table)
    size_bytes   bigint      NOT NULL,
    lines_done   bigint      NOT NULL DEFAULT 0,
    posts_done   bigint      NOT NULL DEFAULT 0,
    -- The created_at range of the posts written from this file: the aggregates' window to refresh.
    window_from  timestamptz,
    window_to    timestamptz,
    started_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,                -- read to its end
    refreshed_at timestamptz                 -- its window refreshed in the aggregates since then
);

-- Compression, settled history only. Timescale's policy compresses every chunk past its age, even
-- one whose posts are not yet scored or that a backfill is still writing into: every later write
-- into it then decompresses a segment per statement (a backfill scored 4 posts/s that way). A
-- chunk is compressed here only when it is old enough AND settled: no post in its range was stored
-- in the last `quiet`, and every post in it has a score from the active model and from a model
-- being re-scored to. Writers that must touch a compressed range anyway (a backfill of a month
-- already compressed, a re-score of history) decompress it first, whole (decompress_chunks_between),
-- and this job compresses it again once it has settled.
SELECT remove_compression_policy('posts');
SELECT remove_compression_policy('post_scores');

CREATE FUNCTION history_settled(range_from timestamptz, range_to timestamptz, quiet interval)
RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM models WHERE status = 'active')
       AND NOT EXISTS (
           SELECT 1
           FROM posts p
           WHERE p.created_at >= range_from AND p.created_at < range_to
             AND (p.ingested_at > now() - quiet
                  OR EXISTS (
                      SELECT 1 FROM models m
                      WHERE m.status IN ('active', 'rescoring')
                        AND NOT EXISTS (
                            SELECT 1 FROM post_scores s
                            WHERE s.post_id = p.id AND s.created_at = p.created_at
                              AND s.model_version = m.version))))
$$;

-- A TimescaleDB job (add_job below): the background scheduler runs it on a server, the app's
-- maintenance loop (db/maintenance.ts) in the embedded engine. One chunk per transaction.
CREATE PROCEDURE compress_settled_chunks(job_id integer, config jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    compress_after interval := coalesce((config ->> 'compress_after')::interval, INTERVAL '30 days');
    quiet interval := coalesce((config ->> 'quiet')::interval, INTERVAL '1 hour');
    candidate record;
BEGIN
    FOR candidate IN
        SELECT format('%I.%I', c.chunk_schema, c.chunk_name)::regclass AS chunk, c.range_start, c.range_end
        FROM timescaledb_information.chunks c
        WHERE c.hypertable_schema = 'public'
          AND c.hypertable_name IN ('posts', 'post_scores')
          AND NOT c.is_compressed
          AND c.range_end < now() - compress_after
        ORDER BY c.range_start, c.hypertable_name
    LOOP
        IF history_settled(candidate.range_start, candidate.range_end, quiet) THEN
            PERFORM compress_chunk(candidate.chunk, if_not_compressed => true);
        END IF;
        COMMIT;
    END LOOP;
END
$$;

SELECT add_job('compress_settled_chunks', INTERVAL '1 hour',
               config => '{"compress_after": "30 days", "quiet": "1 hour"}');

-- Decompresses, whole, every compressed chunk of posts and post_scores overlapping
-- [range_from, range_to]: a bulk writer calls it before writing there, so that its statements find
-- plain rows rather than decompressing a segment each. Returns how many it decompressed.
CREATE FUNCTION decompress_chunks_between(range_from timestamptz, range_to timestamptz)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    candidate record;
    n integer := 0;
BEGIN
    -- The common case, cheaply: nothing is compressed at all (the view below costs ~20 ms a call).
    IF NOT EXISTS (SELECT 1 FROM _timescaledb_catalog.chunk WHERE compressed_chunk_id IS NOT NULL) THEN
        RETURN 0;
    END IF;
    FOR candidate IN
        SELECT format('%I.%I', c.chunk_schema, c.chunk_name)::regclass AS chunk
        FROM timescaledb_information.chunks c
        WHERE c.hypertable_schema = 'public'
          AND c.hypertable_name IN ('posts', 'post_scores')
          AND c.is_compressed
          AND c.range_end > range_from AND c.range_start <= range_to
    LOOP
        PERFORM decompress_chunk(candidate.chunk, if_compressed => true);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
