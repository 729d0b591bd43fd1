// Weak labels: a subreddit → label file (serious = 1, unserious = 0, mixed/unknown = unlabelled),
// then hand labels by post id, which win over the subreddit's label.
import fs from 'node:fs';
import { z } from 'zod';
import type { Post } from './post.ts';

export type Group = 'serious' | 'unserious' | 'mixed' | 'unknown';

export interface SubredditGroups {
  serious: string[];
  unserious: string[];
  mixed: string[];
}

const groupsSchema = z.object({
  serious: z.array(z.string()),
  unserious: z.array(z.string()),
  mixed: z.array(z.string()).default([]),
});

const handLabelSchema = z.object({ id: z.string().min(1), label: z.union([z.literal(0), z.literal(1)]) });

export function readSubredditGroups(file: string): SubredditGroups {
  return groupsSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Hand labels: one `{"id": "abc123", "label": 0|1}` per line. A bad line is an error naming its line. */
export function readHandLabels(file: string): Map<string, 0 | 1> {
  const labels = new Map<string, 0 | 1>();
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const parsed = handLabelSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: expected {"id": string, "label": 0|1}`);
      labels.set(parsed.data.id, parsed.data.label);
    });
  return labels;
}

/** Subreddit names compare case-insensitively: sources disagree on case (e.g. AntiJokes). */
export function groupOf(groups: SubredditGroups, subreddit: string): Group {
  const name = subreddit.toLowerCase();
  if (groups.serious.some((s) => s.toLowerCase() === name)) return 'serious';
  if (groups.unserious.some((s) => s.toLowerCase() === name)) return 'unserious';
  if (groups.mixed.some((s) => s.toLowerCase() === name)) return 'mixed';
  return 'unknown';
}

export interface LabelledPost {
  post: Post;
  group: Group;
  /** 1 serious, 0 unserious, null unlabelled. */
  label: 0 | 1 | null;
  labelSource: 'subreddit' | 'hand' | null;
}

export function labelPosts(
  posts: readonly Post[],
  groups: SubredditGroups,
  handLabels: ReadonlyMap<string, 0 | 1> = new Map(),
): LabelledPost[] {
  return posts.map((post) => {
    const group = groupOf(groups, post.subreddit);
    const hand = post.id !== null ? handLabels.get(post.id) : undefined;
    if (hand !== undefined) return { post, group, label: hand, labelSource: 'hand' };
    const label = group === 'serious' ? 1 : group === 'unserious' ? 0 : null;
    return { post, group, label, labelSource: label === null ? null : 'subreddit' };
  });
}
