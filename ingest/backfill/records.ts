// What a line (or a whole file) of a dump can hold, turned into posts and rejections:
//  - a Pushshift / Arctic Shift submission object (`{id, subreddit, title, created_utc, …}`), which
//    is also the shape of ../shared/data/reddit-posts/*.jsonl;
//  - a `{kind: "t3", data}` child;
//  - a saved Reddit Listing (`{kind: "Listing", data: {children}}`), as the poller receives it;
//  - an array of any of these.
// The same parser as the poller's (reddit/listing.ts) decides what is a valid post.
import { isProfilePost, parseListing, parsePostData, safeStringify, type Post } from '../reddit/listing.ts';

export interface RecordRejection {
  reason: string;
  detail: string;
  payload: string;
}

export interface RecordResult {
  posts: Post[];
  rejected: RecordRejection[];
  skipped: number;
}

export function postsFromJson(
  value: unknown,
  into: RecordResult = { posts: [], rejected: [], skipped: 0 },
): RecordResult {
  if (Array.isArray(value)) {
    for (const item of value) postsFromJson(item, into);
    return into;
  }
  if (typeof value !== 'object' || value === null) {
    into.rejected.push({
      reason: 'not-a-post',
      detail: `a ${typeof value}, not an object`,
      payload: safeStringify(value),
    });
    return into;
  }
  const kind = (value as { kind?: unknown }).kind;
  if (kind === 'Listing') {
    const listing = parseListing(value);
    if ('failure' in listing) {
      into.rejected.push(listing.failure);
    } else {
      into.posts.push(...listing.posts);
      into.rejected.push(...listing.rejected);
      into.skipped += listing.skipped;
    }
    return into;
  }
  if (typeof kind === 'string') {
    if (kind !== 't3') {
      into.rejected.push({
        reason: 'unexpected-kind',
        detail: `kind "${kind}", expected "t3"`,
        payload: safeStringify(value),
      });
      return into;
    }
    return addPost((value as { data?: unknown }).data, value, into);
  }
  return addPost(value, value, into);
}

function addPost(data: unknown, original: unknown, into: RecordResult): RecordResult {
  if (isProfilePost(data)) {
    into.skipped++;
    return into;
  }
  const result = parsePostData(data);
  if ('error' in result) {
    into.rejected.push({ reason: 'invalid-post', detail: result.error, payload: safeStringify(original) });
  } else {
    into.posts.push(result.post);
  }
  return into;
}
