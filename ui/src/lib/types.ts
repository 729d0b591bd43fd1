// Shapes of the API answers the UI reads: names for parts of ./api-types.ts, which is generated from
// the API's OpenAPI document (`npm run ui:types`; `npm run check` fails when it drifts), so the UI
// never imports server code and never keeps a hand-made copy of it.
import type { paths } from './api-types.ts';

/** The JSON body of a 200 answer to GET `path`. */
type Answer<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': infer Body } } } };
}
  ? Body
  : never;

export type SubredditsResponse = Answer<'/subreddits'>;
export type SubredditSummary = SubredditsResponse['items'][number];
export type SubredditResponse = Answer<'/subreddit/{name}'>;
export type SeriesPoint = SubredditResponse['series']['points'][number];
export type Post = SubredditResponse['posts']['items'][number];
export type StatusResponse = Answer<'/status'>;
export type IngestStatus = StatusResponse['ingest'][number];
export type Explanation = Answer<'/posts/{id}/explanation'>;

export { SUBREDDIT_NAME, SUBREDDIT_SEARCH } from './api-types.ts';
