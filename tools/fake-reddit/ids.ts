// Reddit ids are base-36 counters: a later post has a larger id, so numeric id order is creation
// order. Fullnames prefix the kind (`t3_` for posts).

export function idValue(id: string): number {
  return parseInt(id, 36);
}

export function idFromValue(value: number): string {
  return value.toString(36);
}

/** `t3_abc` → `abc`; anything that is not a post fullname → undefined. */
export function postIdFromFullname(fullname: string): string | undefined {
  const m = /^t3_([0-9a-z]+)$/.exec(fullname);
  return m?.[1];
}

// The repo's one seeded PRNG (mulberry32): ids, authors and picks reproducible per seed.
export { seededRandom } from '../../model/train/random.ts';

/** Fresh ids start just above the newest recorded (2026) ids such as `1skjxta`. */
const FIRST_FRESH_ID = parseInt('1t00000', 36);
const FRESH_EPOCH_SECONDS = Date.UTC(2026, 10, 1) / 1000;
/** Id values the clock floor advances per second: room for ~500 posts/s with the usual gaps. */
const IDS_PER_SECOND = 1000;
/** Process-wide, so two fakes in one test process (one database) never issue the same id. */
let lastIssued = 0;

/**
 * The next fresh post id value: above everything in the caller's store, above anything any fake in
 * this process issued, and above a floor that follows the clock — so a fake restarted against the
 * same database (a demo's `npm start`) does not hand out ids an earlier run already stored. `gap`
 * leaves holes, as Reddit's global counter does in any one subreddit's stream.
 */
export function nextFreshIdValue(storeMax: number, gap: number): number {
  const clockFloor =
    FIRST_FRESH_ID + Math.max(0, Math.floor(Date.now() / 1000 - FRESH_EPOCH_SECONDS)) * IDS_PER_SECOND;
  lastIssued = Math.max(storeMax, lastIssued, clockFloor) + 1 + gap;
  return lastIssued;
}
