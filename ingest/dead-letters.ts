// Bad input is kept, not dropped: each rejected page or child goes to `ingest_dead_letters` with
// where it came from, why it was rejected and the bytes themselves, in one statement per batch.
import type { Queryable } from '../db/engine/types.ts';
import { insertDeadLetters } from '../db/queries/ingest.queries.ts';

export interface DeadLetter {
  /** Where it came from: 'poll /r/all/new', 'backfill dump.zst:1234'. */
  source: string;
  /** A short machine-readable reason: 'malformed-json', 'unexpected-kind', 'invalid-post', … */
  reason: string;
  /** Anything that helps a human: URL, HTTP status, validation issues, line number. */
  context: Record<string, unknown>;
  payload: string;
}

/** Huge payloads (a whole malformed page) are cut: enough to see what went wrong. */
export const MAX_PAYLOAD_CHARS = 256 * 1024;

export async function storeDeadLetters(db: Queryable, letters: readonly DeadLetter[]): Promise<void> {
  if (letters.length === 0) return;
  await insertDeadLetters.run(
    {
      sources: letters.map((l) => l.source),
      reasons: letters.map((l) => l.reason),
      contexts: letters.map((l) => JSON.stringify(l.context)),
      payloads: letters.map((l) =>
        l.payload.length > MAX_PAYLOAD_CHARS
          ? `${l.payload.slice(0, MAX_PAYLOAD_CHARS)}…[truncated ${l.payload.length - MAX_PAYLOAD_CHARS} chars]`
          : l.payload,
      ),
    },
    db,
  );
}
