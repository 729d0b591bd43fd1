// App-only OAuth ("application only", grant_type=client_credentials): a bearer token for read-only
// API access without a user. The token is reused until shortly before it expires (Reddit: 3600 s,
// 86400 s seen in 2026), renewed once for all concurrent callers, and dropped on a 401 so that the
// next request logs in again.
import { z } from 'zod';

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
  scope: z.string().optional(),
});

export interface Token {
  accessToken: string;
  /** Epoch ms after which it must not be used. */
  renewAt: number;
}

/** The token endpoint answered, but not with a token (bad credentials, wrong URL…). */
export class OAuthError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'OAuthError';
    this.status = status;
  }
}

/** Sends the token request; the client supplies it so that it goes through budget and retries. */
export type TokenRequester = (signal?: AbortSignal) => Promise<{ status: number; text: string }>;

export interface TokenProviderOptions {
  request: TokenRequester;
  renewMarginSeconds: number;
  now?: () => number;
  onToken?: (token: Token, expiresInSeconds: number) => void;
}

export class TokenProvider {
  private readonly options: TokenProviderOptions;
  private readonly now: () => number;
  private token: Token | undefined;
  private pending: Promise<Token> | undefined;
  /** How many tokens this provider obtained (tests, status). */
  logins = 0;

  constructor(options: TokenProviderOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  async get(signal?: AbortSignal): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.accessToken;
    // Single flight: concurrent callers share one login.
    this.pending ??= this.login(signal).finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).accessToken;
  }

  /** After a 401: the token is no good, whatever its expiry says. */
  invalidate(accessToken: string): void {
    if (this.token?.accessToken === accessToken) this.token = undefined;
  }

  private async login(signal?: AbortSignal): Promise<Token> {
    const { status, text } = await this.options.request(signal);
    if (status !== 200) {
      throw new OAuthError(
        `Reddit token endpoint answered ${status}${status === 401 ? ' (check REDDIT_CLIENT_ID / REDDIT_CLIENT_SECRET)' : ''}: ${describeReply(text)}`,
        status,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new OAuthError(`Reddit token endpoint sent malformed JSON: ${describeReply(text)}`, status);
    }
    const parsed = TokenResponse.safeParse(json);
    if (!parsed.success) {
      // Reddit answers 200 {"error": "invalid_grant"} for some credential problems.
      throw new OAuthError(`Reddit token endpoint sent no token: ${describeReply(text)}`, status);
    }
    const margin = Math.min(this.options.renewMarginSeconds, parsed.data.expires_in / 2);
    const token = {
      accessToken: parsed.data.access_token,
      renewAt: this.now() + (parsed.data.expires_in - margin) * 1000,
    };
    this.token = token;
    this.logins++;
    this.options.onToken?.(token, parsed.data.expires_in);
    return token;
  }
}

/**
 * What an error may say of a token endpoint's reply. The reply can carry a token (a malformed or
 * half-read one, say), and the error ends up in logs and in the public GET /status: only Reddit's
 * own `error` / `message` fields are quoted, never the body.
 */
export function describeReply(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: unknown; message?: unknown };
    const words = [json.error, json.message]
      .filter((value) => typeof value === 'string' || typeof value === 'number')
      .map((value) => String(value).slice(0, 80));
    if (words.length > 0) return words.join(': ');
  } catch {
    // not JSON: say only how long it was
  }
  return `a ${Buffer.byteLength(text)}-byte reply (not shown: it may hold credentials)`;
}
