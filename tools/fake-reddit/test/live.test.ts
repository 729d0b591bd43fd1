// Live mode: real post texts from the shared corpus, published at the requested rate with fresh ids.
import { afterEach, expect, it } from 'vitest';
import { loadCorpus } from '../../../model/data/corpus-texts.ts';
import { idValue } from '../ids.ts';
import { startFakeReddit, type FakeReddit } from '../server.ts';
import { ids, listing, token } from '../test-client.ts';

let fake: FakeReddit | undefined;

afterEach(async () => {
  await fake?.close();
});

it('publishes about N posts/s of real titles with fresh increasing ids, into the chosen subreddits', async () => {
  const corpusTitles = new Set(loadCorpus().map((p) => p.title)); // warm the cache outside the timing
  fake = await startFakeReddit({ seed: 7 });
  const t = await token(fake.url);
  fake.startLive({ postsPerSecond: 40, subreddits: ['AskHistorians', 'dadjokes', 'NoSuchSubHere'] });
  await new Promise((r) => setTimeout(r, 1000));
  fake.stopLive();
  const published = fake.stats.postsPublished;
  expect(published).toBeGreaterThanOrEqual(32);
  expect(published).toBeLessThanOrEqual(42);

  const l = await listing(fake.url, '/r/askhistorians+DADJOKES+nosuchsubhere/new?limit=100&raw_json=1', t);
  expect(l.data.children).toHaveLength(published);
  const got = ids(l).map(idValue);
  expect([...got].sort((a, b) => b - a)).toEqual(got); // newest first = strictly decreasing ids
  expect(new Set(got).size).toBe(got.length);
  for (const c of l.data.children) {
    expect(corpusTitles.has(c.data['title'] as string)).toBe(true);
    expect(['AskHistorians', 'dadjokes', 'NoSuchSubHere']).toContain(c.data['subreddit']);
    expect(typeof c.data['created_utc']).toBe('number');
  }
  // Stopped means stopped.
  await new Promise((r) => setTimeout(r, 150));
  expect(fake.stats.postsPublished).toBe(published);
});
