// The CLI's flags: defaults, the N/S window syntax, and clear errors for bad values.
import { describe, expect, it } from 'vitest';
import { parseCli } from '../cli-args.ts';

describe('fake-reddit CLI options', () => {
  it('defaults to port 8001, Reddit’s OAuth budget and no live publishing', () => {
    expect(parseCli([])).toMatchObject({
      port: 8001,
      host: '127.0.0.1',
      live: 0,
      subreddits: undefined,
      window: { windowRequests: 1000, windowSeconds: 600 },
      publicWindow: { windowRequests: 100, windowSeconds: 600 },
      seedRecordings: false,
      cassettes: [],
    });
  });

  it('reads the flags of the issue’s example command', () => {
    const o = parseCli([
      '--port',
      '0',
      '--live',
      '10',
      '--subreddits',
      'a, r/b,c',
      '--window',
      '10/2',
      '--seed-recordings',
    ]);
    expect(o).toMatchObject({ port: 0, live: 10, subreddits: ['a', 'b', 'c'], seedRecordings: true });
    expect(o.window).toEqual({ windowRequests: 10, windowSeconds: 2 });
  });

  it('rejects a malformed window or an unknown flag with a message naming it', () => {
    expect(() => parseCli(['--window', '1000'])).toThrow(/--window must look like REQUESTS\/SECONDS/);
    expect(() => parseCli(['--live', 'fast'])).toThrow(/--live/);
    expect(() => parseCli(['--bogus'])).toThrow(/bogus/);
  });
});
