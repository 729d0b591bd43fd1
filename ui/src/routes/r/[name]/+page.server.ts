// Subreddit page: the series for the chosen range (hourly), the newest posts, and the series of
// compared subreddits. An untracked name is a 404 page; a compared name that is not tracked is
// reported, not fatal.
import { error } from '@sveltejs/kit';
import { ApiError, apiGet } from '../../../lib/server/api.ts';
import { parseSubredditState } from '../../../lib/shape.ts';
import { SUBREDDIT_NAME, type SeriesPoint, type SubredditResponse } from '../../../lib/types.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url, params, depends }) => {
  depends('app:live');
  if (!SUBREDDIT_NAME.test(params.name)) error(404, `“${params.name}” is not a subreddit name.`);
  const state = parseSubredditState(url.searchParams, params.name, Date.now());
  const range = new URLSearchParams({
    from: new Date(state.from).toISOString(),
    to: new Date(state.to).toISOString(),
    bucket: 'hour',
  });
  let main: SubredditResponse;
  try {
    main = await apiGet<SubredditResponse>(fetch, `/subreddit/${params.name}?${range}&limit=100`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404)
      error(404, `r/${params.name} is not tracked (no scored posts).`);
    if (e instanceof ApiError) error(e.status >= 500 ? 503 : e.status, e.message);
    throw e;
  }
  const compared: { name: string; points: SeriesPoint[] }[] = [];
  const missing: string[] = [];
  await Promise.all(
    state.compare.map(async (name, i) => {
      const other = await apiGet<SubredditResponse>(fetch, `/subreddit/${name}?${range}&limit=1`).catch(
        () => null,
      );
      if (other) compared[i] = { name: other.name, points: other.series.points };
      else missing.push(name);
    }),
  );
  return { state, subreddit: main, compared: compared.filter(Boolean), missing };
};
