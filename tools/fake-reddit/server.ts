// The simulated Reddit: one loopback HTTP server that plays both hosts a poller talks to — the auth
// host (www.reddit.com: `POST /api/v1/access_token`) and the API host (oauth.reddit.com: listings),
// plus the public-JSON role (same paths, with or without `.json`, and no Authorization header).
//
// Request handling, in order:
// 1. `requireUserAgent`: a missing or generic User-Agent (node, undici, curl, python-requests…) gets
//    403 — Reddit blocks such clients outright rather than rate-limiting them; not budget-counted.
// 2. API auth: `Authorization: bearer <token>` must name a live token, otherwise 401 with
//    `www-authenticate: Bearer realm="reddit", error="invalid_token"` (not budget-counted). No
//    Authorization header at all = the public-JSON role.
// 3. Injected faults (see faults.ts). `status`, `reset-connection` and `delay` act before the budget,
//    like failures at Reddit's edge: a faulted status response carries no x-ratelimit-* headers and
//    costs no budget. A 401 fault also revokes the token the request carried.
// 4. Budget: per OAuth client id (rateLimit, default 1000/600 s) or one shared public-JSON bucket
//    (publicRateLimit, default 100/600 s ≈ Reddit's 10/min for logged-out clients). Past it: 429 with
//    `retry-after`, x-ratelimit-* (remaining "0.0") and Reddit's HTML "whoa there, pardner!" page; the
//    request is counted in `stats.overBudget` and flagged `overBudget` in `requests`.
// 5. The listing (post-store.ts documents the semantics), with `malformed-json`, `unexpected-kind`
//    and `missing-field` faults applied to the body. `count` is accepted and ignored.
// The token endpoint is not budget-counted (it is a different host with its own limits).
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tooManyRequestsHtml } from './cassette-file.ts';
import { FaultQueue, statusFaultResponse } from './faults.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeServer, listen, readBody, send } from './http-util.ts';
import { nextFreshIdValue, postIdFromFullname, seededRandom } from './ids.ts';
import { renderListing } from './listing-json.ts';
import { LivePublisher, type LiveOptions } from './live.ts';
import { buildT3 } from './post-factory.ts';
import { PostStore } from './post-store.ts';
import { RateWindow, rateLimitHeaders, type BudgetState } from './rate-limit.ts';
import { t3Template2026 } from './recordings.ts';
import { parseBasicAuth, parseBearer, TokenIssuer } from './tokens.ts';
import type {
  AuthKind,
  Fault,
  FakePost,
  FakePostInput,
  RateLimitOptions,
  RequestRecord,
  T3Data,
} from './types.ts';

export { PostStore } from './post-store.ts';
export type { Fault, FakePost, FakePostInput, RequestRecord, T3Data } from './types.ts';

export interface FakeRedditOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** OAuth budget per client id; default 1000 requests per 600 s (Reddit's 2026 budget). */
  rateLimit?: RateLimitOptions;
  /** Budget of requests without Authorization (public JSON); default 100 per 600 s. */
  publicRateLimit?: RateLimitOptions;
  /** Default 86400, as in the 2026 recordings (older ones say 3600). */
  tokenExpiresInSeconds?: number;
  /** Accepted credentials; default 'fake-client-id' / 'fake-client-secret'. */
  clientId?: string;
  clientSecret?: string;
  /** Answer 403 to requests without a specific User-Agent (see the header comment). Default false. */
  requireUserAgent?: boolean;
  /**
   * Seeds the id gaps and live mode's picks of texts and subreddits. Default 1. Id values themselves
   * follow the clock (ids.ts: a restarted fake never reuses an id), so they differ between runs.
   */
  seed?: number;
}

export interface FakeReddit {
  /** http://127.0.0.1:PORT — both the auth host and the API host. */
  readonly url: string;
  readonly posts: PostStore;
  /** Adds posts "now": fresh, increasing base-36 ids; created_utc now unless given. */
  publish(posts: FakePostInput[]): FakePost[];
  /** Removes a post: later `before=t3_<id>` returns an empty listing forever. */
  deletePost(id: string): void;
  /** Queued FIFO; each is consumed by the next request it matches (faults.ts). */
  injectFaults(faults: Fault[]): void;
  /** Publishes real post texts from ../shared/data/reddit-posts (or REDDIT_POSTS_DIR). */
  startLive(options: LiveOptions): void;
  stopLive(): void;
  readonly requests: RequestRecord[];
  readonly stats: { requests: number; overBudget: number; tokensIssued: number; postsPublished: number };
  /** Every issued token becomes invalid: the next API call gets 401 invalid_token. */
  expireTokens(): void;
  close(): Promise<void>;
}

export const DEFAULT_CLIENT_ID = 'fake-client-id';
export const DEFAULT_CLIENT_SECRET = 'fake-client-secret';
const DEFAULT_RATE: RateLimitOptions = { windowRequests: 1000, windowSeconds: 600 };
const DEFAULT_PUBLIC_RATE: RateLimitOptions = { windowRequests: 100, windowSeconds: 600 };
const JSON_TYPE = 'application/json; charset=UTF-8';
/** A bare library default (`node`, `curl/8.5.0`, …), unlike `node:myapp:1.0 (by /u/me)`. */
const GENERIC_USER_AGENT =
  /^(node|undici|curl|wget|python-requests|python-urllib\d*|go-http-client|axios|okhttp)(\/\S*)?(\s|$)/i;

export async function startFakeReddit(options: FakeRedditOptions = {}): Promise<FakeReddit> {
  const fake = new SimulatedReddit(options);
  await fake.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return fake;
}

type Route = { kind: 'token' } | { kind: 'listing'; subreddits: string[] | null } | { kind: 'unknown' };

class SimulatedReddit implements FakeReddit {
  readonly posts = new PostStore();
  readonly requests: RequestRecord[] = [];
  readonly #options: FakeRedditOptions;
  readonly #server: http.Server;
  readonly #tokens: TokenIssuer;
  readonly #faults = new FaultQueue();
  readonly #oauthWindows = new Map<string, RateWindow>();
  readonly #publicWindow: RateWindow;
  readonly #live: LivePublisher;
  readonly #random: () => number;
  #template: T3Data | undefined;
  #url = '';
  #counts = { requests: 0, overBudget: 0, postsPublished: 0 };

  constructor(options: FakeRedditOptions) {
    this.#options = options;
    this.#tokens = new TokenIssuer(options.tokenExpiresInSeconds ?? 86400);
    this.#publicWindow = new RateWindow(options.publicRateLimit ?? DEFAULT_PUBLIC_RATE);
    new RateWindow(options.rateLimit ?? DEFAULT_RATE); // validates the option up front
    this.#random = seededRandom(options.seed ?? 1);
    this.#live = new LivePublisher((posts) => this.publish(posts), (options.seed ?? 1) + 1);
    this.#server = http.createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        send(res, 500, { 'content-type': 'text/plain' }, `fake-reddit bug: ${String(err)}`);
      });
    });
    // Pollers keep connections alive between 1 s polls; keep them longer than that.
    this.#server.keepAliveTimeout = 30_000;
  }

  async listen(port: number, host: string): Promise<void> {
    this.#url = await listen(this.#server, port, host);
  }

  get url(): string {
    return this.#url;
  }

  get stats(): FakeReddit['stats'] {
    return { ...this.#counts, tokensIssued: this.#tokens.issued };
  }

  publish(inputs: FakePostInput[]): FakePost[] {
    this.#template ??= t3Template2026();
    const now = Math.floor(Date.now() / 1000);
    const out: FakePost[] = [];
    for (const input of inputs) {
      // Real ids are global counters, so a subreddit's stream has gaps: never assume id + 1.
      const idValue = nextFreshIdValue(this.posts.maxIdValue, Math.floor(this.#random() * 3));
      const post = buildT3(this.#template, idValue, input, now);
      this.posts.add(post);
      out.push(post);
    }
    this.#counts.postsPublished += out.length;
    return out;
  }

  deletePost(id: string): void {
    this.posts.delete(id.replace(/^t3_/, ''));
  }

  injectFaults(faults: Fault[]): void {
    this.#faults.push(faults);
  }

  startLive(options: LiveOptions): void {
    this.#live.start(options);
  }

  stopLive(): void {
    this.#live.stop();
  }

  expireTokens(): void {
    this.#tokens.expireAll();
  }

  async close(): Promise<void> {
    this.#live.stop();
    await closeServer(this.#server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.reddit');
    const authorization = req.headers.authorization;
    const record: RequestRecord = {
      time: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      auth: authKind(authorization),
      role: null,
      userAgent: req.headers['user-agent'],
      budgetUsed: null,
      budgetRemaining: null,
      overBudget: false,
      fault: null,
    };
    this.requests.push(record);
    this.#counts.requests += 1;
    const reply = (status: number, headers: Record<string, string>, body: string): void => {
      record.status = status;
      send(res, status, headers, body);
    };

    if (this.#options.requireUserAgent && !isSpecificUserAgent(record.userAgent)) {
      reply(
        403,
        { 'content-type': 'text/plain; charset=UTF-8', 'x-fake-reddit-reason': 'user-agent' },
        FORBIDDEN_UA,
      );
      return;
    }

    const route = routeOf(record.method, url.pathname);
    let clientId: string | undefined;
    const bearer = parseBearer(authorization);
    if (route.kind !== 'token' && authorization !== undefined) {
      clientId = bearer === undefined ? undefined : this.#tokens.clientOf(bearer);
      if (clientId === undefined) {
        record.auth = record.auth === 'bearer' ? 'invalid-bearer' : record.auth;
        const r = statusFaultResponse(401, '');
        reply(401, { 'content-type': r.contentType, ...r.headers }, r.body);
        return;
      }
    }

    let fault = this.#faults.find({
      path: url.pathname,
      isTokenEndpoint: route.kind === 'token',
      isListing: route.kind === 'listing',
    });
    if (fault?.kind === 'delay') {
      this.#faults.consume(fault);
      record.fault = 'delay';
      await sleep(fault.ms);
      fault = undefined;
    } else if (fault?.kind === 'reset-connection') {
      this.#faults.consume(fault);
      record.fault = fault.kind;
      req.socket.destroy();
      return;
    } else if (fault?.kind === 'status') {
      this.#faults.consume(fault);
      record.fault = fault.kind;
      if (fault.status === 401 && bearer !== undefined) this.#tokens.revoke(bearer);
      const r = statusFaultResponse(fault.status, tooManyRequestsHtml());
      const headers: Record<string, string> = { 'content-type': r.contentType, ...r.headers };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      reply(fault.status, headers, fault.body ?? r.body);
      return;
    }

    if (route.kind === 'token') {
      await this.#token(req, record, reply);
      return;
    }

    record.role = clientId === undefined ? 'public' : 'oauth';
    const budget = this.#window(clientId).take();
    record.budgetUsed = budget.used;
    record.budgetRemaining = budget.remaining;
    const limitHeaders = rateLimitHeaders(budget);
    if (!budget.allowed) {
      record.overBudget = true;
      this.#counts.overBudget += 1;
      const headers = { 'content-type': 'text/html; charset=UTF-8', ...limitHeaders };
      reply(429, { ...headers, 'retry-after': String(retryAfterSeconds(budget)) }, tooManyRequestsHtml());
      return;
    }
    const apiHeaders = {
      'content-type': JSON_TYPE,
      'cache-control': 'private, s-maxage=0, max-age=0, must-revalidate',
      ...limitHeaders,
    };
    if (route.kind === 'unknown') {
      reply(404, apiHeaders, '{"message": "Not Found", "error": 404}');
      return;
    }

    const page = this.posts.query({
      subreddits: route.subreddits,
      limit: parseLimit(record.query['limit']),
      before: anchor(record.query['before']),
      after: anchor(record.query['after']),
    });
    const rendered = renderListing(page, fault, record.query['raw_json'] === '1');
    if (rendered.applied) {
      this.#faults.consume(rendered.applied);
      record.fault = rendered.applied.kind;
    }
    reply(200, apiHeaders, rendered.body);
  }

  async #token(
    req: IncomingMessage,
    record: RequestRecord,
    reply: (status: number, headers: Record<string, string>, body: string) => void,
  ): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const creds = parseBasicAuth(req.headers.authorization);
    const ok =
      creds?.id === (this.#options.clientId ?? DEFAULT_CLIENT_ID) &&
      creds.secret === (this.#options.clientSecret ?? DEFAULT_CLIENT_SECRET);
    if (!ok) {
      reply(401, { 'content-type': JSON_TYPE }, '{"message": "Unauthorized", "error": 401}');
      return;
    }
    // Reddit answers an unsupported grant with 200 and an error field, not a 4xx.
    if (form.get('grant_type') !== 'client_credentials') {
      reply(200, { 'content-type': JSON_TYPE }, '{"error": "unsupported_grant_type"}');
      return;
    }
    record.role = null;
    reply(200, { 'content-type': JSON_TYPE }, JSON.stringify(this.#tokens.issue(creds.id)));
  }

  #window(clientId: string | undefined): RateWindow {
    if (clientId === undefined) return this.#publicWindow;
    let w = this.#oauthWindows.get(clientId);
    if (!w) {
      w = new RateWindow(this.#options.rateLimit ?? DEFAULT_RATE);
      this.#oauthWindows.set(clientId, w);
    }
    return w;
  }
}

const FORBIDDEN_UA =
  'fake-reddit: blocked — send a specific User-Agent such as "node:seriousness-dev:0.1 (by /u/dev)"\n';

function authKind(header: string | undefined): AuthKind {
  if (header === undefined) return 'none';
  if (/^basic\s/i.test(header)) return 'basic';
  if (/^bearer\s/i.test(header)) return 'bearer';
  return 'invalid-bearer';
}

function isSpecificUserAgent(ua: string | undefined): boolean {
  return ua !== undefined && ua.trim() !== '' && !GENERIC_USER_AGENT.test(ua.trim());
}

/** Both hosts' paths on one server; `.json` and a trailing slash are optional, as on Reddit. */
function routeOf(method: string, pathname: string): Route {
  const p = pathname.replace(/\/+$/, '').replace(/\.json$/, '');
  if (p === '/api/v1/access_token') return method === 'POST' ? { kind: 'token' } : { kind: 'unknown' };
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'unknown' };
  if (p === '/new') return { kind: 'listing', subreddits: null };
  const m = /^\/r\/([^/]+)\/new$/.exec(p);
  if (!m?.[1]) return { kind: 'unknown' };
  const subs = decodeURIComponent(m[1]).split('+').filter(Boolean);
  return { kind: 'listing', subreddits: subs };
}

function parseLimit(raw: string | undefined): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n < 1) return 25;
  return Math.min(100, Math.floor(n));
}

/** A post fullname, or undefined: an anchor that is not `t3_…` is ignored like Reddit ignores it. */
function anchor(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  return postIdFromFullname(raw) === undefined ? undefined : raw;
}

function retryAfterSeconds(budget: BudgetState): number {
  return Math.max(1, Math.ceil(budget.resetMs / 1000));
}
