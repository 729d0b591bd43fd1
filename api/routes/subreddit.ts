// GET /subreddit/:name — one subreddit: its all-time figures, its series (hourly for the last week
// by default, empty buckets explicit) and the newest page of its posts with their scores.
// GET /subreddit/:name/posts — the posts alone, for paging on (JSON or CSV).
import type { Router } from '@koa/router';
import type { Queryable } from '../../db/engine/types.ts';
import {
  apiDailySeries,
  apiHourlySeries,
  apiPostScores,
  apiSubredditPosts,
} from '../../db/queries/api.queries.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { ApiData } from '../data.ts';
import { notFound } from '../middleware/errors.ts';
import { cacheData, renderJson, sendCsv, sendRendered, wantsCsv, type Ctx } from '../respond.ts';
import { PostsQuery, SubredditParams, SubredditQuery, type SubredditSummary } from '../schemas.ts';
import { fillSeries, seriesRange, type SeriesPoint, type SeriesRange } from '../series-range.ts';
import type { ApiState } from '../state.ts';
import { validate } from '../validate.ts';

/** The served model, or 404: no subreddit is tracked before a model is active. */
async function servedModelOr404(data: ApiData, name: string): Promise<string> {
  const modelVersion = await data.servedModel();
  if (!modelVersion) throw notFound(`No subreddit named ${name} is tracked`);
  return modelVersion;
}

/** The subreddit as tracked (case-insensitive) under the served model, or 404. */
async function summaryOf(data: ApiData, name: string, modelVersion: string): Promise<SubredditSummary> {
  const summary = (await data.summaries(modelVersion)).byName.get(name.toLowerCase());
  if (!summary) throw notFound(`No subreddit named ${name} is tracked`);
  return summary;
}

async function series(db: Queryable, subreddit: string, modelVersion: string, range: SeriesRange) {
  const query = range.bucket === 'hour' ? apiHourlySeries : apiDailySeries;
  const rows = await query.run({ subreddit, modelVersion, from: range.from, to: range.to }, db);
  return fillSeries(range, rows);
}

/**
 * A series read for an earlier range, moved to `range`: the buckets both share keep their figures,
 * the new ones are empty. Right only while the subreddit's data has not changed since the read
 * (the caller's cache checks that): then no score has landed in a bucket the read did not see.
 */
function moveSeries(range: SeriesRange, points: readonly SeriesPoint[]): SeriesPoint[] {
  const byBucket = new Map(points.map((p) => [p.bucket, p]));
  return fillSeries(range, []).map((empty) => byBucket.get(empty.bucket) ?? empty);
}

export async function postsPage(
  db: Queryable,
  subreddit: string,
  modelVersion: string,
  cursorText: string | undefined,
  limit: number,
) {
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
  // One more than asked: whether it exists says if there is a next page.
  const rows = await apiSubredditPosts.run(
    {
      subreddit,
      cursorCreatedAt: cursor?.createdAt ?? null,
      cursorId: cursor?.id ?? null,
      limit: limit + 1,
    },
    db,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const scores = new Map<string, number>();
  if (page.length > 0) {
    const scored = await apiPostScores.run(
      {
        ids: page.map((r) => r.id),
        createdAts: page.map((r) => r.created_at),
        modelVersion,
        // Newest first: the page spans [last, first].
        oldest: last!.created_at,
        newest: page[0]!.created_at,
      },
      db,
    );
    for (const s of scored) scores.set(s.post_id, s.seriousness);
  }
  return {
    limit,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      permalink: r.permalink,
      url: r.url,
      author: r.author,
      createdAt: r.created_at.toISOString(),
      score: r.score,
      numComments: r.num_comments,
      seriousness: scores.get(r.id) ?? null,
    })),
  };
}

const POST_CSV_COLUMNS = [
  'id',
  'createdAt',
  'title',
  'author',
  'permalink',
  'url',
  'score',
  'numComments',
  'seriousness',
] as const;

export function subredditRoutes(router: Router<ApiState>, db: Queryable, data: ApiData): void {
  router.get('/subreddit/:name', async (ctx: Ctx) => {
    const query = validate(SubredditQuery, ctx.query, 'query');
    const range = seriesRange(query.bucket, query.from, query.to);
    const { name } = validate(
      SubredditParams,
      { name: (ctx.params as { name?: unknown }).name },
      'subreddit name',
    );
    const csv = wantsCsv(ctx, query.format);
    const modelVersion = await servedModelOr404(data, name);
    const page = csv ? 'csv' : `${query.cursor ?? ''}|${query.limit}`;
    // The hour too: the all-time figures carry 24-hour windows that move with it.
    const hour = Math.floor(Date.now() / 3_600_000);
    const key = `subreddit|${modelVersion}|${hour}|${range.bucket}|${range.from.getTime()}|${range.to.getTime()}|${page}`;
    // Reused until this subreddit's data changes (../data.ts); a miss reads it all again.
    if (csv) {
      const { summary, points } = await data.answer(name, key, async () => {
        const summary = await summaryOf(data, name, modelVersion);
        return { summary, points: await series(db, summary.name, modelVersion, range) };
      });
      cacheData(ctx);
      sendCsv(
        ctx,
        `${summary.name}-${range.bucket}ly.csv`,
        ['bucket', 'postCount', 'seriousnessMean'],
        points,
      );
      return;
    }
    // The default series (the last week, hourly) moves with the hour: at the turn of the hour every
    // subreddit's answer is new, but the series and the posts page read before it are still right
    // for a subreddit whose data has not changed since — moved by the hour, they are reused (at
    // 1,000 subreddits, 1,000 reads of the engine at every hour otherwise: issue #20).
    const movesWithTheHour = query.from === undefined && query.to === undefined && range.bucket === 'hour';
    const answer = await data.answer(name, key, async () => {
      const { name: trackedName, ...allTime } = await summaryOf(data, name, modelVersion);
      const read = async () => ({
        points: await series(db, trackedName, modelVersion, range),
        posts: await postsPage(db, trackedName, modelVersion, query.cursor, query.limit),
      });
      const parts = movesWithTheHour
        ? await data.answer(name, `subreddit-parts|${modelVersion}|${page}`, read)
        : await read();
      const points = movesWithTheHour ? moveSeries(range, parts.points) : parts.points;
      const posts = parts.posts;
      const seriesBody = {
        bucket: range.bucket,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        points,
      };
      return renderJson({ name: trackedName, modelVersion, allTime, series: seriesBody, posts });
    });
    cacheData(ctx);
    sendRendered(ctx, answer);
  });

  router.get('/subreddit/:name/posts', async (ctx: Ctx) => {
    const query = validate(PostsQuery, ctx.query, 'query');
    const { name } = validate(
      SubredditParams,
      { name: (ctx.params as { name?: unknown }).name },
      'subreddit name',
    );
    const modelVersion = await servedModelOr404(data, name);
    const key = `posts|${modelVersion}|${query.cursor ?? ''}|${query.limit}`;
    const { summary, page, json } = await data.answer(name, key, async () => {
      const summary = await summaryOf(data, name, modelVersion);
      const page = await postsPage(db, summary.name, modelVersion, query.cursor, query.limit);
      return { summary, page, json: renderJson({ name: summary.name, modelVersion, ...page }) };
    });
    cacheData(ctx);
    if (page.nextCursor) {
      ctx.append(
        'Link',
        `</subreddit/${summary.name}/posts?cursor=${page.nextCursor}&limit=${page.limit}>; rel="next"`,
      );
    }
    if (wantsCsv(ctx, query.format)) {
      sendCsv(ctx, `${summary.name}-posts.csv`, POST_CSV_COLUMNS, page.items);
      return;
    }
    sendRendered(ctx, json);
  });
}
