// `npm start` as the chaos scenarios drive it: a child process (test/app-process.ts starts it with
// Node 24 directly, so a SIGKILL hits the app itself), pointed at an in-process fake Reddit with
// OAuth, on an embedded data directory that outlives every kill; and the reads the scenarios make
// of it from outside, as a user would (the ready line, GET /status).
import { startApp, type AppProcess } from '../../test/app-process.ts';
import { waitFor } from '../../test/wait.ts';
import { fakeRedditEnv } from '../../tools/fake-reddit/env.ts';
import type { FakeReddit } from '../../tools/fake-reddit/server.ts';

export const CHAOS_USER_AGENT = 'node:seriousness-chaos:0.1 (by /u/chaos)';

/** The environment that points a process of the product at `fake`, with OAuth. */
export function redditEnv(fake: FakeReddit, subreddits: readonly string[]): NodeJS.ProcessEnv {
  return fakeRedditEnv(fake.url, { subreddits, userAgent: CHAOS_USER_AGENT });
}

export interface RunningApp {
  process: AppProcess;
  apiUrl: string;
  /** Start → ready line, ms. */
  readyMs: number;
}

/** Starts `npm start` and waits for its ready line (it throws with the output if the app exits). */
export async function startAppUntilReady(env: NodeJS.ProcessEnv): Promise<RunningApp> {
  const started = performance.now();
  const process = startApp(env);
  await process.readyPort();
  const readyMs = performance.now() - started;
  const match = /API: +(http:\/\/127\.0\.0\.1:\d+)/.exec(process.output());
  if (!match?.[1]) throw new Error(`no API address in the ready line:\n${process.output()}`);
  return { process, apiUrl: match[1], readyMs };
}

/** SIGKILL, then resolves once the process is gone (so the data directory can be reopened). */
export async function killHard(app: AppProcess): Promise<void> {
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  await app.exited;
}

/** SIGTERM and the exit code (0 = clean stop: pg-boss stopped, data flushed, lock released). */
export async function stopGracefully(app: AppProcess, timeoutMs = 30_000): Promise<number | null> {
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), timeoutMs);
  try {
    return await app.exited;
  } finally {
    clearTimeout(timer);
  }
}

interface StatusBody {
  ingest: { postsTotal: number; lastSuccessAt: string | null }[];
}

interface SubredditsBody {
  items: { postCount: number }[];
}

/**
 * What the API says about the pipeline: posts stored so far (GET /status, from ingest_status) and
 * posts scored (the all-time figures of GET /subreddits). The queue counts in /status may be a
 * minute old (pg-boss reuses a count), too coarse to say the queue has drained.
 */
export async function pipelineStatus(
  apiUrl: string,
): Promise<{ postsTotal: number; scored: number; lastSuccessMs: number }> {
  const get = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${apiUrl}${route}`, { signal: AbortSignal.timeout(10_000) });
    if (res.status !== 200) throw new Error(`GET ${route} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const status = await get<StatusBody>('/status');
  const subreddits = await get<SubredditsBody>('/subreddits?limit=1000');
  return {
    postsTotal: status.ingest.reduce((sum, listing) => sum + listing.postsTotal, 0),
    scored: subreddits.items.reduce((sum, s) => sum + s.postCount, 0),
    // The listing polled least recently: every listing has polled successfully since then.
    lastSuccessMs: Math.min(...status.ingest.map((l) => (l.lastSuccessAt ? Date.parse(l.lastSuccessAt) : 0))),
  };
}

/**
 * Waits until the pipeline has settled after the last publication: two polls have succeeded since
 * this call (so at least one poll that started after it has committed), every stored post is
 * scored, and the stored-posts total has not changed for `quietMs` (longer than the poller's anchor
 * check, so a deleted anchor has been caught up by creation time). The invariant then says whether
 * everything arrived.
 */
export async function waitForQuiescence(apiUrl: string, quietMs: number, timeoutMs = 60_000): Promise<void> {
  const calledAt = Date.now();
  const pollsSince = new Set<number>();
  let last = -1;
  let since = Date.now();
  await waitFor(
    `the pipeline to settle (two polls since, every stored post scored, no new post for ${quietMs} ms)`,
    async () => {
      const status = await pipelineStatus(apiUrl).catch(() => undefined);
      if (!status) return undefined;
      if (status.lastSuccessMs > calledAt) pollsSince.add(status.lastSuccessMs);
      if (status.postsTotal !== last || status.scored < status.postsTotal || pollsSince.size < 2) {
        last = status.postsTotal;
        since = Date.now();
        return undefined;
      }
      return Date.now() - since >= quietMs ? true : undefined;
    },
    timeoutMs,
  );
}
