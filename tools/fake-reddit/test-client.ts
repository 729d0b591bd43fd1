// A minimal Reddit client for the fake's own tests (the real client lives in ingest/): logs in with
// app-only OAuth and fetches listings over real HTTP.
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './server.ts';

export const TEST_USER_AGENT = 'node:seriousness-fake-reddit-test:0.1 (by /u/dev)';

export async function login(
  url: string,
  id = DEFAULT_CLIENT_ID,
  secret = DEFAULT_CLIENT_SECRET,
  grantType = 'client_credentials',
): Promise<Response> {
  return fetch(`${url}/api/v1/access_token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': TEST_USER_AGENT,
    },
    body: `grant_type=${grantType}`,
  });
}

export async function token(url: string): Promise<string> {
  const res = await login(url);
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

export async function get(url: string, pathAndQuery: string, bearer?: string): Promise<Response> {
  const headers: Record<string, string> = { 'user-agent': TEST_USER_AGENT };
  if (bearer !== undefined) headers['authorization'] = `bearer ${bearer}`;
  return fetch(`${url}${pathAndQuery}`, { headers });
}

export interface ListingJson {
  kind: string;
  data: {
    after: string | null;
    before: string | null;
    dist: number;
    children: { kind: string; data: Record<string, unknown> & { id: string; name: string } }[];
  };
}

export async function listing(url: string, pathAndQuery: string, bearer?: string): Promise<ListingJson> {
  const res = await get(url, pathAndQuery, bearer);
  if (res.status !== 200) throw new Error(`${pathAndQuery} → ${res.status}`);
  return (await res.json()) as ListingJson;
}

export function ids(l: ListingJson): string[] {
  return l.data.children.map((c) => c.data.id);
}
