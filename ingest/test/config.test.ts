// ingest's environment contract: defaults, modes, and the errors that stop start-up.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../runtime/config-error.ts';
import { listingPaths, loadIngestConfig } from '../config.ts';

const UA = 'node:reddit-seriousness:0.1.0 (by /u/someone)';

describe('loadIngestConfig', () => {
  it('defaults to public JSON mode on /r/all/new every second with Reddit’s real URLs', () => {
    const config = loadIngestConfig({});
    expect(config).toMatchObject({
      enabled: true,
      mode: 'public',
      credentials: null,
      authUrl: 'https://www.reddit.com',
      apiUrl: 'https://oauth.reddit.com',
      publicUrl: 'https://www.reddit.com',
      subreddits: ['all'],
      pollIntervalMs: 1000,
      pageLimit: 100,
      fallbackWindow: { requests: 10, windowMs: 60_000 },
    });
    expect(listingPaths(config)).toEqual(['/r/all/new']);
  });

  it('uses app-only OAuth when credentials and a User-Agent are set', () => {
    const config = loadIngestConfig({
      REDDIT_CLIENT_ID: 'id',
      REDDIT_CLIENT_SECRET: 'secret',
      REDDIT_USER_AGENT: UA,
      REDDIT_AUTH_URL: 'http://127.0.0.1:9999/',
      REDDIT_API_URL: 'http://127.0.0.1:9999',
    });
    expect(config.mode).toBe('oauth');
    expect(config.credentials).toEqual({ clientId: 'id', clientSecret: 'secret' });
    expect(config.authUrl).toBe('http://127.0.0.1:9999');
    // Reddit serves public JSON on the auth host: one variable points both at a fake.
    expect(config.publicUrl).toBe('http://127.0.0.1:9999');
    expect(config.fallbackWindow).toEqual({ requests: 1000, windowMs: 600_000 });
  });

  it('refuses credentials without a User-Agent, naming the variable', () => {
    expect(() => loadIngestConfig({ REDDIT_CLIENT_ID: 'id', REDDIT_CLIENT_SECRET: 'secret' })).toThrow(
      /REDDIT_USER_AGENT: required with OAuth credentials/,
    );
  });

  it('refuses a User-Agent that is not in Reddit’s required form', () => {
    expect(() => loadIngestConfig({ REDDIT_USER_AGENT: 'my bot' })).toThrow(ConfigError);
  });

  it('refuses half a set of credentials', () => {
    expect(() => loadIngestConfig({ REDDIT_CLIENT_ID: 'id', REDDIT_USER_AGENT: UA })).toThrow(
      /REDDIT_CLIENT_SECRET: required/,
    );
  });

  it('polls many subreddits as few /r/a+b+c/new listings', () => {
    const config = loadIngestConfig({
      SUBREDDITS: 'AskHistorians, r/science,jokes',
      SUBREDDITS_PER_LISTING: '2',
    });
    expect(listingPaths(config)).toEqual(['/r/AskHistorians+science/new', '/r/jokes/new']);
    expect(listingPaths(loadIngestConfig({ SUBREDDITS: 'a_b,all' }))).toEqual(['/r/all/new']);
  });

  it('rejects bad numbers and bad subreddit names', () => {
    expect(() => loadIngestConfig({ POLL_INTERVAL_MS: 'soon' })).toThrow(/POLL_INTERVAL_MS/);
    expect(() => loadIngestConfig({ SUBREDDITS: 'ok,not a name' })).toThrow(/SUBREDDITS/);
    expect(() => loadIngestConfig({ REDDIT_API_URL: 'ftp://x' })).toThrow(/REDDIT_API_URL/);
  });

  it('can be switched off', () => {
    expect(loadIngestConfig({ INGEST: 'off' }).enabled).toBe(false);
  });
});
