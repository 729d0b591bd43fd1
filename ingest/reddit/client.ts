// The Reddit HTTP client: one place that knows how to talk to Reddit politely.
//
//  - OAuth mode: bearer token from ./oauth.ts on `REDDIT_API_URL`; a 401 drops the token, logs in
//    again and retries that request once. Public mode: `REDDIT_PUBLIC_URL/<path>.json`, no token.
//  - Every request (the token request too) first reserves a slot in the rate budget.
//  - 429 → wait `retry-after` (or until the window resets), then retry; 5xx, Cloudflare 52x,
//    timeouts and network errors → exponential backoff with jitter, then retry; up to
//    `requestMaxAttempts` attempts, after which the caller gets a typed error and decides (the
//    poller records it and polls again later: its cursor has not moved, so nothing is lost).
//  - `raw_json=1` on every request: Reddit then sends `&`, `<`, `>` as themselves, not `&amp;`…
import type { Logger } from 'pino';
import type { IngestConfig } from '../config.ts';
import { backoffDelayMs, sleep as defaultSleep } from './backoff.ts';
import { TokenProvider } from './oauth.ts';
import { parseRetryAfterMs, RateBudget } from './rate-budget.ts';

export type ClientConfig = Pick<
  IngestConfig,
  | 'mode'
  | 'authUrl'
  | 'apiUrl'
  | 'publicUrl'
  | 'credentials'
  | 'userAgent'
  | 'fallbackWindow'
  | 'rateResetMarginMs'
  | 'tokenRenewMarginSeconds'
  | 'requestTimeoutMs'
  | 'requestMaxAttempts'
  | 'backoff'
>;

export interface RedditClientOptions {
  config: ClientConfig;
  log: Logger;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface RedditResponse {
  status: number;
  text: string;
  url: string;
  headers: Headers;
}

/** Reddit answered with a status that retrying will not fix (403, 404…), or retries ran out. */
export class RedditHttpError extends Error {
  readonly status: number;
  readonly url: string;
  constructor(message: string, status: number, url: string) {
    super(message);
    this.name = 'RedditHttpError';
    this.status = status;
    this.url = url;
  }
}

/** No HTTP answer at all (DNS, refused, reset, timeout) after every attempt. */
export class RedditUnreachableError extends Error {
  readonly url: string;
  constructor(message: string, url: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RedditUnreachableError';
    this.url = url;
  }
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  serverErrors: number;
  networkErrors: number;
  reauthentications: number;
}

/** 5xx (500, 502, 503, 504) and Cloudflare's 52x: the request may succeed if sent again. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}

export class RedditClient {
  readonly budget: RateBudget;
  readonly tokens: TokenProvider | null;
  readonly stats: ClientStats = {
    requests: 0,
    retries: 0,
    rateLimited: 0,
    serverErrors: 0,
    networkErrors: 0,
    reauthentications: 0,
  };
  private readonly config: ClientConfig;
  private readonly log: Logger;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(options: RedditClientOptions) {
    this.config = options.config;
    this.log = options.log;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.budget = new RateBudget({
      window: options.config.fallbackWindow,
      resetMarginMs: options.config.rateResetMarginMs,
      ...(options.now ? { now: options.now } : {}),
      sleep: this.sleep,
    });
    const credentials = options.config.credentials;
    this.tokens =
      options.config.mode === 'oauth' && credentials
        ? new TokenProvider({
            renewMarginSeconds: options.config.tokenRenewMarginSeconds,
            ...(options.now ? { now: options.now } : {}),
            request: (signal) => this.requestToken(credentials, signal),
            onToken: (_token, expiresIn) => this.log.info({ expiresIn }, 'reddit: OAuth token obtained'),
          })
        : null;
  }

  /** The URL a listing path is fetched from in this mode. */
  url(path: string, params: Record<string, string | undefined> = {}): string {
    const base =
      this.config.mode === 'oauth' ? `${this.config.apiUrl}${path}` : `${this.config.publicUrl}${path}.json`;
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, value);
    search.set('raw_json', '1');
    return `${base}?${search.toString()}`;
  }

  /** GET a Reddit path (e.g. `/r/all/new`) with retries; resolves with any non-retryable answer. */
  async get(
    path: string,
    params: Record<string, string | undefined> = {},
    signal?: AbortSignal,
  ): Promise<RedditResponse> {
    const url = this.url(path, params);
    let reauthenticated = false;
    return this.send(url, true, signal, async () => {
      const headers: Record<string, string> = {
        'user-agent': this.config.userAgent,
        accept: 'application/json',
      };
      let token: string | undefined;
      if (this.tokens) {
        token = await this.tokens.get(signal);
        headers.authorization = `bearer ${token}`;
      }
      return {
        init: { method: 'GET', headers },
        on401: () => {
          // One re-login and retry per request: a second 401 is an answer, not a glitch.
          if (!this.tokens || token === undefined) return false;
          this.tokens.invalidate(token);
          if (reauthenticated) return false;
          reauthenticated = true;
          this.stats.reauthentications++;
          this.log.info({ url }, 'reddit: 401, logging in again and retrying once');
          return true;
        },
      };
    });
  }

  private requestToken(
    credentials: { clientId: string; clientSecret: string },
    signal?: AbortSignal,
  ): Promise<RedditResponse> {
    const url = `${this.config.authUrl}/api/v1/access_token`;
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
    // The token endpoint has its own budget on another host: its x-ratelimit-* must not be taken
    // for the API's.
    return this.send(url, false, signal, async () => ({
      init: {
        method: 'POST',
        headers: {
          'user-agent': this.config.userAgent,
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
      },
      on401: () => false,
    }));
  }

  /** The retry loop shared by API and token requests. */
  private async send(
    url: string,
    isApi: boolean,
    signal: AbortSignal | undefined,
    prepare: () => Promise<{ init: RequestInit; on401: () => boolean }>,
  ): Promise<RedditResponse> {
    const maxAttempts = this.config.requestMaxAttempts;
    let failures = 0;
    const retryOrThrow = async (waitMs: number, error: () => Error, context: object): Promise<void> => {
      failures++;
      if (failures >= maxAttempts) throw error();
      this.stats.retries++;
      // Per-attempt detail is debug: the poll loop reports failures that outlast the retries.
      this.log.debug({ url, attempt: failures, waitMs, ...context }, 'reddit: request failed, retrying');
      await this.sleep(waitMs, signal);
      signal?.throwIfAborted();
    };

    for (;;) {
      signal?.throwIfAborted();
      const { init, on401 } = await prepare();
      await this.budget.acquire(signal);
      this.stats.requests++;
      let response: Response;
      let text: string;
      try {
        const timeout = AbortSignal.timeout(this.config.requestTimeoutMs);
        response = await this.fetch(url, {
          ...init,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        text = await response.text();
      } catch (error) {
        signal?.throwIfAborted();
        this.stats.networkErrors++;
        const message = describeNetworkError(error);
        await retryOrThrow(
          backoffDelayMs(failures, this.config.backoff, this.random),
          () =>
            new RedditUnreachableError(
              `Reddit is unreachable at ${new URL(url).origin} (${message}) after ${maxAttempts} attempts`,
              url,
              { cause: error },
            ),
          { error: message },
        );
        continue;
      }
      if (isApi) this.budget.update(response.headers);
      const status = response.status;

      if (status === 401 && on401()) continue;
      if (status === 429) {
        this.stats.rateLimited++;
        const retryAfter = parseRetryAfterMs(response.headers.get('retry-after'), Date.now());
        const untilReset = this.budget.msUntilReset();
        const waitMs =
          retryAfter ??
          (untilReset !== undefined
            ? untilReset + this.config.rateResetMarginMs
            : backoffDelayMs(failures, this.config.backoff, this.random));
        // Every request waits, not only this one: the budget is shared.
        this.budget.blockFor(waitMs);
        this.log.warn(
          { url, retryAfterMs: retryAfter ?? null, waitMs },
          'reddit: 429 Too Many Requests, waiting',
        );
        await retryOrThrow(
          0,
          () => new RedditHttpError(`Reddit kept answering 429 Too Many Requests for ${url}`, status, url),
          { status, retryAfterMs: retryAfter ?? null, waitMs },
        );
        continue;
      }
      if (isRetryableStatus(status)) {
        this.stats.serverErrors++;
        await retryOrThrow(
          backoffDelayMs(failures, this.config.backoff, this.random),
          () =>
            new RedditHttpError(
              `Reddit answered ${status} for ${url} ${maxAttempts} times in a row`,
              status,
              url,
            ),
          { status },
        );
        continue;
      }
      return { status, text, url, headers: response.headers };
    }
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
