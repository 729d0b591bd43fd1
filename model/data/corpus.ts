// The labelled corpus as training and evaluation both want it: posts loaded from the configured
// directory, weak labels from the subreddit groups, hand labels on top, and a summary for the card.
import { handLabelsPath, redditPostsDir, subredditGroupsPath } from '../config.ts';
import type { LabelledPost } from './labels.ts';
import { labelPosts, readHandLabels, readSubredditGroups } from './labels.ts';
import type { LoadSummary } from './load-posts.ts';
import { loadPosts } from './load-posts.ts';

export interface CorpusSummary {
  load: LoadSummary;
  subreddits: number;
  byGroup: Record<string, { subreddits: number; posts: number }>;
  labelled: { serious: number; unserious: number; handLabelled: number };
  sources: Record<string, number>;
}

export interface Corpus {
  all: LabelledPost[];
  labelled: LabelledPost[];
  summary: CorpusSummary;
}

export function loadCorpus(env: NodeJS.ProcessEnv = process.env): Corpus {
  const { posts, summary: load } = loadPosts(redditPostsDir(env));
  const handFile = handLabelsPath(env);
  const all = labelPosts(
    posts,
    readSubredditGroups(subredditGroupsPath(env)),
    handFile === null ? new Map() : readHandLabels(handFile),
  );
  const labelled = all.filter((p) => p.label !== null);
  const byGroup: CorpusSummary['byGroup'] = {};
  const subredditsOfGroup = new Map<string, Set<string>>();
  const sources: Record<string, number> = {};
  for (const { post, group } of all) {
    const entry = (byGroup[group] ??= { subreddits: 0, posts: 0 });
    entry.posts++;
    const set = subredditsOfGroup.get(group) ?? new Set();
    set.add(post.subreddit);
    subredditsOfGroup.set(group, set);
    const folder = post.source.split('/')[0] ?? post.source;
    sources[folder] = (sources[folder] ?? 0) + 1;
  }
  for (const [group, set] of subredditsOfGroup)
    (byGroup[group] ??= { subreddits: 0, posts: 0 }).subreddits = set.size;
  return {
    all,
    labelled,
    summary: {
      load,
      subreddits: new Set(all.map((p) => p.post.subreddit)).size,
      byGroup,
      labelled: {
        serious: labelled.filter((p) => p.label === 1).length,
        unserious: labelled.filter((p) => p.label === 0).length,
        handLabelled: labelled.filter((p) => p.labelSource === 'hand').length,
      },
      sources,
    },
  };
}
