// App-only OAuth as Reddit does it: `POST /api/v1/access_token` with HTTP Basic client credentials
// and `grant_type=client_credentials` returns a bearer token; API calls carry `Authorization: bearer
// <token>`. Tokens lapse after expires_in seconds, or all at once through `expireAll()`.
import { randomBytes } from 'node:crypto';

export interface IssuedToken {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: '*';
}

interface TokenEntry {
  clientId: string;
  expiresAt: number;
}

export class TokenIssuer {
  readonly #tokens = new Map<string, TokenEntry>();
  readonly #expiresInSeconds: number;
  readonly #now: () => number;
  issued = 0;

  constructor(expiresInSeconds: number, now: () => number = Date.now) {
    this.#expiresInSeconds = expiresInSeconds;
    this.#now = now;
  }

  issue(clientId: string): IssuedToken {
    // Shaped like a 2026 token (`eyJ…`-ish opaque string); the value carries no meaning.
    const token = `fake-${randomBytes(18).toString('base64url')}`;
    this.#tokens.set(token, { clientId, expiresAt: this.#now() + this.#expiresInSeconds * 1000 });
    this.issued += 1;
    return { access_token: token, token_type: 'bearer', expires_in: this.#expiresInSeconds, scope: '*' };
  }

  /** The client id the token was issued to, or undefined when it is unknown or expired. */
  clientOf(token: string): string | undefined {
    const entry = this.#tokens.get(token);
    if (!entry) return undefined;
    if (this.#now() >= entry.expiresAt) {
      this.#tokens.delete(token);
      return undefined;
    }
    return entry.clientId;
  }

  /** Invalidates one token (what a 401 means: the caller must log in again). */
  revoke(token: string): void {
    this.#tokens.delete(token);
  }

  expireAll(): void {
    this.#tokens.clear();
  }
}

/** Decodes `Basic base64(id:secret)`; undefined when the header is absent or not Basic. */
export function parseBasicAuth(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^basic\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** The token of `bearer <token>` (scheme case-insensitive, as Reddit accepts both spellings). */
export function parseBearer(header: string | undefined): string | undefined {
  const m = /^bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  return m?.[1];
}
