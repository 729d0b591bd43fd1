// Shapes of the API answers the UI reads (api/schemas.ts is the source of truth; the UI keeps its
// own copy so that ui/ never imports server code).
export interface SubredditSummary {
  name: string;
  postCount: number;
  seriousnessMean: number;
  firstDay: string;
  lastDay: string;
  postCount24h: number;
  seriousnessMean24h: number | null;
  seriousnessMeanPrev24h: number | null;
  trend: number | null;
}

export interface SubredditsResponse {
  modelVersion: string | null;
  total: number;
  limit: number;
  offset: number;
  nextOffset: number | null;
  items: SubredditSummary[];
}

export interface SeriesPoint {
  bucket: string;
  postCount: number;
  seriousnessMean: number | null;
}

export interface Post {
  id: string;
  title: string;
  permalink: string | null;
  url: string | null;
  author: string | null;
  createdAt: string;
  score: number;
  numComments: number;
  seriousness: number | null;
}

export interface SubredditResponse {
  name: string;
  modelVersion: string;
  allTime: Omit<SubredditSummary, 'name'>;
  series: { bucket: 'hour' | 'day'; from: string; to: string; points: SeriesPoint[] };
  posts: { limit: number; nextCursor: string | null; items: Post[] };
}

export interface IngestStatus {
  listing: string;
  mode: string;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lagSeconds: number | null;
  secondsSinceSuccess: number | null;
  postsPerMinute: number | null;
  rateRemaining: number | null;
  rateResetAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveErrors: number;
  postsTotal: number;
  errorsTotal: number;
  gapsTotal: number;
}

export interface StatusResponse {
  servedModel: string | null;
  models: {
    active: string | null;
    activeSince: string | null;
    rescoring: {
      version: string;
      startedAt: string | null;
      done: number | null;
      total: number | null;
    } | null;
  };
  ingest: IngestStatus[];
  scorer: { scoredLastMinute: number | null; lagP50Seconds: number | null; lagMaxSeconds: number | null };
  queue: {
    name: string;
    queued: number;
    ready: number;
    active: number;
    deferred: number;
    failed: number;
    total: number;
  } | null;
}

export interface Explanation {
  postId: string;
  modelVersion: string;
  seriousness: number;
  contributions: { token: string; weight: number }[];
}
