// The OpenAPI 3.1 document, generated from the zod schemas that validate requests and the ones
// the contract tests parse responses with (schemas.ts). OpenAPI 3.1 uses JSON Schema 2020-12,
// which is what z.toJSONSchema emits. The operations table is also what the docs page renders, and
// a test checks it against the router's routes.
import { z } from 'zod';
import * as S from './schemas.ts';

export interface Operation {
  method: 'get';
  /** Koa-style path, e.g. /subreddit/:name */
  path: string;
  summary: string;
  description: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  response?: z.ZodType;
  /** Content types besides JSON. */
  produces?: ('text/csv' | 'text/plain' | 'text/html')[];
  errors: number[];
  tag: string;
}

const LIST_CSV = 'Answers CSV (RFC 4180) with `?format=csv` or `Accept: text/csv`.';
const CACHING =
  'Data answers carry a weak ETag (304 on If-None-Match) and `Cache-Control: public, max-age=1, stale-while-revalidate=5`.';

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/subreddits',
    tag: 'data',
    summary: 'Every tracked subreddit with its seriousness',
    description:
      'All-time mean seriousness and post count (all-time view over the daily continuous aggregate), the ' +
      'last 24 hours and the 24 before them (hourly continuous aggregate), and the trend between the two. ' +
      `Filter with q, sort, page with limit/offset. ${LIST_CSV} ${CACHING}`,
    query: S.SubredditsQuery,
    response: S.SubredditsResponse,
    produces: ['text/csv'],
    errors: [400],
  },
  {
    method: 'get',
    path: '/subreddit/:name',
    tag: 'data',
    summary: 'One subreddit: all-time score, series and newest posts',
    description:
      'The all-time figures; one series point per hour (or day) in [from, to) with empty buckets explicit ' +
      '(default: the last 7 days of hours, the current hour included); and the newest page of posts with ' +
      'their scores (keyset cursor; continue with /subreddit/{name}/posts). With CSV the answer is the series. ' +
      `Names are case-insensitive; an invalid name is a 400, an untracked one a 404. ${CACHING}`,
    params: S.SubredditParams,
    query: S.SubredditQuery,
    response: S.SubredditResponse,
    produces: ['text/csv'],
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/subreddit/:name/posts',
    tag: 'data',
    summary: "A page of a subreddit's posts with their seriousness",
    description: `Newest first, keyset-paginated (nextCursor, and a Link rel="next" header). ${LIST_CSV} ${CACHING}`,
    params: S.SubredditParams,
    query: S.PostsQuery,
    response: S.PostsResponse,
    produces: ['text/csv'],
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/posts/:id/explanation',
    tag: 'data',
    summary: 'Why a post got its score',
    description:
      'The tokens that moved the served model towards serious (weight > 0) or not, strongest first. ' +
      '503 when this API process has no model loaded.',
    params: S.ExplanationParams,
    query: S.ExplanationQuery,
    response: S.ExplanationResponse,
    errors: [400, 404, 503],
  },
  {
    method: 'get',
    path: '/status',
    tag: 'operations',
    summary: 'Pipeline status',
    description:
      'Served model, ingest lag and Reddit rate budget per polled listing, scorer throughput and lag over the ' +
      'last minute, and the depth of the score queue. Not cached (`no-store`).',
    response: S.StatusResponse,
    errors: [],
  },
  {
    method: 'get',
    path: '/health',
    tag: 'operations',
    summary: 'Liveness',
    description: 'The process answers. Touches nothing else.',
    response: S.HealthResponse,
    errors: [],
  },
  {
    method: 'get',
    path: '/ready',
    tag: 'operations',
    summary: 'Readiness',
    description: 'The database answers within 2 s and has every migration this build ships; 503 otherwise.',
    response: S.ReadyResponse,
    errors: [503],
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'operations',
    summary: 'Prometheus metrics',
    description: 'Request counts and latencies by route template and status, and process metrics.',
    produces: ['text/plain'],
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    tag: 'operations',
    summary: 'This document',
    description: 'OpenAPI 3.1, generated from the schemas that validate requests.',
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    tag: 'operations',
    summary: 'Human-readable API docs',
    description: 'An HTML page rendered from this document (no external assets).',
    produces: ['text/html'],
    errors: [],
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input (the body names each bad field)',
  404: 'Not found',
  503: 'Unavailable',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** `/subreddit/:name` → `/subreddit/{name}` */
export function openApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z_]+)/g, '{$1}');
}

function parameters(where: 'path' | 'query', object: z.ZodObject | undefined) {
  if (!object) return [];
  return Object.entries(object.shape).map(([name, field]) => {
    const schema = jsonSchema(field as z.ZodType, 'input');
    const { description, ...rest } = schema;
    return {
      name,
      in: where,
      required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

export function buildOpenApi(serverUrl?: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const content: Record<string, unknown> = {};
    if (op.response) content['application/json'] = { schema: jsonSchema(op.response, 'output') };
    for (const type of op.produces ?? []) content[type] = { schema: { type: 'string' } };
    const responses: Record<string, unknown> = {
      '200': { description: 'OK', content },
      ...(op.response ? { '304': { description: 'Not modified (If-None-Match matched the ETag)' } } : {}),
    };
    for (const status of op.errors) {
      responses[String(status)] = {
        description: ERROR_TEXT[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    responses['500'] = {
      description: 'Internal error (details are logged, never sent)',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    (paths[openApiPath(op.path)] ??= {})[op.method] = {
      operationId:
        op.method +
        op.path.replace(/[/:.]+([a-z])?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()),
      tags: [op.tag],
      summary: op.summary,
      description: op.description,
      parameters: [...parameters('path', op.params), ...parameters('query', op.query)],
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reddit seriousness API',
      version: '1.0.0',
      description:
        'Seriousness of Reddit subreddits, scored per post by a machine-learning model and rolled up by ' +
        'hour, day and all time in TimescaleDB continuous aggregates. Scores are those of the active model ' +
        '(`modelVersion`). Errors are JSON: `{ "error": { status, code, message, details?, requestId } }`.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [
      { name: 'data', description: 'Seriousness figures' },
      { name: 'operations', description: 'Health, status, metrics, documentation' },
    ],
    paths,
    components: { schemas: { Error: jsonSchema(S.ErrorResponse, 'output') } },
  };
}
