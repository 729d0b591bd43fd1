// The ingest service's configuration, read once from the environment and validated at start-up
// (a section of runtime/config.ts): a bad value stops the process with a message naming the variable. Every
// default lives here.
//
// Reddit modes: with REDDIT_CLIENT_ID + REDDIT_CLIENT_SECRET (+ REDDIT_USER_AGENT, which Reddit
// requires for OAuth) the poller uses app-only OAuth on oauth.reddit.com; with no credentials it
// falls back to Reddit's public JSON endpoints, which allow far fewer requests.
import { z } from 'zod';
import { ConfigError, describeIssues } from '../runtime/config-error.ts';

export { ConfigError };

import { SUBREDDIT_NAME } from '../db/subreddit-name.ts';
import { emptyAsUndefined } from '../runtime/config.ts';
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const httpUrl = (fallback: string) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default(fallback)
      .transform((u) => u.replace(/\/+$/, '')),
  );
const positiveInt = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** Reddit's documented form: `<platform>:<app ID>:<version string> (by /u/<reddit username>)`. */
export const USER_AGENT_FORM = /^[^:\s]+:[^:\s]+:[^:\s]+ \(by \/u\/[A-Za-z0-9_-]{3,20}\)$/;

const EnvSchema = z.object({
  /** `off` disables the poller (tests, or a process that should not poll). */
  INGEST: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('on')),
  /** The OAuth token endpoint's host (POST /api/v1/access_token). */
  REDDIT_AUTH_URL: httpUrl('https://www.reddit.com'),
  /** The API host for OAuth requests. */
  REDDIT_API_URL: httpUrl('https://oauth.reddit.com'),
  /**
   * The host of the public (no credentials) JSON endpoints, `/r/x/new.json`. Default: the auth
   * host, which is www.reddit.com on Reddit — so pointing REDDIT_AUTH_URL at a fake covers both.
   */
  REDDIT_PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  REDDIT_CLIENT_ID: optionalString,
  REDDIT_CLIENT_SECRET: optionalString,
  REDDIT_USER_AGENT: optionalString,
  /** `all`, or a comma list of subreddit names. */
  SUBREDDITS: z.preprocess(emptyAsUndefined, z.string().default('all')),
  POLL_INTERVAL_MS: positiveInt(1_000, 50),
  /** Subreddits per `/r/a+b+c/new` request; more subreddits make several listings. */
  SUBREDDITS_PER_LISTING: positiveInt(100),
  /**
   * Listings polled at once (their requests in flight together, their writes queued on the
   * engine): one slow listing no longer holds the others back.
   */
  POLL_CONCURRENCY: positiveInt(4),
  /** Catch-up depth: pages of 100 walked back per poll (Reddit stops listings near 1000 items). */
  MAX_PAGES_PER_POLL: positiveInt(10),
  /** Pages fetched on the very first poll of a listing (no cursor yet). */
  INITIAL_PAGES: positiveInt(1),
  /**
   * When `before=<anchor>` has returned nothing for this long, check the newest page anyway: the
   * anchor post may have been deleted, and then `before=` returns nothing forever.
   */
  ANCHOR_CHECK_MS: positiveInt(30_000, 0),
  /** Request budget when Reddit sends no x-ratelimit headers (public JSON mode, CDN responses). */
  PUBLIC_REQUESTS_PER_MINUTE: positiveInt(10),
  OAUTH_REQUESTS_PER_WINDOW: positiveInt(1_000),
  OAUTH_WINDOW_SECONDS: positiveInt(600),
  /** x-ratelimit-reset is whole seconds; waiting this much longer never sends early. */
  RATE_RESET_MARGIN_MS: positiveInt(1_000, 0),
  /** Renew the OAuth token this long before it expires. */
  TOKEN_RENEW_MARGIN_SECONDS: positiveInt(60, 0),
  REQUEST_TIMEOUT_MS: positiveInt(15_000, 100),
  /** Attempts per request on 5xx / 52x / network errors / 429 before the poll gives up. */
  REQUEST_MAX_ATTEMPTS: positiveInt(5),
  BACKOFF_BASE_MS: positiveInt(1_000, 1),
  BACKOFF_MAX_MS: positiveInt(60_000, 1),
});

export type RedditCredentials = Readonly<{ clientId: string; clientSecret: string }>;

export type IngestConfig = Readonly<{
  enabled: boolean;
  mode: 'oauth' | 'public';
  authUrl: string;
  apiUrl: string;
  publicUrl: string;
  /** null in public mode. */
  credentials: RedditCredentials | null;
  userAgent: string;
  /** `['all']` or subreddit names. */
  subreddits: readonly string[];
  subredditsPerListing: number;
  pollIntervalMs: number;
  pageLimit: number;
  pollConcurrency: number;
  maxPagesPerPoll: number;
  initialPages: number;
  anchorCheckMs: number;
  /** The local request budget used when Reddit sends no rate-limit headers. */
  fallbackWindow: Readonly<{ requests: number; windowMs: number }>;
  rateResetMarginMs: number;
  tokenRenewMarginSeconds: number;
  requestTimeoutMs: number;
  requestMaxAttempts: number;
  backoff: Readonly<{ baseMs: number; maxMs: number }>;
}>;

/** Used in public mode when no REDDIT_USER_AGENT is set: Reddit throttles generic agents harder. */
export const DEFAULT_PUBLIC_USER_AGENT = 'node:reddit-seriousness:0.1.0 (by /u/reddit_seriousness)';

export function loadIngestConfig(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems: string[] = parsed.success ? [] : describeIssues(parsed.error);
  if (!parsed.success) throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);
  const e = parsed.data;

  const hasId = e.REDDIT_CLIENT_ID !== undefined;
  const hasSecret = e.REDDIT_CLIENT_SECRET !== undefined;
  if (hasId !== hasSecret) {
    problems.push(
      `  ${hasId ? 'REDDIT_CLIENT_SECRET' : 'REDDIT_CLIENT_ID'}: required when ${hasId ? 'REDDIT_CLIENT_ID' : 'REDDIT_CLIENT_SECRET'} is set (or unset both for public JSON mode)`,
    );
  }
  const oauth = hasId && hasSecret;
  if (oauth && e.REDDIT_USER_AGENT === undefined) {
    problems.push(
      '  REDDIT_USER_AGENT: required with OAuth credentials, in Reddit\'s form "<platform>:<app id>:<version> (by /u/<name>)"',
    );
  }
  if (e.REDDIT_USER_AGENT !== undefined && !USER_AGENT_FORM.test(e.REDDIT_USER_AGENT)) {
    problems.push(
      `  REDDIT_USER_AGENT: must have Reddit's form "<platform>:<app id>:<version> (by /u/<name>)", got "${e.REDDIT_USER_AGENT}"`,
    );
  }

  const names = e.SUBREDDITS.split(',')
    .map((s) => s.trim().replace(/^\/?r\//i, ''))
    .filter((s) => s !== '');
  const subreddits = names.length === 0 || names.some((n) => n.toLowerCase() === 'all') ? ['all'] : names;
  const badNames = subreddits.filter((n) => !SUBREDDIT_NAME.test(n));
  if (badNames.length > 0) {
    problems.push(`  SUBREDDITS: not subreddit names: ${badNames.join(', ')} (use "all" or a comma list)`);
  }
  if (e.BACKOFF_MAX_MS < e.BACKOFF_BASE_MS) {
    problems.push('  BACKOFF_MAX_MS: must be at least BACKOFF_BASE_MS');
  }
  if (problems.length > 0) throw new ConfigError(`Invalid environment:\n${problems.join('\n')}`);

  return {
    enabled: e.INGEST === 'on',
    mode: oauth ? 'oauth' : 'public',
    authUrl: e.REDDIT_AUTH_URL,
    apiUrl: e.REDDIT_API_URL,
    publicUrl: e.REDDIT_PUBLIC_URL ?? e.REDDIT_AUTH_URL,
    credentials: oauth
      ? { clientId: e.REDDIT_CLIENT_ID ?? '', clientSecret: e.REDDIT_CLIENT_SECRET ?? '' }
      : null,
    userAgent: e.REDDIT_USER_AGENT ?? DEFAULT_PUBLIC_USER_AGENT,
    subreddits,
    subredditsPerListing: e.SUBREDDITS_PER_LISTING,
    pollIntervalMs: e.POLL_INTERVAL_MS,
    pageLimit: 100,
    pollConcurrency: e.POLL_CONCURRENCY,
    maxPagesPerPoll: e.MAX_PAGES_PER_POLL,
    initialPages: e.INITIAL_PAGES,
    anchorCheckMs: e.ANCHOR_CHECK_MS,
    fallbackWindow: oauth
      ? { requests: e.OAUTH_REQUESTS_PER_WINDOW, windowMs: e.OAUTH_WINDOW_SECONDS * 1000 }
      : { requests: e.PUBLIC_REQUESTS_PER_MINUTE, windowMs: 60_000 },
    rateResetMarginMs: e.RATE_RESET_MARGIN_MS,
    tokenRenewMarginSeconds: e.TOKEN_RENEW_MARGIN_SECONDS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    requestMaxAttempts: e.REQUEST_MAX_ATTEMPTS,
    backoff: { baseMs: e.BACKOFF_BASE_MS, maxMs: e.BACKOFF_MAX_MS },
  } satisfies IngestConfig;
}

/** `/r/all/new`, or `/r/a+b+c/new` per group of subreddits: as few requests as possible. */
export function listingPaths(config: Pick<IngestConfig, 'subreddits' | 'subredditsPerListing'>): string[] {
  const paths: string[] = [];
  for (let i = 0; i < config.subreddits.length; i += config.subredditsPerListing) {
    paths.push(`/r/${config.subreddits.slice(i, i + config.subredditsPerListing).join('+')}/new`);
  }
  return paths;
}
