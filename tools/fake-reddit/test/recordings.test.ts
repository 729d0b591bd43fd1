// The recorded listing pages load as recorded, and seed the store with every field intact.
import { expect, it } from 'vitest';
import { PostStore } from '../post-store.ts';
import { loadRecordedListings, recordedPosts, seedFromRecordings, t3Template2026 } from '../recordings.ts';

it('loads the 26 recorded pages with their request, headers and 2,272 t3 children', () => {
  const pages = loadRecordedListings();
  expect(pages).toHaveLength(26);
  // (PROVENANCE.md says 2,272 children of which 2,239 t3; the files hold 2,339 children: 2,272 t3,
  // 34 t1 and 33 t5, the non-posts all on the api_info page.)
  const children = pages.flatMap((p) => p.listing.data.children);
  expect(children.filter((c) => c.kind === 't3')).toHaveLength(2272);
  expect(children).toHaveLength(2339);
  const popular = pages.find((p) => p.file.startsWith('praw-2026-04-13-r_popular_hot-test_hide'));
  expect(popular).toMatchObject({
    method: 'GET',
    path: '/r/popular/hot',
    query: { limit: '100', raw_json: '1' },
  });
  expect(popular?.headers).toMatchObject({ 'x-ratelimit-remaining': '997.0', 'x-ratelimit-used': '3' });
  expect(popular?.body.subarray(0, 22).toString()).toBe('{"kind": "Listing", "d');
});

it('seeds each recorded post once, keyed by its real id, with all recorded fields', () => {
  const store = new PostStore();
  const unique = recordedPosts().length;
  expect(seedFromRecordings(store)).toBe(unique);
  expect(seedFromRecordings(store)).toBe(0); // same ids again: nothing added
  const post = store.get('5jo144');
  expect(post?.data).toMatchObject({ name: 't3_5jo144', subreddit: 'UpliftingNews' });
  expect(Object.keys(post?.data ?? {})).toHaveLength(53);
});

it('offers a 2026 self post with the current field set as the template for new posts', () => {
  const template = t3Template2026();
  expect(template['is_self']).toBe(true);
  expect(Object.keys(template).length).toBeGreaterThanOrEqual(100);
});
