// GET /subreddits — every tracked subreddit with its all-time and last-24-hour seriousness and a
// trend; name search, sorting and offset pagination over the (≤ 1 s old) summaries.
import type { Router } from '@koa/router';
import type { ApiData, Summaries } from '../data.ts';
import { noteAnswerReuse } from '../middleware/server-timing.ts';
import {
  cacheData,
  renderJson,
  sendCsv,
  sendRendered,
  wantsCsv,
  type Ctx,
  type RenderedJson,
} from '../respond.ts';
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

/** Rendered JSON answers per summaries read (a new read drops them all), at most this many each. */
const MAX_RENDERED = 256;
const rendered = new WeakMap<Summaries, Map<string, RenderedJson>>();

/** The JSON answer for `key` over `summaries`, rendered once per state of them. */
function renderOnce(summaries: Summaries | undefined, key: string, render: () => unknown): RenderedJson {
  if (!summaries) return renderJson(render());
  let answers = rendered.get(summaries);
  if (!answers) rendered.set(summaries, (answers = new Map<string, RenderedJson>()));
  let answer = answers.get(key);
  noteAnswerReuse(answer !== undefined);
  if (answer === undefined) {
    answer = renderJson(render());
    if (answers.size >= MAX_RENDERED) answers.delete(answers.keys().next().value!);
    answers.set(key, answer);
  }
  return answer;
}

export function subredditsRoutes(router: Router<ApiState>, data: ApiData): void {
  router.get('/subreddits', async (ctx: Ctx) => {
    const query = validate(SubredditsQuery, ctx.query, 'query');
    const order = query.order ?? (query.sort === 'name' ? 'asc' : 'desc');
    const modelVersion = await data.servedModel();
    const summaries = modelVersion ? await data.summaries(modelVersion) : undefined;
    const page = () => {
      const all = summaries?.list ?? [];
      const q = query.q?.toLowerCase();
      const matching = q ? all.filter((s) => s.name.toLowerCase().includes(q)) : all;
      const sorted = sortSummaries(matching, query.sort, order);
      const next = query.offset + query.limit;
      return {
        total: matching.length,
        nextOffset: next < matching.length ? next : null,
        items: sorted.slice(query.offset, query.offset + query.limit),
      };
    };
    cacheData(ctx);
    if (wantsCsv(ctx, query.format)) {
      sendCsv(ctx, 'subreddits.csv', SUBREDDIT_CSV_COLUMNS, page().items);
      return;
    }
    // Sorting and serialising a thousand summaries, and hashing the result for its ETag: once per
    // state of the summaries and query, not per request.
    const key = JSON.stringify([query.q ?? '', query.sort, order, query.offset, query.limit]);
    const answer = renderOnce(summaries, key, () => {
      const { total, nextOffset, items } = page();
      return { modelVersion, total, limit: query.limit, offset: query.offset, nextOffset, items };
    });
    sendRendered(ctx, answer);
  });
}
