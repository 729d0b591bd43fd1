// The poller against the fake Reddit (real HTTP on loopback) and the real embedded engine: every
// post exactly once with exactly one score job, catch-up, deleted anchors, bad input, restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScorePost } from '../../db/boss.ts';
import { queuedScorePosts } from '../../test/score-jobs.ts';
import { postsOfSubreddit, recentDeadLetters } from '../../db/queries/ingest.queries.ts';
import fs from 'node:fs';
import path from 'node:path';
import { loadCassette } from '../../tools/fake-reddit/cassette-file.ts';
import { startCassetteServer } from '../../tools/fake-reddit/cassette.ts';
import { startFakeReddit, type FakeReddit } from '../../tools/fake-reddit/server.ts';
import { ListingPoller } from '../poller.ts';
import { RedditClient } from '../reddit/client.ts';
import { readIngestStatus } from '../status.ts';
import { capturedLog, openTestDb, testConfig, type TestDb } from './helpers.ts';

// One database and one fake Reddit for the file (Reddit's ids are global: a fresh fake per test
// would reuse ids); each test has its own subreddit and so its own listing and cursor.
let t: TestDb;
let fake: FakeReddit;
beforeAll(async () => {
  t = await openTestDb();
  fake = await startFakeReddit({ rateLimit: { windowRequests: 100_000, windowSeconds: 600 } });
});
afterAll(async () => {
  await fake.close();
  await t.close();
});

function cassetteLoadError(file: string): string | undefined {
  try {
    loadCassette(file);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const LISTINGS = path.resolve(import.meta.dirname, '../../../shared/data/reddit-api/listings');

async function startFake(): Promise<FakeReddit> {
  return fake;
}

function poller(f: FakeReddit, subreddits: string, env: Record<string, string> = {}, now?: () => number) {
  const config = testConfig(f.url, env);
  const { log, lines } = capturedLog();
  const client = new RedditClient({ config, log });
  return {
    poller: new ListingPoller(`/r/${subreddits}/new`, {
      db: t.db,
      boss: t.boss,
      client,
      config,
      log,
      ...(now ? { now } : {}),
    }),
    lines,
  };
}

/** Posts created `ageSeconds` ago (before a poller under test starts). */
function publishAged(f: FakeReddit, subreddit: string, n: number, ageSeconds: number) {
  const created = Math.floor(Date.now() / 1000) - ageSeconds;
  return f.publish(
    Array.from({ length: n }, (_, i) => ({
      subreddit,
      title: `${subreddit} old ${i}`,
      created_utc: created,
    })),
  );
}

function publish(f: FakeReddit, subreddit: string, n: number, from = 0) {
  return f.publish(
    Array.from({ length: n }, (_, i) => ({ subreddit, title: `${subreddit} post ${from + i}` })),
  );
}

async function stored(subreddit: string) {
  return postsOfSubreddit.run({ subreddit }, t.db);
}

async function scoreJobs(subreddit: string): Promise<ScorePost[]> {
  return (await queuedScorePosts(t.boss)).filter((p) => p.subreddit === subreddit);
}

/** Every id exactly once in posts and exactly once in the score queue. */
async function expectExactlyOnce(subreddit: string, ids: string[]): Promise<void> {
  const rows = await stored(subreddit);
  expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
  const jobs = await scoreJobs(subreddit);
  expect(jobs.map((j) => j.postId).sort()).toEqual([...ids].sort());
}

describe('ListingPoller', () => {
  it('stores a first page, then only what is new, each post once with one score job', async () => {
    const f = await startFake();
    const first = publish(f, 'PollOnce', 5);
    // A clock that stands still: an empty `before=` answer is never "silent for long" here, however
    // slowly a loaded machine runs the polls (else the poller rightly walks to check its anchor).
    const { poller: p } = poller(f, 'PollOnce', {}, () => 1_800_000_000_000);
    expect(await p.pollOnce()).toMatchObject({ strategy: 'initial', newPosts: 5 });
    const more = publish(f, 'PollOnce', 3, 5);
    expect(await p.pollOnce()).toMatchObject({ strategy: 'before', newPosts: 3 });
    const last = publish(f, 'PollOnce', 2, 8);
    expect(await p.pollOnce()).toMatchObject({ strategy: 'before', newPosts: 2, requests: 1 });
    expect(f.requests.at(-1)?.query).toMatchObject({
      limit: '100',
      before: more.at(-1)?.name,
      raw_json: '1',
    });
    expect(await p.pollOnce()).toMatchObject({ strategy: 'before', newPosts: 0 });

    const jobs = await scoreJobs('PollOnce');
    const post = [...first, ...more, ...last].find((x) => x.id === jobs[0]?.postId);
    expect(jobs[0]).toEqual({
      postId: post?.id,
      createdAt: new Date(Number(post?.data['created_utc']) * 1000).toISOString(),
      subreddit: 'PollOnce',
    });
    await expectExactlyOnce(
      'PollOnce',
      [...first, ...more, ...last].map((x) => x.id),
    );
  });

  it('stores the whole first burst of a listing that was empty when it first looked (not one page)', async () => {
    const f = await startFake();
    const { poller: p } = poller(f, 'QuietAtStart');
    expect(await p.pollOnce()).toMatchObject({ strategy: 'initial', newPosts: 0, gap: false });
    // 150 posts, all published after the app started: INITIAL_PAGES=1 must not cut them to 100.
    const burst = publish(f, 'QuietAtStart', 150);
    expect(await p.pollOnce()).toMatchObject({ strategy: 'initial', newPosts: 150, pages: 2, gap: false });
    expect(await p.pollOnce()).toMatchObject({ strategy: 'before', newPosts: 0 });
    await expectExactlyOnce(
      'QuietAtStart',
      burst.map((x) => x.id),
    );
  });

  it('stores everything published after its start, even when the listing was busy when it first looked', async () => {
    const f = await startFake();
    const history = publishAged(f, 'BusyBurst', 150, 600);
    const { poller: p } = poller(f, 'BusyBurst');
    // Published after the poller started and before its first poll (a slow start, several
    // listings polled in turn): all of them are new, though INITIAL_PAGES is 1.
    const burst = publish(f, 'BusyBurst', 150);
    expect(await p.pollOnce()).toMatchObject({ strategy: 'initial', newPosts: 200, pages: 2, gap: false });
    const storedIds = (await stored('BusyBurst')).map((r) => r.id);
    for (const post of burst) expect(storedIds).toContain(post.id);
    // Of what came before, INITIAL_PAGES' worth: the 50 that shared the burst's second page.
    expect(storedIds.filter((id) => history.some((h) => h.id === id))).toHaveLength(50);
  });

  it('pages back through a burst of several pages until it reaches the posts it has', async () => {
    const f = await startFake();
    const before = publish(f, 'Burst', 3);
    const { poller: p } = poller(f, 'Burst');
    await p.pollOnce();
    await p.pollOnce(); // settles into before= polling
    const burst = publish(f, 'Burst', 250, 3);
    const result = await p.pollOnce();
    expect(result).toMatchObject({ strategy: 'walk', newPosts: 250, gap: false });
    await expectExactlyOnce(
      'Burst',
      [...before, ...burst].map((x) => x.id),
    );
  });

  it('updates score and comment count of a post seen again without enqueueing it again', async () => {
    const f = await startFake();
    const [post] = publish(f, 'Edits', 1);
    const { poller: p } = poller(f, 'Edits', { ANCHOR_CHECK_MS: '0' });
    await p.pollOnce();
    if (!post) throw new Error('no post');
    post.data['score'] = 42;
    post.data['num_comments'] = 7;
    // Nothing newer than the anchor: with ANCHOR_CHECK_MS=0 the poller re-reads the newest page.
    expect(await p.pollOnce()).toMatchObject({ newPosts: 0, seenAgain: 1 });
    const [row] = await stored('Edits');
    expect(row).toMatchObject({ score: 42, num_comments: 7 });
    expect(row?.updated_at.getTime()).toBeGreaterThan(row?.ingested_at.getTime() ?? Infinity);
    await expectExactlyOnce('Edits', [post.id]);
  });

  it('keeps polling when its before= anchor post is deleted (compares by creation time)', async () => {
    const f = await startFake();
    const first = publish(f, 'Deleted', 4);
    const { poller: p, lines } = poller(f, 'Deleted', { ANCHOR_CHECK_MS: '300' });
    await p.pollOnce();
    await p.pollOnce();
    const anchor = first.at(-1);
    if (!anchor) throw new Error('no anchor');
    f.deletePost(anchor.id);
    const after = publish(f, 'Deleted', 3, 4);
    // before=<deleted> answers nothing, forever; within ANCHOR_CHECK_MS the poller checks by time.
    const deadline = Date.now() + 5_000;
    let found = 0;
    while (found < 3 && Date.now() < deadline) {
      found += (await p.pollOnce()).newPosts;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toBe(3);
    expect(f.requests.some((r) => r.query['before'] === anchor.name)).toBe(true);
    expect(lines().some((l) => String(l['msg']).includes('anchor post deleted'))).toBe(true);
    await expectExactlyOnce(
      'Deleted',
      [...first, ...after].map((x) => x.id),
    );
  });

  it('quarantines malformed JSON and asks again; the next page is stored', async () => {
    const f = await startFake();
    const posts = publish(f, 'Malformed', 5);
    const { poller: p } = poller(f, 'Malformed');
    f.injectFaults([{ kind: 'malformed-json' }]);
    expect(await p.pollOnce()).toMatchObject({ newPosts: 0, deadLetters: 1, incomplete: true, cursor: null });
    const [letter] = await recentDeadLetters.run({ limit: 1 }, t.db);
    expect(letter).toMatchObject({ source: 'poll /r/Malformed/new', reason: 'malformed-json' });
    expect(letter?.context).toMatchObject({ status: 200 });
    expect(
      letter?.payload?.startsWith('{"kind": "Listing"') || letter?.payload?.startsWith('{"kind":"Listing"'),
    ).toBe(true);
    expect(await p.pollOnce()).toMatchObject({ newPosts: 5, deadLetters: 0 });
    await expectExactlyOnce(
      'Malformed',
      posts.map((x) => x.id),
    );
  });

  it('quarantines a post missing created_utc and a child of an unexpected kind, storing the rest of the page', async () => {
    const f = await startFake();
    const posts = publish(f, 'BadChild', 4);
    const { poller: p } = poller(f, 'BadChild');
    f.injectFaults([{ kind: 'missing-field', field: 'created_utc' }, { kind: 'unexpected-kind' }]);
    // missing-field drops created_utc from the first (newest) child of the first listing page.
    const result = await p.pollOnce();
    expect(result).toMatchObject({ newPosts: 3, deadLetters: 1 });
    const [letter] = await recentDeadLetters.run({ limit: 1 }, t.db);
    expect(letter).toMatchObject({ source: 'poll /r/BadChild/new', reason: 'invalid-post' });
    expect(JSON.stringify(letter?.context)).toContain('created_utc');
    expect(letter?.payload).toContain(posts[3]?.name);
    // The cursor only moves past posts whose creation time it knows, so when Reddit sends that post
    // whole again it is stored; an unexpected child on the next page is quarantined too.
    const newer = publish(f, 'BadChild', 2, 4);
    expect(await p.pollOnce()).toMatchObject({ newPosts: 3, deadLetters: 1 });
    const [kindLetter] = await recentDeadLetters.run({ limit: 1 }, t.db);
    expect(kindLetter).toMatchObject({ reason: 'unexpected-kind' });
    expect(JSON.parse(kindLetter?.payload ?? '{}')).toMatchObject({ kind: 't1' });
    await expectExactlyOnce(
      'BadChild',
      [...posts, ...newer].map((x) => x.id),
    );
    const status = (await readIngestStatus(t.db)).find((s) => s.listing === '/r/BadChild/new');
    expect(status).toMatchObject({ dead_letters_total: 2, posts_total: 6, polls_total: 2 });
  });

  it('dead-letters a post the database refuses and stores the rest of its page', async () => {
    const f = await startFake();
    const posts = publish(f, 'Refused', 5);
    const poison = posts[2];
    if (!poison) throw new Error('no post');
    poison.data['score'] = 3_000_000_000; // passes the parser, overflows posts.score (integer)
    const { poller: p } = poller(f, 'Refused');
    expect(await p.pollOnce()).toMatchObject({ newPosts: 4, deadLetters: 1, incomplete: false });
    const [letter] = await recentDeadLetters.run({ limit: 1 }, t.db);
    expect(letter).toMatchObject({ reason: 'refused-by-database', context: { id: poison.id } });
    await expectExactlyOnce(
      'Refused',
      posts.map((x) => x.id).filter((id) => id !== poison.id),
    );
    expect(await p.pollOnce()).toMatchObject({ newPosts: 0, deadLetters: 0 });
  });

  it('resumes from the cursor in the database after a restart, with no gap and no duplicate', async () => {
    const f = await startFake();
    const a = publish(f, 'Restart', 30);
    await poller(f, 'Restart').poller.pollOnce();
    // While "down", 150 posts arrive: more than one page.
    const b = publish(f, 'Restart', 150, 30);
    const restarted = poller(f, 'Restart').poller;
    expect(await restarted.pollOnce()).toMatchObject({ strategy: 'walk', newPosts: 150, gap: false });
    await expectExactlyOnce(
      'Restart',
      [...a, ...b].map((x) => x.id),
    );
  });

  it('records a gap, and moves on, when more posts arrived than it may walk back', async () => {
    const f = await startFake();
    publish(f, 'Gap', 2);
    const { poller: p, lines } = poller(f, 'Gap', { MAX_PAGES_PER_POLL: '2' });
    await p.pollOnce();
    publish(f, 'Gap', 450, 2);
    // The before= page (the 100 just after the cursor) plus 2 pages from the top; 150 in between
    // are out of reach of this poll.
    expect(await p.pollOnce()).toMatchObject({ gap: true, newPosts: 300 });
    expect(lines().some((l) => String(l['msg']).includes('without reaching the cursor'))).toBe(true);
    const status = (await readIngestStatus(t.db)).find((s) => s.listing === '/r/Gap/new');
    expect(status?.gaps_total).toBe(1);
    expect(status?.last_gap_at).toBeInstanceOf(Date);
    expect(await p.pollOnce()).toMatchObject({ newPosts: 0, gap: false });
  });

  it('skips user-profile posts without dead-lettering them, and still moves its cursor past them', async () => {
    const f = await startFake();
    publish(f, 'Profiles', 1);
    const { poller: p } = poller(f, 'Profiles+u_Some-User');
    await p.pollOnce();
    f.publish([{ subreddit: 'u_Some-User', title: 'my profile post' }]);
    const result = await p.pollOnce();
    expect(result).toMatchObject({ newPosts: 0, skipped: 1, deadLetters: 0 });
    expect(result.cursor?.fullname).toBe(f.posts.all()[0]?.name);
  });

  for (const [cassette, pages] of [
    [
      'praw/TestSubredditStreams.test_submissions.json',
      [
        'praw-2016-12-22-r_all_new-test_submissions-1.json',
        'praw-2016-12-22-r_all_new-test_submissions-2.json',
      ],
    ],
    [
      'asyncpraw/TestSubredditStreams.test_submissions.json',
      [
        'asyncpraw-2021-01-17-r_all_new-test_submissions-1.json',
        'asyncpraw-2021-01-17-r_all_new-test_submissions-2.json',
      ],
    ],
  ] as const) {
    // Both recordings poll /r/all/new: each replay starts from no cursor, as on its recording day.
    const unloadable = cassetteLoadError(cassette);
    it.skipIf(unloadable !== undefined)(
      `replays ${cassette.split('/')[0]}'s recorded /r/all/new page and its before= poll, storing every t3 post exactly once`,
      async () => {
        // Exact mode: the poller must send the recorded requests (path and query), in order.
        const replay = await startCassetteServer([cassette]);
        await t.db.query('DELETE FROM ingest_cursors WHERE listing = $1', ['/r/all/new']);
        try {
          const config = testConfig(replay.url);
          const { log } = capturedLog();
          const client = new RedditClient({ config, log });
          const p = new ListingPoller('/r/all/new', { db: t.db, boss: t.boss, client, config, log });
          const first = await p.pollOnce();
          const second = await p.pollOnce();
          expect(replay.remaining()).toBe(0);
          expect(replay.requests.map((r) => r.status)).toEqual([200, 200, 200]);

          const recorded = pages.flatMap((file) => {
            const body = JSON.parse(fs.readFileSync(path.join(LISTINGS, file), 'utf8')) as {
              data: { children: { kind: string; data: { id: string; subreddit: string } }[] };
            };
            return body.data.children.filter((c) => c.kind === 't3').map((c) => c.data);
          });
          const profile = recorded.filter((d) => d.subreddit.startsWith('u_'));
          const expected = recorded.filter((d) => !d.subreddit.startsWith('u_')).map((d) => d.id);
          expect(first.newPosts + second.newPosts).toBe(expected.length);
          expect(first.skipped + second.skipped).toBe(profile.length);
          const subreddits = [...new Set(recorded.map((d) => d.subreddit))];
          const stored = (
            await Promise.all(subreddits.map((subreddit) => postsOfSubreddit.run({ subreddit }, t.db)))
          )
            .flat()
            .map((r) => r.id)
            .filter((id) => expected.includes(id) || profile.some((d) => d.id === id));
          expect(stored.sort()).toEqual([...expected].sort());
          const queued = await queuedScorePosts(t.boss);
          const jobIds = queued.map((p) => p.postId).filter((id) => expected.includes(id));
          expect(jobIds.sort()).toEqual([...expected].sort());
        } finally {
          await replay.close();
        }
      },
    );
  }

  it('quarantines the recorded bad-JSON 200 from Reddit', async () => {
    const replay = await startCassetteServer(['prawcore/TestSession.test_request__bad_json.json'], {
      match: 'role',
    });
    try {
      const config = testConfig(replay.url);
      const { log } = capturedLog();
      const client = new RedditClient({ config, log });
      const p = new ListingPoller('/r/BadJson/new', { db: t.db, boss: t.boss, client, config, log });
      expect(await p.pollOnce()).toMatchObject({ deadLetters: 1, newPosts: 0, incomplete: true });
      const [letter] = await recentDeadLetters.run({ limit: 1 }, t.db);
      expect(letter).toMatchObject({ source: 'poll /r/BadJson/new', reason: 'malformed-json' });
      expect(letter?.payload).toBe(
        '{"kind": "Listing", "data": {"modhash": null, "children": [], "after": null, "before": null}',
      );
    } finally {
      await replay.close();
    }
  });
});
