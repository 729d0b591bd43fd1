// Reads every *.jsonl / *.ndjson file under a directory (recursively, in sorted order so the result
// is the same on every machine), validates each line, normalises it and de-duplicates.
import fs from 'node:fs';
import path from 'node:path';
import { listDataFiles } from './data-files.ts';
import type { Post } from './post.ts';
import type { CorpusRecord } from './reddit-record.ts';
import { corpusRecordSchema, toPostInput, unwrapThing } from './reddit-record.ts';

export interface LoadSummary {
  files: number;
  lines: number;
  posts: number;
  duplicates: number;
  invalid: number;
  /** First few invalid lines, `file:line: reason`, for the log. */
  invalidExamples: string[];
}

export interface LoadedCorpus {
  posts: Post[];
  summary: LoadSummary;
}

/**
 * De-duplication key: the Reddit id where there is one. Some sources dropped ids; for those the
 * subreddit + text is the identity (a repost with identical text in the same community adds nothing).
 */
function dedupeKey(post: Post): string {
  return post.id !== null
    ? `id:${post.id}`
    : `text:${post.subreddit}\u0000${post.title}\u0000${post.selftext}`;
}

function parseCorpusLine(line: string): { ok: true; record: CorpusRecord } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = corpusRecordSchema.safeParse(unwrapThing(value));
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues.map((i) => `"${i.path.join('.')}": ${i.message}`).join('; '),
    };
  }
  return { ok: true, record: parsed.data };
}

export function loadPosts(dir: string): LoadedCorpus {
  if (!fs.existsSync(dir)) {
    throw new Error(`reddit posts directory not found: ${dir} (set REDDIT_POSTS_DIR to override)`);
  }
  const files = listDataFiles(dir);
  const seen = new Map<string, Post>();
  const summary: LoadSummary = {
    files: files.length,
    lines: 0,
    posts: 0,
    duplicates: 0,
    invalid: 0,
    invalidExamples: [],
  };
  for (const file of files) {
    const source = path.relative(dir, file);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      summary.lines++;
      const parsed = parseCorpusLine(line);
      if (!parsed.ok) {
        summary.invalid++;
        if (summary.invalidExamples.length < 5) {
          summary.invalidExamples.push(`${source}:${index + 1}: ${parsed.reason.slice(0, 200)}`);
        }
        return;
      }
      const record = parsed.record;
      const input = toPostInput(record);
      const post: Post = {
        id: record.id ?? null,
        subreddit: record.subreddit,
        title: input.title,
        selftext: input.selftext ?? null,
        isSelf: input.isSelf ?? null,
        domain: input.domain ?? null,
        source,
      };
      const key = dedupeKey(post);
      if (seen.has(key)) summary.duplicates++;
      else seen.set(key, post);
    });
  }
  const posts = [...seen.values()];
  summary.posts = posts.length;
  return { posts, summary };
}
