// Turns a FakePostInput into a full 2026-shaped `t3` object: a recorded 2026 self post with the
// fields that identify and describe the post replaced. Everything else (awards, flags, media keys…)
// keeps the template's values, so consumers see the real field set and types.
import { createHash } from 'node:crypto';
import { idFromValue } from './ids.ts';
import { escapeHtml } from './listing-json.ts';
import type { FakePost, FakePostInput, T3Data } from './types.ts';

export function buildT3(
  template: T3Data,
  idValue: number,
  input: FakePostInput,
  nowSeconds: number,
): FakePost {
  const id = idFromValue(idValue);
  const subreddit = input.subreddit;
  const title = input.title;
  const selftext = input.selftext ?? '';
  const author = input.author ?? `fake_${stableId(`author:${title}`).slice(0, 8)}`;
  const created = input.created_utc ?? nowSeconds;
  const over18 = input.over_18 ?? false;
  const score = input.score ?? 1;
  const permalink = `/r/${subreddit}/comments/${id}/${slug(title)}/`;
  const data: T3Data = {
    ...structuredClone(template),
    id,
    name: `t3_${id}`,
    subreddit,
    subreddit_name_prefixed: `r/${subreddit}`,
    subreddit_id: `t5_${stableId(`sub:${subreddit.toLowerCase()}`).slice(0, 6)}`,
    title,
    selftext,
    selftext_html: selftext === '' ? null : selftextHtml(selftext),
    author,
    author_fullname: `t2_${stableId(`user:${author}`).slice(0, 9)}`,
    created,
    created_utc: created,
    permalink,
    url: `https://www.reddit.com${permalink}`,
    domain: `self.${subreddit}`,
    is_self: true,
    thumbnail: over18 ? 'nsfw' : 'self',
    over_18: over18,
    score,
    ups: score,
    upvote_ratio: 1,
    num_comments: input.num_comments ?? 0,
    num_crossposts: 0,
    link_flair_text: null,
    link_flair_richtext: [],
    link_flair_css_class: null,
    link_flair_template_id: null,
    link_flair_type: 'text',
    link_flair_text_color: 'dark',
    link_flair_background_color: '',
    content_categories: null,
  };
  return { id, name: `t3_${id}`, subredditKey: subreddit.toLowerCase(), idValue, data };
}

/** Reddit's permalink slug: lower-case words joined by `_`, cut to about 50 characters. */
export function slug(title: string): string {
  const words = title
    .toLowerCase()
    .replace(/[^a-z0-9\s]+/g, '')
    .split(/\s+/)
    .filter(Boolean);
  let out = '';
  for (const w of words) {
    if (out.length + w.length + 1 > 50) break;
    out = out ? `${out}_${w}` : w;
  }
  return out || '_';
}

/** A plain-paragraph stand-in for Reddit's markdown rendering, wrapped as Reddit wraps it. */
function selftextHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p)}</p>\n`)
    .join('');
  return `<!-- SC_OFF --><div class="md">${paragraphs}</div><!-- SC_ON -->`;
}

function stableId(key: string): string {
  return BigInt(`0x${createHash('sha256').update(key).digest('hex').slice(0, 15)}`).toString(36);
}
