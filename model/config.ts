// Every path and default of model/ in one place, so the CLIs, the library and the tests agree.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** model/ itself, wherever the repository is checked out. */
export const modelDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.dirname(modelDir);

export const artifactsDir = path.join(modelDir, 'artifacts');
export const reportDir = path.join(modelDir, 'report');
export const defaultModelPath = path.join(artifactsDir, 'seriousness.onnx');
export const modelCardJsonPath = path.join(artifactsDir, 'model-card.json');
export const modelCardMarkdownPath = path.join(artifactsDir, 'model-card.md');

/** The corpus lives next to the repository (never copied in); REDDIT_POSTS_DIR overrides it. */
export function redditPostsDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.REDDIT_POSTS_DIR;
  return override !== undefined && override !== ''
    ? path.resolve(override)
    : path.resolve(repoRoot, '..', 'shared', 'data', 'reddit-posts');
}

/** The subreddit → label file; defaults to the corpus's own suggested grouping. */
export function subredditGroupsPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.SUBREDDIT_GROUPS;
  return override !== undefined && override !== ''
    ? path.resolve(override)
    : path.join(redditPostsDir(env), 'subreddit-groups.json');
}

/** Optional `{id, label}` lines that override the subreddit labels (unset = none). */
export function handLabelsPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.HAND_LABELS;
  return override !== undefined && override !== '' ? path.resolve(override) : null;
}
