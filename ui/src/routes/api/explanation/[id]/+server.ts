// Same-origin proxy for "why this score?": the browser never needs the API's address or CORS.
import { json } from '@sveltejs/kit';
import { ApiError, apiGet } from '../../../../lib/server/api.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ fetch, params }) => {
  if (!/^(t3_)?[0-9a-z]{1,16}$/.test(params.id)) return json({ message: 'Not a post id.' }, { status: 400 });
  try {
    return json(await apiGet(fetch, `/posts/${params.id}/explanation?top=8`));
  } catch (e) {
    if (e instanceof ApiError) {
      const message = e.status === 503 ? 'No model is loaded to explain scores right now.' : e.message;
      return json({ message }, { status: e.status });
    }
    throw e;
  }
};
