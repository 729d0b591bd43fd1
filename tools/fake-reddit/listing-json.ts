// Serialises a page of the store as Reddit's `Listing` wire format (the 2026 shape:
// after, dist, modhash, geo_filter, children, before), plus the HTML escaping Reddit applies to
// every string in the response unless the request carries `raw_json=1`.
import { idFromValue } from './ids.ts';
import type { ListingPage } from './post-store.ts';
import type { Fault } from './types.ts';

export interface ListingChild {
  kind: string;
  data: Record<string, unknown>;
}

export function listingBody(page: ListingPage, children: ListingChild[], rawJson: boolean): string {
  const listing = {
    kind: 'Listing',
    data: {
      after: page.after,
      dist: children.length,
      modhash: null,
      geo_filter: null,
      children,
      before: page.before,
    },
  };
  return JSON.stringify(rawJson ? listing : escapeStrings(listing));
}

export function postChildren(page: ListingPage): ListingChild[] {
  return page.posts.map((p) => ({ kind: 't3', data: p.data }));
}

/**
 * The response body for a page, with the body fault (if it applies) worked in. `applied` is the
 * fault that was used, so the caller can consume it; a fault that does not apply here (e.g.
 * `missing-field` on an empty page, or a transport fault) is left alone.
 */
export function renderListing(
  page: ListingPage,
  fault: Fault | undefined,
  rawJson: boolean,
): { body: string; applied: Fault | undefined } {
  let children = postChildren(page);
  let applied: Fault | undefined;
  if (fault?.kind === 'unexpected-kind') {
    const at = Math.floor(children.length / 2);
    children = [...children.slice(0, at), oddChild(fault.childKind ?? 't1'), ...children.slice(at)];
    applied = fault;
  } else if (fault?.kind === 'missing-field' && children[0]) {
    const data = { ...children[0].data };
    delete data[fault.field];
    children = [{ kind: 't3', data }, ...children.slice(1)];
    applied = fault;
  }
  let body = listingBody(page, children, rawJson);
  if (fault?.kind === 'malformed-json') {
    // A response cut short mid-stream: a valid start, no end.
    body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    applied = fault;
  }
  return { body, applied };
}

/** A child a t3-only consumer must skip: a comment (t1), a subreddit (t5) or anything else. */
function oddChild(kind: string): ListingChild {
  const id = idFromValue(Math.floor(Date.now() / 1000));
  if (kind === 't1') {
    return {
      kind,
      data: { id, name: `t1_${id}`, body: 'a comment, not a post', link_id: 't3_0', subreddit: 'all' },
    };
  }
  if (kind === 't5') return { kind, data: { id, name: `t5_${id}`, display_name: 'notapost' } };
  return { kind, data: { id, name: `${kind}_${id}` } };
}

/**
 * Reddit's legacy escaping: without `raw_json=1` every string value (titles, bodies, urls, even
 * selftext_html) has `&`, `<`, `>` replaced by `&amp;`, `&lt;`, `&gt;`. Keys are untouched.
 */
export function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeStrings(v);
    return out;
  }
  return value;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
