// Scripted faults, consumed first-in first-out: each request consumes at most one fault — the first
// one in the queue that matches it. Matching:
// - without `match.path`, a fault targets API requests only (never the token endpoint), so "a 401 on
//   the next poll" does not also break the re-login that follows it;
// - with `match.path`, any request whose path (without query) matches the RegExp, token endpoint
//   included (e.g. `{ kind: 'status', status: 429, match: { path: /access_token/ } }`);
// - `unexpected-kind` and `missing-field` only match listing requests, and `missing-field` only a
//   listing page that has at least one post (otherwise it stays queued for the next page).
// A fault that does not get applied (e.g. the request was refused for budget) stays queued.
import type { Fault } from './types.ts';

export interface FaultContext {
  path: string;
  isTokenEndpoint: boolean;
  isListing: boolean;
}

export class FaultQueue {
  #queue: Fault[] = [];

  push(faults: readonly Fault[]): void {
    this.#queue.push(...faults);
  }

  get pending(): readonly Fault[] {
    return this.#queue;
  }

  clear(): void {
    this.#queue = [];
  }

  /** The first queued fault matching the request (not removed: call `consume` once applied). */
  find(ctx: FaultContext): Fault | undefined {
    return this.#queue.find((f) => matches(f, ctx));
  }

  consume(fault: Fault): void {
    const i = this.#queue.indexOf(fault);
    if (i >= 0) this.#queue.splice(i, 1);
  }
}

function matches(fault: Fault, ctx: FaultContext): boolean {
  const pattern = fault.match?.path;
  if (pattern) {
    pattern.lastIndex = 0;
    if (!pattern.test(ctx.path)) return false;
  } else if (ctx.isTokenEndpoint) {
    return false;
  }
  if (fault.kind === 'unexpected-kind' || fault.kind === 'missing-field') return ctx.isListing;
  return true;
}

/** Bodies and headers Reddit's edge sends for each status, as recorded in prawcore's cassettes. */
export function statusFaultResponse(
  status: number,
  tooManyRequestsHtml: string,
): { contentType: string; body: string; headers: Record<string, string> } {
  const json = 'application/json; charset=UTF-8';
  switch (status) {
    case 401:
      return {
        contentType: json,
        body: '{"message": "Unauthorized", "error": 401}',
        headers: { 'www-authenticate': 'Bearer realm="reddit", error="invalid_token"' },
      };
    case 403:
      return { contentType: json, body: '{"message": "Forbidden", "error": 403}', headers: {} };
    case 429:
      return { contentType: 'text/html; charset=UTF-8', body: tooManyRequestsHtml, headers: {} };
    default:
      // 500/502/503/504 and Cloudflare's 520/522 came back with an empty body (Content-Length: 0).
      return { contentType: json, body: '', headers: {} };
  }
}
