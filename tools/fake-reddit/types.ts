// Types shared by the fake Reddit's modules and by the tests/benchmarks that drive it.

/** A `t3` object exactly as Reddit sends it (100+ fields in 2026); only the ones we touch are typed. */
export type T3Data = Record<string, unknown> & { id: string; name: string; subreddit?: string };

/** What a test or the live publisher hands to `publish()`; the fake assigns the id. */
export interface FakePostInput {
  subreddit: string;
  title: string;
  selftext?: string;
  author?: string;
  /** Unix seconds; default: now. */
  created_utc?: number;
  over_18?: boolean;
  score?: number;
  num_comments?: number;
}

/** A post in the simulated corpus: its listing key plus the full wire object. */
export interface FakePost {
  readonly id: string;
  /** `t3_<id>` */
  readonly name: string;
  /** Lower-cased subreddit name: the listing filter is case-insensitive. */
  readonly subredditKey: string;
  readonly idValue: number;
  /** The full `t3` data object served in listings. */
  readonly data: T3Data;
}

export type FaultMatch = { path?: RegExp };

export type StatusFaultCode = 401 | 403 | 429 | 500 | 502 | 503 | 504 | 520 | 522;

export type Fault =
  | { kind: 'status'; status: StatusFaultCode; retryAfter?: number; body?: string; match?: FaultMatch }
  | { kind: 'malformed-json'; match?: FaultMatch }
  | { kind: 'unexpected-kind'; childKind?: string; match?: FaultMatch }
  | { kind: 'missing-field'; field: string; match?: FaultMatch }
  | { kind: 'delay'; ms: number; match?: FaultMatch }
  | { kind: 'reset-connection'; match?: FaultMatch };

/** How a request authenticated itself. */
export type AuthKind = 'basic' | 'bearer' | 'invalid-bearer' | 'none';

export interface RequestRecord {
  /** Epoch milliseconds when the request arrived. */
  time: number;
  method: string;
  /** Path without the query string, e.g. `/r/all/new`. */
  path: string;
  query: Record<string, string>;
  /** 0 when the connection was reset without a response. */
  status: number;
  auth: AuthKind;
  /** `oauth` (valid bearer token), `public` (no Authorization) or null (token endpoint, 401s). */
  role: 'oauth' | 'public' | null;
  userAgent: string | undefined;
  /** The budget of this request's role right after it (null when it was not counted against one). */
  budgetUsed: number | null;
  budgetRemaining: number | null;
  /** True for a request refused with 429 because the window's budget was spent. */
  overBudget: boolean;
  /** The injected fault this request consumed, if any. */
  fault: Fault['kind'] | null;
}

export interface RateLimitOptions {
  windowRequests: number;
  windowSeconds: number;
}
