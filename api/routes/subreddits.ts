// GET /subreddits — every tracked subreddit with its all-time and last-24-hour seriousness and a
// trend; name search, sorting and offset pagination over the (≤ 1 s old) summaries.
import type { Router } from '@koa/router';
import type { ApiData } from '../data.ts';
import { cacheData, sendCsv, wantsCsv, type Ctx } from '../respond.ts';
import { SubredditsQuery, type SubredditSummary } from '../schemas.ts';
import type { ApiState } from '../state.ts';
import { validate } from '../validate.ts';

type Sort = SubredditsQuery['sort'];

const KEYS: Record<Sort, (s: SubredditSummary) => number | string | null> = {
  score: (s) => s.seriousnessMean,
  posts: (s) => s.postCount,
  name: (s) => s.name.toLowerCase(),
  trend: (s) => s.trend,
};

/** Sorted copy; nulls last whatever the order; ties broken by name so pages are stable. */
export function sortSummaries(list: readonly SubredditSummary[], sort: Sort, order: 'asc' | 'desc') {
  const key = KEYS[sort];
  const sign = order === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return (ka < kb ? -1 : 1) * sign;
    }
    const na = a.name.toLowerCase();
    const nb = b.name.toLowerCase();
    if (na !== nb) return na < nb ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

export const SUBREDDIT_CSV_COLUMNS = [
  'name',
  'postCount',
  'seriousnessMean',
  'postCount24h',
  'seriousnessMean24h',
  'seriousnessMeanPrev24h',
  'trend',
  'firstDay',
  'lastDay',
] as const satisfies readonly (keyof SubredditSummary)[];

export function subredditsRoutes(router: Router<ApiState>, data: ApiData): void {
  router.get('/subreddits', async (ctx: Ctx) => {
    const query = validate(SubredditsQuery, ctx.query, 'query');
    const order = query.order ?? (query.sort === 'name' ? 'asc' : 'desc');
    const modelVersion = await data.servedModel();
    const all = modelVersion ? (await data.summaries(modelVersion)).list : [];
    const q = query.q?.toLowerCase();
    const matching = q ? all.filter((s) => s.name.toLowerCase().includes(q)) : all;
    const sorted = sortSummaries(matching, query.sort, order);
    const items = sorted.slice(query.offset, query.offset + query.limit);
    const next = query.offset + query.limit;
    cacheData(ctx);
    if (wantsCsv(ctx, query.format)) {
      sendCsv(ctx, 'subreddits.csv', SUBREDDIT_CSV_COLUMNS, items);
      return;
    }
    ctx.body = {
      modelVersion,
      total: matching.length,
      limit: query.limit,
      offset: query.offset,
      nextOffset: next < matching.length ? next : null,
      items,
    };
  });
}
