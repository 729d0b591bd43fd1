// Overview: the subreddit table (search and sort from the URL, done by the API), the headline
// extremes, and a week of hourly seriousness per visible row for the sparklines.
import { error } from '@sveltejs/kit';
import { ApiError, apiBase, apiGet } from '../lib/server/api.ts';
import { DAY_MS, HOUR_MS, parseOverviewState } from '../lib/shape.ts';
import type { SeriesPoint, SubredditResponse, SubredditsResponse } from '../lib/types.ts';
import type { PageServerLoad } from './$types';

/** Sparklines cost one API request each: only the first rows get one. */
const SPARKLINE_ROWS = 25;
/**
 * A week of hours barely moves between two polls of the page (every 3 s per open tab): reuse
 * each sparkline for this long instead of asking the API for 25 series every time.
 */
const SPARKLINE_TTL_MS = 30_000;
const sparklineMemo = new Map<string, { at: number; points: SeriesPoint[] }>();

export const load: PageServerLoad = async ({ fetch, url, depends }) => {
  depends('app:live');
  const state = parseOverviewState(url.searchParams);
  const query = new URLSearchParams({ sort: state.sort, order: state.order, limit: '1000' });
  if (state.q) query.set('q', state.q);
  try {
    const [list, all] = await Promise.all([
      apiGet<SubredditsResponse>(fetch, `/subreddits?${query}`),
      state.q ? apiGet<SubredditsResponse>(fetch, '/subreddits?limit=1000') : null,
    ]);
    const to = Math.floor(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS;
    const from = to - 7 * DAY_MS;
    const range = new URLSearchParams({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      limit: '1',
    });
    const sparklines: Record<string, SeriesPoint[]> = {};
    const now = Date.now();
    await Promise.all(
      list.items.slice(0, SPARKLINE_ROWS).map(async (s) => {
        const key = `${apiBase()} ${s.name} ${to}`;
        const memo = sparklineMemo.get(key);
        if (memo && now - memo.at < SPARKLINE_TTL_MS) {
          sparklines[s.name] = memo.points;
          return;
        }
        const one = await apiGet<SubredditResponse>(fetch, `/subreddit/${s.name}?${range}`).catch(() => null);
        if (!one) return;
        sparklines[s.name] = one.series.points;
        sparklineMemo.set(key, { at: now, points: one.series.points });
      }),
    );
    for (const [key, memo] of sparklineMemo) if (now - memo.at >= SPARKLINE_TTL_MS) sparklineMemo.delete(key);
    return { state, list, everything: (all ?? list).items, sparklines };
  } catch (e) {
    if (e instanceof ApiError) error(e.status >= 500 ? 503 : e.status, e.message);
    throw e;
  }
};
