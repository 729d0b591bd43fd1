// The plans of the API's queries on a running `npm start`, taken through its psql port as a human
// with psql would, so a route that slows down with the data's size can be traced to a query.
//
// The queries are the product's own (db/queries/api.queries.ts) with the parameters the routes
// pass: each typed query is run on a connection that prefixes its SQL with EXPLAIN ANALYZE, so the
// text and the bindings are exactly what the API sends.
import pg from 'pg';
import {
  apiActiveModel,
  apiHourlySeries,
  apiPostScores,
  apiSubredditPosts,
  apiSubredditSummaries,
} from '../../db/queries/api.queries.ts';
import type { Queryable, QueryResult } from '../../db/engine/types.ts';
import { seriesRange } from '../../api/series-range.ts';

export interface QueryPlan {
  query: string;
  planningMs: number;
  executionMs: number;
  plan: string;
}

/** The API's default page of posts (api/schemas.ts PostLimit), plus the one that says "more". */
const POSTS_PAGE = 25 + 1;

/**
 * Each query is explained this many times and the fastest kept: the first run in a session also
 * fills the catalog caches for every chunk it plans over, which later requests do not pay.
 */
const RUNS = 3;

/**
 * A connection that explains each statement instead of running it, keeping the last plan.
 * TIMING OFF: per-node clock reads cost so much in the WebAssembly engine that, with them, the
 * /subreddits query explained at 745 ms (1 M posts) while the route's unloaded p99, which runs that
 * query once a second, was 43 ms. Rows, loops and buffers per node stay; the total is the query's.
 */
function explaining(client: pg.Client): Queryable & { lastPlan(): string } {
  let last = '';
  return {
    query: async <Row>(text: string, values?: readonly unknown[]): Promise<QueryResult<Row>> => {
      let best: QueryPlan | undefined;
      for (let run = 0; run < RUNS; run++) {
        const result = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${text}`,
          values ? [...values] : [],
        );
        const plan = toPlan('', result.rows.map((r) => r['QUERY PLAN']).join('\n'));
        if (!best || plan.planningMs + plan.executionMs < best.planningMs + best.executionMs) best = plan;
      }
      last = best!.plan;
      return { rows: [], rowCount: 0 };
    },
    lastPlan: () => last,
  };
}

function toPlan(query: string, plan: string): QueryPlan {
  const time = (label: string) => Number(new RegExp(`${label} Time: ([\\d.]+) ms`).exec(plan)?.[1] ?? NaN);
  return { query, planningMs: time('Planning'), executionMs: time('Execution'), plan };
}

/** EXPLAIN ANALYZE (best of RUNS) of every query behind GET /subreddits and GET /subreddit/:name (for `subreddit`). */
export async function explainApiQueries(dbPort: number, subreddit: string): Promise<QueryPlan[]> {
  const client = new pg.Client({ host: '127.0.0.1', port: dbPort, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const plain: Queryable = {
      query: async <Row>(text: string, values?: readonly unknown[]) => {
        const result = await client.query(text, values ? [...values] : []);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      },
    };
    const [model] = await apiActiveModel.run(undefined, plain);
    if (!model) throw new Error('no active model: nothing for the API to serve');
    const modelVersion = model.version;
    const explain = explaining(client);
    const plans: QueryPlan[] = [];

    await apiSubredditSummaries.run({ modelVersion, now: new Date() }, explain);
    plans.push(toPlan('apiSubredditSummaries (/subreddits)', explain.lastPlan()));

    const range = seriesRange('hour', undefined, undefined);
    await apiHourlySeries.run({ subreddit, modelVersion, from: range.from, to: range.to }, explain);
    plans.push(toPlan('apiHourlySeries (/subreddit/:name, 7 days)', explain.lastPlan()));

    const postsParams = { subreddit, cursorCreatedAt: null, cursorId: null, limit: POSTS_PAGE };
    await apiSubredditPosts.run(postsParams, explain);
    plans.push(toPlan('apiSubredditPosts (/subreddit/:name)', explain.lastPlan()));

    const page = (await apiSubredditPosts.run(postsParams, plain)).slice(0, POSTS_PAGE - 1);
    if (page.length > 0) {
      await apiPostScores.run(
        {
          ids: page.map((p) => p.id),
          createdAts: page.map((p) => p.created_at),
          modelVersion,
          oldest: page.at(-1)!.created_at,
          newest: page[0]!.created_at,
        },
        explain,
      );
      plans.push(toPlan('apiPostScores (/subreddit/:name)', explain.lastPlan()));
    }
    return plans;
  } finally {
    await client.end();
  }
}
