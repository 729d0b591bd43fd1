// Parsing Reddit's wire format: real recorded pages, and the bad input that must not stop a page.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareNewness, parseListing, parseListingText, type ParsedListing } from '../reddit/listing.ts';

const LISTINGS = path.resolve(import.meta.dirname, '../../../shared/data/reddit-api/listings');

function parsed(text: string): ParsedListing {
  const result = parseListingText(text);
  if ('failure' in result) throw new Error(result.failure.detail);
  return result;
}

describe('parseListing', () => {
  it('turns every recorded /r/all/new page (2016 and 2021 wire formats) into clean posts', () => {
    for (const file of [
      'praw-2016-12-22-r_all_new-test_submissions-1.json',
      'praw-2016-12-22-r_all_new-test_submissions-2.json',
      'asyncpraw-2021-01-17-r_all_new-test_submissions-1.json',
      'praw-2026-04-13-r_popular_hot-test_hide_multiple_in_batches-1.json',
    ]) {
      const page = parsed(fs.readFileSync(path.join(LISTINGS, file), 'utf8'));
      expect(page.rejected, file).toEqual([]);
      expect(page.posts.length + page.skipped, file).toBe(page.childCount);
      for (const post of page.posts) {
        expect(post.fullname).toBe(`t3_${post.id}`);
        expect(post.createdAt.getTime()).toBeGreaterThan(Date.UTC(2005, 0, 1));
        expect(post.subreddit).toMatch(/^[A-Za-z0-9_]{2,21}$/);
      }
    }
  });

  it('keeps the good children and rejects a comment and a post without created_utc', () => {
    const good = { id: 'abc123', subreddit: 'science', title: 'ok', created_utc: 1_700_000_000.0 };
    const page = parseListing({
      kind: 'Listing',
      data: {
        after: 't3_abc123',
        before: null,
        children: [
          { kind: 't3', data: good },
          { kind: 't1', data: { id: 'c1', body: 'a comment' } },
          { kind: 't3', data: { ...good, id: 'abc124', created_utc: undefined } },
        ],
      },
    });
    if ('failure' in page) throw new Error('expected a listing');
    expect(page.posts.map((p) => p.id)).toEqual(['abc123']);
    expect(page.rejected.map((r) => r.reason)).toEqual(['unexpected-kind', 'invalid-post']);
    expect(page.rejected[1]?.detail).toContain('created_utc');
    expect(page.childCount).toBe(3);
  });

  it('skips user-profile posts (u_Some-Name: not a community, not a valid subreddit name) and counts them', () => {
    const page = parseListing({
      kind: 'Listing',
      data: {
        children: [
          { kind: 't3', data: { id: 'x1', subreddit: 'u_Quiet-Village7995', title: 't', created_utc: 1 } },
          { kind: 't3', data: { id: 'x2', subreddit: 'pics', title: 't', created_utc: 1 } },
        ],
      },
    });
    if ('failure' in page) throw new Error('expected a listing');
    expect(page).toMatchObject({ skipped: 1, rejected: [], childCount: 2 });
    expect(page.posts.map((p) => p.id)).toEqual(['x2']);
  });

  it('rejects a subreddit name the posts table would refuse instead of failing the batch', () => {
    const page = parseListing({
      kind: 'Listing',
      data: {
        children: [{ kind: 't3', data: { id: 'x1', subreddit: 'has-hyphen', title: 't', created_utc: 1 } }],
      },
    });
    if ('failure' in page) throw new Error('expected a listing');
    expect(page.rejected[0]?.reason).toBe('invalid-post');
  });

  it('reports malformed JSON and a non-listing as failures, not exceptions', () => {
    expect(parseListingText('{"kind": "Listing", "data": {"chil')).toMatchObject({
      failure: { reason: 'malformed-json' },
    });
    expect(parseListingText('{"kind": "t3", "data": {}}')).toMatchObject({
      failure: { reason: 'not-a-listing' },
    });
  });

  it('orders posts by creation time, then by base-36 id', () => {
    const at = new Date(1_700_000_000_000);
    expect(compareNewness({ createdAt: at, id: 'zz' }, { createdAt: at, id: '100' })).toBeLessThan(0);
    expect(compareNewness({ createdAt: at, id: 'b' }, { createdAt: at, id: 'a' })).toBeGreaterThan(0);
    expect(
      compareNewness({ createdAt: new Date(at.getTime() + 1000), id: 'a' }, { createdAt: at, id: 'b' }),
    ).toBeGreaterThan(0);
  });
});
