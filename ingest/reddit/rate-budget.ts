// The request budget. Reddit tells each response how many requests are left in the current window
// (`x-ratelimit-remaining`, a float like "997.0") and how many seconds until it resets
// (`x-ratelimit-reset`); going over means 429s. PRAW reacts to 429s; this never causes them:
//
//  - remaining < 1 → no request until the window has reset (plus a margin: `reset` is whole
//    seconds, so the true end may be up to a second later than it says);
//  - otherwise requests are spread over what is left of the window (reset / remaining apart), so a
//    catch-up burst cannot spend the window in the first second and then stall for minutes;
//  - a local sliding window (Reddit's documented budget, or the public endpoints' lower one) is
//    always enforced too: it covers responses without headers (CDN-cached, public JSON) and the
//    first request before any header has been seen;
//  - a 429's `retry-after` blocks every request until it has passed.
//
// `acquire()` reserves a slot before the request is sent (and is serialised), so two callers can
// never both spend the last request of a window.
import { sleep } from './backoff.ts';

export interface RateBudgetOptions {
  /** Always-enforced local window. */
  window: { requests: number; windowMs: number };
  /** Extra wait after the announced reset before spending a new window. */
  resetMarginMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface RateSnapshot {
  remaining: number | null;
  used: number | null;
  resetAt: Date | null;
}

export interface RateHeaders {
  remaining: number | undefined;
  used: number | undefined;
  resetSeconds: number | undefined;
}

export function parseRateHeaders(headers: Headers): RateHeaders {
  const num = (name: string) => {
    const raw = headers.get(name);
    if (raw === null || raw.trim() === '') return undefined;
    const value = Number.parseFloat(raw);
    return Number.isFinite(value) ? value : undefined;
  };
  return {
    remaining: num('x-ratelimit-remaining'),
    used: num('x-ratelimit-used'),
    resetSeconds: num('x-ratelimit-reset'),
  };
}

/** `retry-after` as milliseconds: delta-seconds or an HTTP date (RFC 9110). */
export function parseRetryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class RateBudget {
  private readonly options: RateBudgetOptions;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private remaining: number | undefined;
  private used: number | undefined;
  private resetAt: number | undefined;
  private blockedUntil = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** Send times inside the local window, oldest first. */
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RateBudgetOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleep;
  }

  /** How long a request would have to wait right now (0 = may be sent). */
  waitMs(now: number = this.now()): number {
    let wait = Math.max(0, this.blockedUntil - now);

    const { requests, windowMs } = this.options.window;
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - windowMs) this.sent.shift();
    if (this.sent.length >= requests) wait = Math.max(wait, (this.sent[0] ?? now) + windowMs - now);

    if (this.remaining !== undefined && this.resetAt !== undefined) {
      const windowEnd = this.resetAt + this.options.resetMarginMs;
      if (now < windowEnd) {
        if (this.remaining < 1) {
          wait = Math.max(wait, windowEnd - now);
        } else {
          // Spread what is left over what is left of the window.
          const spacing = Math.max(0, this.resetAt - now) / this.remaining;
          wait = Math.max(wait, this.lastSentAt + spacing - now);
        }
      }
    }
    return Math.max(0, Math.ceil(wait));
  }

  /**
   * Waits until a request may be sent and reserves it. Rejects with the signal's reason when
   * aborted while waiting.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        signal?.throwIfAborted();
        const wait = this.waitMs();
        if (wait === 0) break;
        await this.sleep(wait, signal);
      }
      const now = this.now();
      this.lastSentAt = now;
      this.sent.push(now);
      if (this.remaining !== undefined) this.remaining -= 1;
    });
    // The next caller waits for this one's reservation, whatever happens to it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Takes Reddit's view of the window from a response. Headerless responses change nothing. */
  update(headers: Headers): void {
    const rate = parseRateHeaders(headers);
    if (rate.remaining === undefined || rate.resetSeconds === undefined) return;
    const now = this.now();
    this.remaining = rate.remaining;
    this.used = rate.used;
    this.resetAt = now + rate.resetSeconds * 1000;
  }

  /** After a 429: nothing is sent for `ms`. */
  blockFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
  }

  /** When the announced window ends (for a 429 that came without retry-after). */
  msUntilReset(): number | undefined {
    return this.resetAt === undefined ? undefined : Math.max(0, this.resetAt - this.now());
  }

  snapshot(): RateSnapshot {
    return {
      remaining: this.remaining ?? null,
      used: this.used ?? null,
      resetAt: this.resetAt === undefined ? null : new Date(this.resetAt),
    };
  }
}
