// Where the shared, read-only data lives. It is never copied into the repo: the fake Reddit reads the
// recordings and post texts from ../shared/data next to the checkout (or wherever the env points).
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** `../shared/data` beside the repo, or `REDDIT_DATA_DIR`. */
export function dataDir(): string {
  return process.env['REDDIT_DATA_DIR'] ?? path.resolve(repoRoot, '../shared/data');
}

/** The recorded Reddit API wire data (cassettes, listings). */
export function redditApiDir(): string {
  return path.join(dataDir(), 'reddit-api');
}
