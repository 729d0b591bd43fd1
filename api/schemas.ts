// The API's zod schemas: request params/queries (validated at each route, the parsed value
// replacing the raw input) and responses (the contract tests parse every answer with them). The
// OpenAPI document (openapi.ts) is generated from these same schemas with z.toJSONSchema.
import { z } from 'zod';
import { SUBREDDIT_NAME, SUBREDDIT_NAME_PART } from '../db/subreddit-name.ts';

// ---- shared pieces -------------------------------------------------------------------------

/** Reddit subreddit names: 2–21 letters, digits or underscores. Matched case-insensitively. */
export const SubredditName = z
  .string()
  .regex(SUBREDDIT_NAME, 'a subreddit name is 2–21 letters, digits or underscores')
  .meta({
    description: 'Subreddit name, case-insensitive (2–21 letters, digits, underscores).',
    example: 'AskScience',
  });

/** A Reddit post id (base 36), with or without the `t3_` prefix. */
export const PostId = z
  .string()
  .regex(/^(t3_)?[0-9a-z]{1,16}$/, 'a post id is 1–16 base-36 characters, optionally prefixed t3_')
  .meta({ description: 'Reddit post id (base 36), optionally with its t3_ prefix.', example: '1h2k3x' });

const Format = z
  .enum(['json', 'csv'])
  .optional()
  .meta({ description: 'Answer format. Without it, `Accept: text/csv` selects CSV; JSON otherwise.' });

const Timestamp = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).meta({
  description: 'ISO 8601 date-time with offset (2026-11-20T00:00:00Z) or date (2026-11-20, UTC midnight).',
});

const IsoDateTime = z.iso.datetime();
const Mean = z.number().min(0).max(1);

// ---- GET /subreddits ---------------------------------------------------------------------

export const SUBREDDIT_SORTS = ['score', 'posts', 'name', 'trend'] as const;

export const SubredditsQuery = z.object({
  q: z
    .string()
    .regex(SUBREDDIT_NAME_PART, 'q is up to 21 letters, digits or underscores')
    .optional()
    .meta({ description: 'Only subreddits whose name contains this text (case-insensitive).' }),
  sort: z
    .enum(SUBREDDIT_SORTS)
    .default('score')
    .meta({
      description:
        'score = all-time mean seriousness, posts = all-time scored posts, name, trend (see the response). ' +
        'Ties are broken by name, so pages are stable.',
    }),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .meta({ description: 'Default: asc for name, desc otherwise. Null trends always sort last.' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  format: Format,
});
export type SubredditsQuery = z.infer<typeof SubredditsQuery>;

export const SubredditSummary = z.object({
  name: z.string().meta({ description: 'Canonical spelling, as Reddit writes it.' }),
  postCount: z.int().min(0).meta({ description: 'All-time number of scored posts.' }),
  seriousnessMean: Mean.meta({ description: 'All-time mean seriousness (0 = unserious, 1 = serious).' }),
  firstDay: IsoDateTime,
  lastDay: IsoDateTime,
  postCount24h: z.int().min(0).meta({ description: 'Scored posts created in the last 24 hourly buckets.' }),
  seriousnessMean24h: Mean.nullable().meta({
    description: 'Mean over the last 24 hourly buckets; null if none.',
  }),
  seriousnessMeanPrev24h: Mean.nullable().meta({
    description: 'Mean over the 24 hourly buckets before those.',
  }),
  trend: z
    .number()
    .min(-1)
    .max(1)
    .nullable()
    .meta({
      description:
        'seriousnessMean24h − seriousnessMeanPrev24h: the last 24 hourly buckets (the current, partial hour ' +
        'included) against the 24 before them, from the hourly continuous aggregate. Null when either window ' +
        'has no scored post.',
    }),
});
export type SubredditSummary = z.infer<typeof SubredditSummary>;

export const SubredditsResponse = z.object({
  modelVersion: z
    .string()
    .nullable()
    .meta({ description: 'The model whose scores are served; null if none is active.' }),
  total: z.int().min(0).meta({ description: 'Subreddits matching q (before paging).' }),
  limit: z.int(),
  offset: z.int(),
  nextOffset: z.int().nullable().meta({ description: 'offset of the next page; null on the last.' }),
  items: z.array(SubredditSummary),
});

// ---- GET /subreddit/:name ----------------------------------------------------------------

export const SubredditParams = z.object({ name: SubredditName });

export const MAX_RANGE = { hour: 90 * 24 * 3600_000, day: 5 * 366 * 24 * 3600_000 } as const;

const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'cursor is an opaque token from nextCursor')
  .meta({ description: 'Opaque: the nextCursor of the previous page.' });
const PostLimit = z.coerce.number().int().min(1).max(100).default(25);

export const SubredditQuery = z.object({
  from: Timestamp.optional().meta({
    description:
      'Series start (inclusive, rounded down to the bucket). Default: `to` minus 7 days (hour) or 30 days (day).',
  }),
  to: Timestamp.optional().meta({
    description:
      'Series end (exclusive, rounded up to the bucket). Default: the end of the current hour/day.',
  }),
  bucket: z.enum(['hour', 'day']).default('hour').meta({
    description: 'Series resolution, in UTC. At most 90 days of hours or 5 years of days per request.',
  }),
  cursor: Cursor.optional(),
  limit: PostLimit.meta({ description: 'Posts per page, 1–100.' }),
  format: Format.meta({ description: 'csv answers the series (bucket, postCount, seriousnessMean).' }),
});
export type SubredditQuery = z.infer<typeof SubredditQuery>;

export const PostsQuery = z.object({ cursor: Cursor.optional(), limit: PostLimit, format: Format });

export const SeriesPoint = z.object({
  bucket: IsoDateTime.meta({ description: 'Start of the hour/day (UTC).' }),
  postCount: z.int().min(0),
  seriousnessMean: Mean.nullable().meta({ description: 'Null for an empty bucket (postCount 0).' }),
});

export const Post = z.object({
  id: z.string(),
  title: z.string(),
  permalink: z.string().nullable(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  createdAt: IsoDateTime,
  score: z.int().meta({ description: 'Reddit score as last seen.' }),
  numComments: z.int(),
  seriousness: Mean.nullable().meta({ description: 'Score by the served model; null while not scored yet.' }),
});

export const PostsPage = z.object({
  limit: z.int(),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as ?cursor= for older posts; null on the last page.' }),
  items: z.array(Post),
});

export const SubredditResponse = z.object({
  name: z.string(),
  modelVersion: z.string(),
  allTime: SubredditSummary.omit({ name: true }),
  series: z.object({
    bucket: z.enum(['hour', 'day']),
    from: IsoDateTime,
    to: IsoDateTime,
    points: z
      .array(SeriesPoint)
      .meta({ description: 'One point per bucket in [from, to), empty buckets included.' }),
  }),
  posts: PostsPage,
});

export const PostsResponse = PostsPage.extend({ name: z.string(), modelVersion: z.string() });

// ---- GET /posts/:id/explanation ----------------------------------------------------------

export const ExplanationParams = z.object({ id: PostId });
export const ExplanationQuery = z.object({
  top: z.coerce.number().int().min(1).max(50).default(10).meta({ description: 'How many tokens, 1–50.' }),
});
export const ExplanationResponse = z.object({
  postId: z.string(),
  modelVersion: z.string(),
  seriousness: Mean,
  contributions: z
    .array(
      z.object({
        token: z
          .string()
          .meta({ description: 'Feature, e.g. tw:lol (title word), bw2:… (body bigram), m:link.' }),
        weight: z.number().meta({ description: 'Contribution to the logit: > 0 towards serious.' }),
      }),
    )
    .meta({ description: 'Strongest first.' }),
});

// ---- status, health ----------------------------------------------------------------------

const NullableNumber = z.number().nullable();
const NullableDate = IsoDateTime.nullable();

export const StatusResponse = z.object({
  servedModel: z.string().nullable(),
  models: z.object({
    active: z.string().nullable(),
    activeSince: NullableDate,
    rescoring: z
      .object({ version: z.string(), startedAt: NullableDate, done: NullableNumber, total: NullableNumber })
      .nullable(),
  }),
  ingest: z.array(
    z.object({
      listing: z.string(),
      mode: z.string(),
      lastPollAt: NullableDate,
      lastSuccessAt: NullableDate,
      lagSeconds: NullableNumber.meta({ description: 'Age of the newest stored post.' }),
      secondsSinceSuccess: NullableNumber,
      postsPerMinute: NullableNumber,
      rateRemaining: NullableNumber.meta({ description: 'Reddit rate budget left (x-ratelimit-remaining).' }),
      rateResetAt: NullableDate,
      lastError: z.string().nullable(),
      lastErrorAt: NullableDate,
      consecutiveErrors: z.number(),
      postsTotal: z.number(),
      errorsTotal: z.number(),
      gapsTotal: z.number(),
    }),
  ),
  scorer: z.object({
    scoredLastMinute: NullableNumber,
    lagP50Seconds: NullableNumber.meta({ description: 'Ingest → score lag, median over the last minute.' }),
    lagMaxSeconds: NullableNumber,
  }),
  queue: z
    .object({
      name: z.string(),
      queued: z.number(),
      ready: z.number(),
      active: z.number(),
      deferred: z.number(),
      failed: z.number(),
      total: z.number(),
      countedAt: z.iso
        .datetime()
        .meta({ description: 'When pg-boss counted these jobs: at most a minute before the request.' }),
    })
    .nullable()
    .meta({
      description:
        'The score queue, counted from its job table by pg-boss (a count is reused for up to a minute). Null when not available.',
    }),
});

export const HealthResponse = z.object({ status: z.literal('ok') });
export const ReadyResponse = z.object({
  status: z.literal('ready'),
  schemaVersion: z.int(),
});

export const ErrorResponse = z.object({
  error: z.object({
    status: z.int(),
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});

// ---- helpers ---------------------------------------------------------------------------------

/** Raw query values from Koa: a repeated key arrives as an array (and fails a string schema → 400). */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
