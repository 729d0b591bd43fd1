// Real post texts as they are, for the fake Reddit's live mode and the benchmarks' generated posts,
// read from the corpus (../shared/data/reddit-posts, see PROVENANCE.md). Unlike load-posts.ts (the
// model's reader: validated, normalised, de-duplicated), text is kept exactly as in the source —
// including the `&amp;` escapes some sources carry — because that is what a poller meets in the wild.
import fs from 'node:fs';
import { redditPostsDir } from '../config.ts';
import { listDataFiles } from './data-files.ts';

export interface CorpusPost {
  subreddit: string;
  title: string;
  selftext: string;
  author: string | null;
  over_18: boolean;
}

let cache: { dir: string; posts: CorpusPost[] } | undefined;

/** Every usable post (non-empty title) in the corpus directory; parsed once per directory. */
export function loadCorpus(dir: string = redditPostsDir()): CorpusPost[] {
  if (cache?.dir === dir) return cache.posts;
  const posts: CorpusPost[] = [];
  for (const file of listDataFiles(dir)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const post = toCorpusPost(JSON.parse(line) as unknown);
      if (post) posts.push(post);
    }
  }
  if (posts.length === 0) throw new Error(`no posts found under ${dir} (set REDDIT_POSTS_DIR?)`);
  cache = { dir, posts };
  return posts;
}

function toCorpusPost(raw: unknown): CorpusPost | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r['title'] !== 'string' || r['title'] === '' || typeof r['subreddit'] !== 'string')
    return undefined;
  return {
    subreddit: r['subreddit'],
    title: r['title'],
    selftext: typeof r['selftext'] === 'string' ? r['selftext'] : '',
    author: typeof r['author'] === 'string' ? r['author'] : null,
    over_18: r['over_18'] === true,
  };
}
