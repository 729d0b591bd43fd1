// Command-line options of `npm run fake-reddit`, parsed and checked in one place.
import { parseArgs } from 'node:util';
import type { RateLimitOptions } from './types.ts';

export interface CliOptions {
  port: number;
  host: string;
  /** posts/s for live mode; 0 = no live publishing. */
  live: number;
  subreddits: string[] | undefined;
  window: RateLimitOptions;
  publicWindow: RateLimitOptions;
  seedRecordings: boolean;
  requireUserAgent: boolean;
  seed: number;
  /** Replay these cassettes instead of simulating. */
  cassettes: string[];
  match: 'exact' | 'role';
}

export const USAGE = `usage: npm run fake-reddit -- [options]
  --port N               listen port (default 8001; 0 = any free port)
  --host H               listen address (default 127.0.0.1)
  --live R               publish R real posts per second (from ../shared/data/reddit-posts)
  --subreddits a,b,c     live posts go to these subreddits (default: the corpus's own)
  --window N/S           OAuth budget: N requests per S seconds (default 1000/600)
  --public-window N/S    budget without a token, public JSON (default 100/600)
  --seed-recordings      start with the 2,143 real posts of the recorded listing pages
  --require-user-agent   403 for requests without a specific User-Agent
  --seed N               seed for ids and live picks (default 1)
  --cassette FILE        replay a recorded cassette instead (repeatable; relative to
                         ../shared/data/reddit-api/cassettes), with --match exact|role`;

export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string', default: '8001' },
      host: { type: 'string', default: '127.0.0.1' },
      live: { type: 'string', default: '0' },
      subreddits: { type: 'string' },
      window: { type: 'string', default: '1000/600' },
      'public-window': { type: 'string', default: '100/600' },
      'seed-recordings': { type: 'boolean', default: false },
      'require-user-agent': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      cassette: { type: 'string', multiple: true, default: [] },
      match: { type: 'string', default: 'exact' },
    },
  });
  if (values.match !== 'exact' && values.match !== 'role') throw new Error(`--match must be exact or role`);
  const subreddits = values.subreddits
    ?.split(',')
    .map((s) => s.trim().replace(/^r\//, ''))
    .filter(Boolean);
  return {
    port: integer('--port', values.port, 0),
    host: values.host,
    live: number('--live', values.live),
    subreddits: subreddits && subreddits.length > 0 ? subreddits : undefined,
    window: window('--window', values.window),
    publicWindow: window('--public-window', values['public-window']),
    seedRecordings: values['seed-recordings'],
    requireUserAgent: values['require-user-agent'],
    seed: integer('--seed', values.seed, 0),
    cassettes: values.cassette,
    match: values.match,
  };
}

function number(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a number ≥ 0, got "${raw}"`);
  return n;
}

function integer(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

function window(flag: string, raw: string): RateLimitOptions {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(raw);
  const windowRequests = Number(m?.[1]);
  const windowSeconds = Number(m?.[2]);
  if (!m || windowRequests < 1 || windowSeconds <= 0) {
    throw new Error(`${flag} must look like REQUESTS/SECONDS, e.g. 1000/600; got "${raw}"`);
  }
  return { windowRequests, windowSeconds };
}
