// Reddit's request budget as the client sees it: a fixed window of N requests per T seconds, reported
// in `x-ratelimit-used`, `x-ratelimit-remaining` (a decimal string such as "997.0") and
// `x-ratelimit-reset` (whole seconds until the window ends). Past the budget Reddit answers 429.
//
// Deliberate simplifications, stated so tests can rely on them:
// - The window starts at the first counted request and lasts windowSeconds (Reddit aligns it to the
//   wall clock; starting on first use keeps short test windows deterministic).
// - A refused request does not raise `used`: used ≤ windowRequests, and refusals are counted apart.
import type { RateLimitOptions } from './types.ts';

export interface BudgetState {
  allowed: boolean;
  used: number;
  remaining: number;
  /** Milliseconds until the current window ends. */
  resetMs: number;
}

export class RateWindow {
  readonly #options: RateLimitOptions;
  readonly #now: () => number;
  #windowStart = 0;
  #used = 0;
  #started = false;

  constructor(options: RateLimitOptions, now: () => number = Date.now) {
    if (!(options.windowRequests > 0) || !(options.windowSeconds > 0)) {
      throw new Error(`rate limit must be positive, got ${options.windowRequests}/${options.windowSeconds}`);
    }
    this.#options = options;
    this.#now = now;
  }

  /** Counts one request if the budget allows it. */
  take(): BudgetState {
    this.#roll();
    if (!this.#started) {
      this.#started = true;
      this.#windowStart = this.#now();
    }
    const allowed = this.#used < this.#options.windowRequests;
    if (allowed) this.#used += 1;
    return this.peek(allowed);
  }

  peek(allowed = true): BudgetState {
    this.#roll();
    const end = this.#windowStart + this.#options.windowSeconds * 1000;
    return {
      allowed,
      used: this.#used,
      remaining: this.#options.windowRequests - this.#used,
      resetMs: this.#started ? Math.max(0, end - this.#now()) : this.#options.windowSeconds * 1000,
    };
  }

  #roll(): void {
    if (this.#started && this.#now() >= this.#windowStart + this.#options.windowSeconds * 1000) {
      this.#started = false;
      this.#used = 0;
    }
  }
}

export function rateLimitHeaders(state: BudgetState): Record<string, string> {
  return {
    'x-ratelimit-used': String(state.used),
    'x-ratelimit-remaining': state.remaining.toFixed(1),
    'x-ratelimit-reset': String(Math.ceil(state.resetMs / 1000)),
  };
}
