// What a subreddit name is, as the posts table's CHECK posts_subreddit_format (0002_posts.sql)
// accepts it: 2–21 letters, digits or underscores. For code that checks a name before the database
// does — the API's parameters, the ingest config, the listing parser (a post it would refuse is a
// dead letter, not a failed batch). db/test/subreddit-name.test.ts keeps this and the CHECK equal.
export const SUBREDDIT_NAME = /^[A-Za-z0-9_]{2,21}$/;

/** Part of a subreddit name (a search, as it is typed): up to 21 of the same characters. */
export const SUBREDDIT_NAME_PART = /^[A-Za-z0-9_]{0,21}$/;
