import { describe, expect, it } from 'vitest';
import { groupOf, readSubredditGroups } from '../data/labels.ts';
import { loadPosts } from '../data/load-posts.ts';
import { toPostInput } from '../data/reddit-record.ts';
import { fixtureGroupsPath, fixtureLabelledPosts, fixturePostsDir } from './fixture.ts';

describe('toPostInput', () => {
  it.each([
    [
      { title: 'a', selftext: 'b', is_self: true, domain: 'self.AskHistorians' },
      { title: 'a', selftext: 'b', isSelf: true, domain: null },
    ],
    [
      { title: 'a', selftext: '', domain: 'self.Jokes' },
      { title: 'a', selftext: '', isSelf: true, domain: null },
    ],
    [
      { title: 'a', selftext: '', post_type: 'image', domain: 'i.redd.it' },
      { title: 'a', selftext: '', isSelf: false, domain: 'i.redd.it' },
    ],
    [
      { title: 'a', selftext: '', is_self: false, url: 'https://www.BBC.co.uk/news/1' },
      { title: 'a', selftext: '', isSelf: false, domain: 'bbc.co.uk' },
    ],
    [
      { title: 'Q&amp;A', selftext: '[deleted]' },
      { title: 'Q&A', selftext: '', isSelf: null, domain: null },
    ],
    [
      { title: 'a', selftext: null },
      { title: 'a', selftext: null, isSelf: null, domain: null },
    ],
  ])('%j', (record, expected) => {
    expect(toPostInput(record)).toEqual(expected);
  });
});

describe('loadPosts', () => {
  const { posts, summary } = loadPosts(fixturePostsDir);

  it('reads .jsonl and .ndjson, skips invalid lines, and de-duplicates by id (or text without one)', () => {
    expect(summary).toMatchObject({ files: 2, lines: 27, invalid: 2, duplicates: 2, posts: 23 });
    expect(summary.invalidExamples).toEqual([
      expect.stringMatching(/^top\/posts\.jsonl:19: not valid JSON/),
      expect.stringMatching(/^top\/posts\.jsonl:20: "title": /),
    ]);
    expect(posts.filter((p) => p.id === 'j5')).toHaveLength(1);
    expect(posts.filter((p) => p.title.startsWith('What do you call a bear'))).toHaveLength(1);
  });

  it('HTML-unescapes titles and bodies and unwraps {kind, data} things', () => {
    expect(posts.find((p) => p.id === 's5')?.selftext).toContain('blue & the red');
    expect(posts.find((p) => p.id === 'j5')?.title).toBe('My dog ate my homework <3');
    expect(posts.find((p) => p.id === 'p4')).toMatchObject({
      subreddit: 'puns',
      isSelf: false,
      domain: 'i.redd.it',
      source: 'stream/pushshift.ndjson',
    });
  });

  it('fails with the directory named when it does not exist', () => {
    expect(() => loadPosts('/nonexistent/reddit-posts')).toThrow(/REDDIT_POSTS_DIR/);
  });
});

describe('labels', () => {
  it('maps subreddit groups case-insensitively', () => {
    const groups = readSubredditGroups(fixtureGroupsPath);
    expect([
      groupOf(groups, 'AskScience'),
      groupOf(groups, 'jokes'),
      groupOf(groups, 'AskReddit'),
      groupOf(groups, 'pics'),
    ]).toEqual(['serious', 'unserious', 'mixed', 'unknown']);
  });

  it('labels serious 1, unserious 0, mixed unlabelled; hand labels override', () => {
    const weak = new Map(fixtureLabelledPosts().map((p) => [p.post.id, p]));
    expect([weak.get('s1')?.label, weak.get('j2')?.label, weak.get('a1')?.label]).toEqual([1, 0, null]);
    const hand = new Map(fixtureLabelledPosts(true).map((p) => [p.post.id, p]));
    expect(hand.get('j2')).toMatchObject({ label: 1, labelSource: 'hand', group: 'unserious' });
    expect(hand.get('a1')).toMatchObject({ label: 1, labelSource: 'hand' });
    expect(hand.get('a2')).toMatchObject({ label: null, labelSource: null });
  });
});
