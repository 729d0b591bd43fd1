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
    expect(
      parseDataChange('scores:m1|AskReddit|1796666400000|3|1.5|ha,m1|news|1796655600000|1|0.25|'),
    ).toEqual({
      kind: 'scores',
      subreddits: ['AskReddit', 'news'],
      added: [
        {
          modelVersion: 'm1',
          subreddit: 'AskReddit',
          hourMs: 1796666400000,
          count: 3,
          sum: 1.5,
          inHourly: true,
          inAllTime: true,
        },
        {
          modelVersion: 'm1',
          subreddit: 'news',
          hourMs: 1796655600000,
          count: 1,
          sum: 0.25,
          inHourly: false,
          inAllTime: false,
        },
      ],
    });
    expect(parseDataChange('scores-of:m1,m2')).toEqual({ kind: 'model-scores', modelVersions: ['m1', 'm2'] });
    expect(parseDataChange('posts:news,AskReddit')).toEqual({
      kind: 'posts',
      subreddits: ['news', 'AskReddit'],
    });
    const malformed = ['scores:m1|news|x|1|0.5|h', 'scores:m1|news|1|1|0.5|x', 'scores:m1|news|1|1|0.5'];
    for (const other of ['*', '', 'posts:', 'scores-of:', ...malformed, 'other:news'])
      expect(parseDataChange(other), other).toEqual({ kind: 'everything' });
  });
});
