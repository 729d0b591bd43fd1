// Reddit's wire format → a clean `Post`. Parsing is per child: one bad child (a `t1` in a post
// listing, a post without `created_utc`, a subreddit name our schema would reject) becomes a
// `Rejected` entry for the dead-letter table, and the rest of the page is still usable.
//
// Validation mirrors the `posts` table's CHECK constraints on purpose: a value the database would
// refuse must be caught here, or it would fail the whole page's batch insert.
import { z } from 'zod';
import { SUBREDDIT_NAME } from '../../db/subreddit-name.ts';
import type { PostRow } from '../../db/writes.ts';

/** A post as Reddit lists it: the row the posts table stores, and its listing anchor. */
export interface Post extends PostRow {
  /** `t3_<id>`: Reddit's `before`/`after` anchor. */
  fullname: string;
}

export interface Position {
  id: string;
  createdAt: Date;
}

export interface Rejected {
  reason: 'malformed-json' | 'not-a-listing' | 'unexpected-kind' | 'invalid-post';
  detail: string;
  /** The offending JSON (or raw text), for the dead-letter table. */
  payload: string;
}

export interface ParsedListing {
  posts: Post[];
  rejected: Rejected[];
  /** Posts left out on purpose: user-profile posts (see `isProfilePost`). */
  skipped: number;
  /**
   * Every t3 child with a usable id and creation time, stored or not (profile posts, rejected
   * posts): where the listing is, for the cursor and for "has the walk reached the cursor yet".
   */
  seen: Position[];
  /** Number of children the page had, good or bad (a full page means there may be more). */
  childCount: number;
  after: string | null;
  before: string | null;
}

const POST_ID = /^[0-9a-z]{1,16}$/;

const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const flag = z
  .boolean()
  .nullish()
  .transform((v) => v ?? false);
const count = z
  .number()
  .nullish()
  .transform((v) => Math.round(v ?? 0));

/** Unix seconds (Reddit sends floats like 1482373052.0; dumps sometimes send strings). */
const unixSeconds = z.union([
  z.number().finite().positive(),
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'a number of seconds')
    .transform(Number),
]);

/** The fields of a `t3` we keep. Unknown fields are ignored (2016 posts have 51, 2026 posts 107). */
export const PostDataSchema = z.object({
  id: z.string().regex(POST_ID, 'a base-36 post id'),
  subreddit: z.string().regex(SUBREDDIT_NAME, 'a subreddit name of 2-21 letters, digits or _'),
  title: z.string(),
  created_utc: unixSeconds,
  author: nullableString,
  selftext: nullableString.transform((v) => v ?? ''),
  url: nullableString,
  permalink: nullableString,
  domain: nullableString,
  is_self: flag,
  over_18: flag,
  spoiler: flag,
  stickied: flag,
  score: count,
  num_comments: count,
});

const ListingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullish(),
    before: z.string().nullish(),
    children: z.array(z.object({ kind: z.string(), data: z.unknown() })),
  }),
});

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function stripNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/** One `t3` data object → a Post, or why not. */
export function parsePostData(data: unknown): { post: Post } | { error: string } {
  const parsed = PostDataSchema.safeParse(data);
  if (!parsed.success) return { error: describe(parsed.error) };
  const d = parsed.data;
  return {
    post: {
      id: d.id,
      fullname: `t3_${d.id}`,
      createdAt: new Date(Math.round(d.created_utc * 1000)),
      subreddit: d.subreddit,
      author: d.author,
      // Postgres text cannot hold NUL; nothing else is changed.
      title: stripNul(d.title),
      selftext: stripNul(d.selftext),
      url: d.url,
      permalink: d.permalink,
      domain: d.domain,
      isSelf: d.is_self,
      over18: d.over_18,
      spoiler: d.spoiler,
      stickied: d.stickied,
      score: d.score,
      numComments: d.num_comments,
    },
  };
}

const PositionSchema = z.object({ id: z.string().regex(POST_ID), created_utc: unixSeconds });

function positionOf(data: unknown): Position | undefined {
  const parsed = PositionSchema.safeParse(data);
  return parsed.success
    ? { id: parsed.data.id, createdAt: new Date(Math.round(parsed.data.created_utc * 1000)) }
    : undefined;
}

/**
 * Posts to a user's profile (`u_<name>`) show up in /r/all/new (~2% of it in the recordings) but
 * belong to no community, and their names (hyphens, up to 22 characters) do not fit the posts
 * table's subreddit format. They are left out and counted, not dead-lettered: they are not bad
 * input, and keeping thousands a day for inspection would bury the real problems.
 */
export function isProfilePost(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const subreddit = (data as { subreddit?: unknown }).subreddit;
  return typeof subreddit === 'string' && subreddit.startsWith('u_');
}

/** A parsed JSON value that should be a Listing of t3 children. */
export function parseListing(json: unknown): ParsedListing | { failure: Rejected } {
  const envelope = ListingSchema.safeParse(json);
  if (!envelope.success) {
    return {
      failure: { reason: 'not-a-listing', detail: describe(envelope.error), payload: safeStringify(json) },
    };
  }
  const posts: Post[] = [];
  const rejected: Rejected[] = [];
  let skipped = 0;
  const seen: Position[] = [];
  for (const [index, child] of envelope.data.data.children.entries()) {
    const position = child.kind === 't3' ? positionOf(child.data) : undefined;
    if (position) seen.push(position);
    if (child.kind === 't3' && isProfilePost(child.data)) {
      skipped++;
      continue;
    }
    if (child.kind !== 't3') {
      rejected.push({
        reason: 'unexpected-kind',
        detail: `child ${index} has kind "${child.kind}", expected "t3"`,
        payload: safeStringify(child),
      });
      continue;
    }
    const result = parsePostData(child.data);
    if ('error' in result) {
      rejected.push({
        reason: 'invalid-post',
        detail: `child ${index}: ${result.error}`,
        payload: safeStringify(child),
      });
    } else {
      posts.push(result.post);
    }
  }
  return {
    posts,
    rejected,
    skipped,
    seen,
    childCount: envelope.data.data.children.length,
    after: envelope.data.data.after ?? null,
    before: envelope.data.data.before ?? null,
  };
}

/** Response text → listing. Malformed JSON is a `failure` (for the dead letters), not an exception. */
export function parseListingText(text: string): ParsedListing | { failure: Rejected } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      failure: { reason: 'malformed-json', detail: (error as Error).message, payload: text },
    };
  }
  return parseListing(json);
}

export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Reddit's listing order for /new: newer first. Compares (created time, id); ids are base-36 and
 * grow with time, so for equal lengths string order is numeric order and a longer id is newer.
 */
export function compareNewness(a: Position, b: Position): number {
  const dt = a.createdAt.getTime() - b.createdAt.getTime();
  if (dt !== 0) return dt;
  if (a.id.length !== b.id.length) return a.id.length - b.id.length;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
