// The data-changes channel: every statement that announces names the one channel readers listen
// on, and payloads parse as the writers send them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_CHANGES_CHANNEL, parseDataChange } from '../engine/data-changes.ts';

const QUERIES = path.join(import.meta.dirname, '..', 'queries');

describe('data-changes channel', () => {
  it('is the channel every announcing statement in db/queries names', () => {
    const channels: string[] = [];
    for (const file of fs.readdirSync(QUERIES).filter((f) => f.endsWith('.sql'))) {
      const sql = fs.readFileSync(path.join(QUERIES, file), 'utf8');
      for (const match of sql.matchAll(/pg_notify\(\s*'([^']*)'/g)) channels.push(`${file}: ${match[1]}`);
    }
    // writes.sql (posts, scores), scorer.sql (model switches), changes.sql (refreshes).
    expect(channels.length).toBeGreaterThanOrEqual(5);
    for (const channel of channels) expect(channel).toMatch(new RegExp(`: ${DATA_CHANGES_CHANNEL}$`));
  });

  it('parses what was written where, and anything else (`*`) as everything', () => {
    expect(parseDataChange('scores:AskReddit,news')).toEqual({
      kind: 'scores',
      subreddits: ['AskReddit', 'news'],
    });
    expect(parseDataChange('posts:news')).toEqual({ kind: 'posts', subreddits: ['news'] });
    expect(parseDataChange('*')).toEqual({ kind: 'everything' });
    expect(parseDataChange('')).toEqual({ kind: 'everything' });
  });
});
