// The 26 real Listing pages in ../shared/data/reddit-api/listings/ (byte-exact response bodies, with
// their request and headers in index.json). They seed the simulated store with real `t3` objects in
// their wire format, and give live mode a 2026 post to use as a template.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { idValue } from './ids.ts';
import { redditApiDir } from './paths.ts';
import type { PostStore } from './post-store.ts';
import type { FakePost, T3Data } from './types.ts';

const indexEntry = z.object({
  file: z.string(),
  repo: z.string(),
  cassette: z.string(),
  interaction: z.number(),
  recorded_at: z.string(),
  request: z.object({ method: z.string(), uri: z.string() }),
  response: z.object({ status: z.number(), headers: z.record(z.string(), z.string()) }),
});

const listingBody = z.object({
  kind: z.literal('Listing'),
  data: z.looseObject({
    after: z.string().nullable(),
    before: z.string().nullable(),
    children: z.array(z.object({ kind: z.string(), data: z.looseObject({}) })),
  }),
});

export interface RecordedPage {
  file: string;
  repo: string;
  recordedAt: string;
  method: string;
  /** The recorded URI, e.g. `https://oauth.reddit.com/r/all/new?limit=100&raw_json=1`. */
  uri: string;
  /** Path and query of the URI, host-independent: `/r/all/new`, `{ limit: '100', raw_json: '1' }`. */
  path: string;
  query: Record<string, string>;
  status: number;
  /** The recorded response headers (date, content-type, x-ratelimit-*, server, …). */
  headers: Record<string, string>;
  /** The exact response body bytes. */
  body: Buffer;
  listing: z.infer<typeof listingBody>;
}

let cache: { dir: string; pages: RecordedPage[] } | undefined;

export function listingsDir(): string {
  return path.join(redditApiDir(), 'listings');
}

/** Loads (once per directory) every recorded Listing page, in index.json order. */
export function loadRecordedListings(dir: string = listingsDir()): RecordedPage[] {
  if (cache?.dir === dir) return cache.pages;
  const indexFile = path.join(dir, 'index.json');
  if (!fs.existsSync(indexFile)) {
    throw new Error(
      `recorded listings not found at ${dir} (expected ../shared/data next to the repo, or set REDDIT_DATA_DIR)`,
    );
  }
  const index = z.array(indexEntry).parse(JSON.parse(fs.readFileSync(indexFile, 'utf8')));
  const pages = index.map((entry): RecordedPage => {
    const body = fs.readFileSync(path.join(dir, entry.file));
    const url = new URL(entry.request.uri);
    return {
      file: entry.file,
      repo: entry.repo,
      recordedAt: entry.recorded_at,
      method: entry.request.method,
      uri: entry.request.uri,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: entry.response.status,
      headers: entry.response.headers,
      body,
      listing: listingBody.parse(JSON.parse(body.toString('utf8'))),
    };
  });
  cache = { dir, pages };
  return pages;
}

/** The `t3` objects of the given pages (default: all), first occurrence of each id kept. */
export function recordedPosts(pages: readonly RecordedPage[] = loadRecordedListings()): T3Data[] {
  const seen = new Set<string>();
  const posts: T3Data[] = [];
  for (const page of pages) {
    for (const child of page.listing.data.children) {
      if (child.kind !== 't3') continue;
      const data = child.data;
      if (typeof data['id'] !== 'string' || typeof data['name'] !== 'string' || seen.has(data['id']))
        continue;
      seen.add(data['id']);
      posts.push(data as T3Data);
    }
  }
  return posts;
}

export function fakePostFromT3(data: T3Data): FakePost {
  const subreddit = typeof data.subreddit === 'string' ? data.subreddit : '';
  return {
    id: data.id,
    name: data.name,
    subredditKey: subreddit.toLowerCase(),
    idValue: idValue(data.id),
    data,
  };
}

/**
 * Puts the recorded posts into a store with their real ids and every field as recorded. Returns how
 * many were added. `filter` picks pages, e.g. `(p) => p.path === '/r/all/new'`.
 */
export function seedFromRecordings(
  store: PostStore,
  options: { filter?: (page: RecordedPage) => boolean } = {},
): number {
  const pages = loadRecordedListings().filter(options.filter ?? (() => true));
  let added = 0;
  for (const data of recordedPosts(pages)) if (store.add(fakePostFromT3(structuredClone(data)))) added += 1;
  return added;
}

/**
 * A real 2026 self post (r/popular/hot, recorded 2026-04-13): live-mode posts are copies of it with
 * the identifying and textual fields replaced, so they carry the current field set (107 fields).
 */
export function t3Template2026(): T3Data {
  const page = loadRecordedListings().find((p) => p.file.startsWith('praw-2026-'));
  const self = page?.listing.data.children.find((c) => c.kind === 't3' && c.data['is_self'] === true);
  if (!self) throw new Error(`no 2026 self post found in ${listingsDir()}`);
  return structuredClone(self.data) as T3Data;
}
