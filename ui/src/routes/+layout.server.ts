// Pipeline status for the live indicator on every page. A failing /status must not take the page
// down: the indicator says it is unavailable instead.
import { apiGet } from '../lib/server/api.ts';
import type { StatusResponse } from '../lib/types.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ fetch, depends }) => {
  depends('app:live');
  const status = await apiGet<StatusResponse>(fetch, '/status').catch(() => null);
  return { status, loadedAt: Date.now() };
};
