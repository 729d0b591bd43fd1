// Exponential backoff with jitter: a random wait in [c/10, c] where c = min(max, base·2^attempt)
// (AWS's "full jitter", with a floor so that a retry is never instant). Jitter keeps many clients (or one client's retries after an
// outage) from hammering Reddit in lockstep; the cap keeps a long outage from growing the wait
// without bound. The math is pure, so it is unit-tested with a fixed random source.
import { setTimeout as delay } from 'node:timers/promises';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** attempt 0 = the wait after the first failure. */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
}

export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  return Math.round(ceiling / 10 + random() * ceiling * 0.9);
}

/** Sleeps `ms`, resolving early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(Math.max(0, ms), undefined, signal ? { signal } : {}).catch(() => undefined);
}
