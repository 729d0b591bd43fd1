// The environment that points a process of the product at a fake Reddit, with app-only OAuth — what
// `npm run fake-reddit` prints for a developer, and what the tests and benchmarks start the product
// with. One definition, so every harness logs in and polls the same way.
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './server.ts';

export const FAKE_USER_AGENT = 'node:seriousness-dev:0.1 (by /u/dev)';

export interface FakeRedditEnvOptions {
  /** SUBREDDITS of the process; unset leaves the product's default. */
  subreddits?: readonly string[];
  userAgent?: string;
}

export function fakeRedditEnv(url: string, options: FakeRedditEnvOptions = {}): Record<string, string> {
  return {
    REDDIT_AUTH_URL: url,
    REDDIT_API_URL: url,
    REDDIT_CLIENT_ID: DEFAULT_CLIENT_ID,
    REDDIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    REDDIT_USER_AGENT: options.userAgent ?? FAKE_USER_AGENT,
    ...(options.subreddits ? { SUBREDDITS: options.subreddits.join(',') } : {}),
  };
}
