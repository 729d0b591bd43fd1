-- compress_settled_chunks (migration 0011), cheap enough to run beside the app.
--
-- history_settled() took the range as parameters: its plan spanned every chunk of posts and
-- post_scores, so each call opened all of them — with the ~1,600 chunks of the shared corpus
-- (2007–2024) one run of the job held the embedded engine for over 3 minutes. Now the check is
-- built with the range as literals, so each call plans and reads the one chunk in question; the
-- job checks chunks in random order and stops after `max_runtime` (default 500 ms: the embedded
-- engine serves nothing else while it runs), every 5 minutes, so that every chunk is reached in
-- time however many there are, and no run holds readers up for long.
CREATE OR REPLACE FUNCTION history_settled(range_from timestamptz, range_to timestamptz, quiet interval)
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    settled boolean;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM models WHERE status = 'active') THEN
        RETURN false;
    END IF;
    EXECUTE format($check$
        SELECT NOT EXISTS (
            SELECT 1
            FROM posts p
            CROSS JOIN (SELECT version FROM models WHERE status IN ('active', 'rescoring')) m
            WHERE p.created_at >= %1$L AND p.created_at < %2$L
              AND (p.ingested_at > now() - %3$L::interval
                   OR NOT EXISTS (
                       SELECT 1 FROM post_scores s
                       WHERE s.created_at >= %1$L AND s.created_at < %2$L
                         AND s.post_id = p.id AND s.created_at = p.created_at
                         AND s.model_version = m.version)))
        $check$, range_from, range_to, quiet)
    INTO settled;
    RETURN settled;
END
$$;

CREATE OR REPLACE PROCEDURE compress_settled_chunks(job_id integer, config jsonb)
LANGUAGE plpgsql AS $$
DECLARE
    compress_after interval := coalesce((config ->> 'compress_after')::interval, INTERVAL '30 days');
    quiet interval := coalesce((config ->> 'quiet')::interval, INTERVAL '1 hour');
    max_runtime interval := coalesce((config ->> 'max_runtime')::interval, INTERVAL '500 milliseconds');
    started timestamptz := clock_timestamp();
    candidate record;
BEGIN
    FOR candidate IN
        SELECT format('%I.%I', c.chunk_schema, c.chunk_name)::regclass AS chunk, c.range_start, c.range_end
        FROM timescaledb_information.chunks c
        WHERE c.hypertable_schema = 'public'
          AND c.hypertable_name IN ('posts', 'post_scores')
          AND NOT c.is_compressed
          AND c.range_end < now() - compress_after
        ORDER BY random()
    LOOP
        EXIT WHEN clock_timestamp() - started > max_runtime;
        IF history_settled(candidate.range_start, candidate.range_end, quiet) THEN
            PERFORM compress_chunk(candidate.chunk, if_not_compressed => true);
            COMMIT;
        END IF;
    END LOOP;
END
$$;

SELECT alter_job(job_id, schedule_interval => INTERVAL '5 minutes',
                 config => config || '{"max_runtime": "500 milliseconds"}'::jsonb)
FROM timescaledb_information.jobs
WHERE proc_name = 'compress_settled_chunks';
