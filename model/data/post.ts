// The shapes of a post as the model sees it. `PostInput` is all the scorer needs (what the live
// poller has); `Post` adds what training and evaluation need (identity and community).

/** What the featuriser reads. Fields other than `title` are optional: unknown ≠ empty. */
export interface PostInput {
  title: string;
  /** `""` = no body (link post or title-only); `null`/absent = the source did not say. */
  selftext?: string | null;
  isSelf?: boolean | null;
  /** Link domain, e.g. `i.redd.it`; Reddit's `self.<subreddit>` means a self post, not a domain. */
  domain?: string | null;
}

export interface Post extends PostInput {
  /** Reddit base-36 id, or null when the source did not keep it. */
  id: string | null;
  subreddit: string;
  selftext: string | null;
  isSelf: boolean | null;
  domain: string | null;
  /** The file the post came from, relative to the corpus directory. */
  source: string;
}
