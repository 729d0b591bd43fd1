// One mapping from a Reddit-shaped JSON object (our JSONL corpus, Pushshift NDJSON, or a t3 object
// from the API, optionally wrapped as {kind, data}) to what the model reads. The corpus loader and
// the score CLI both use it, so a field means the same thing in training and in scoring.
import { z } from 'zod';
import { htmlUnescape } from './html.ts';
import type { PostInput } from './post.ts';

const nullableString = z.string().nullish();

/** The fields the model reads; everything else on the line is ignored here (and passed through by the CLI). */
export const redditRecordSchema = z.object({
  title: z.string(),
  selftext: nullableString,
  is_self: z.boolean().nullish(),
  post_type: nullableString,
  domain: nullableString,
  url: nullableString,
});

export const corpusRecordSchema = redditRecordSchema.extend({
  id: nullableString,
  subreddit: z.string().min(1),
});

export type RedditRecord = z.infer<typeof redditRecordSchema>;
export type CorpusRecord = z.infer<typeof corpusRecordSchema>;

/** Reddit API objects arrive as {kind: 't3', data: {...}}; Pushshift and our corpus are flat. */
export function unwrapThing(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'kind' in value && 'data' in value) {
    return (value as { data: unknown }).data;
  }
  return value;
}

// Deleted and removed posts keep their title but their body is a moderation marker, not text.
const bodyMarkers = new Set(['[removed]', '[deleted]']);

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

export function toPostInput(record: RedditRecord): PostInput {
  const rawDomain = record.domain ?? (record.url != null ? hostOf(record.url) : null);
  let domain =
    rawDomain
      ?.trim()
      .toLowerCase()
      .replace(/^www\./, '') ?? null;
  let isSelf = record.is_self ?? null;
  if (isSelf === null && record.post_type != null) isSelf = record.post_type === 'text';
  // `self.<subreddit>` names the community, which a model evaluated on unseen communities must not see.
  if (domain !== null && domain.startsWith('self.')) {
    isSelf ??= true;
    domain = null;
  }
  if (domain === '') domain = null;
  if (isSelf === true) domain = null;
  const body = record.selftext == null ? null : htmlUnescape(record.selftext);
  return {
    title: htmlUnescape(record.title),
    selftext: body !== null && bodyMarkers.has(body.trim()) ? '' : body,
    isSelf,
    domain,
  };
}
