// Cassette replay: serves the interactions PRAW recorded against the live Reddit API, in order, so a
// client under test meets exactly what Reddit sent — status (with its reason phrase), headers
// (x-ratelimit-*, retry-after, www-authenticate, content-type, set-cookie…) and the body bytes.
//
// Matching, one interaction at a time (the next unplayed one):
// - `match: 'exact'` (default): same method, same path (host ignored: www.reddit.com and
//   oauth.reddit.com are both this server; a `.json` suffix or trailing slash on either side is
//   ignored), and the same query parameters in any order, apart from those in `ignoreQuery`.
// - `match: 'role'`: same method and same role — the token endpoint must be asked for when a token
//   interaction is next, any other path stands in for a recorded API call. Lets a poller polling
//   `/r/x/new` replay prawcore's sessions that were recorded against `GET /`.
// Authorization, User-Agent, cookies and the form body are not compared: tokens were redacted
// (`<ACCESS_TOKEN>`) and the client under test has its own. A request that does not match gets
// status 599 and a JSON body naming what was expected, and the cassette does not advance — so a
// client bug shows up as a clear failure. When every interaction has been played, every further
// request gets 599 too.
//
// Not replayed: hop-by-hop headers (connection, keep-alive, transfer-encoding), content-length
// (recomputed: redaction changed some bodies' lengths) and content-encoding (bodies are stored
// decoded). Responses are sent immediately; recorded timing is not reproduced.
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadCassette, type CassetteInteraction } from './cassette-file.ts';
import { closeServer, listen, readBody } from './http-util.ts';

export interface CassetteServerOptions {
  port?: number;
  host?: string;
  match?: 'exact' | 'role';
  /** Query parameters left out of the comparison in exact mode (e.g. `['count']`). */
  ignoreQuery?: string[];
}

export interface CassetteRequestRecord {
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Which recorded interaction answered it (`file#n`, n from 0), or null for a 599. */
  played: string | null;
  /** The recorded URI that was expected (the one played, or the one missed). */
  expected: string | null;
}

export interface CassetteServer {
  readonly url: string;
  readonly requests: CassetteRequestRecord[];
  /** How many recorded interactions have not been played yet. */
  remaining(): number;
  close(): Promise<void>;
}

interface Tape {
  source: string;
  interaction: CassetteInteraction;
  method: string;
  path: string;
  query: Record<string, string>;
  isToken: boolean;
}

const DROPPED_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
]);
export const MISMATCH_STATUS = 599;

export async function startCassetteServer(
  cassettePaths: string[],
  options: CassetteServerOptions = {},
): Promise<CassetteServer> {
  const tape = cassettePaths.flatMap((file) =>
    loadCassette(file).interactions.map((interaction, i): Tape => {
      const uri = new URL(interaction.request.uri);
      return {
        source: `${file}#${i}`,
        interaction,
        method: interaction.request.method.toUpperCase(),
        path: uri.pathname,
        query: Object.fromEntries(uri.searchParams),
        isToken: normalPath(uri.pathname) === '/api/v1/access_token',
      };
    }),
  );
  let next = 0;
  const requests: CassetteRequestRecord[] = [];
  const match = options.match ?? 'exact';
  const ignored = new Set(options.ignoreQuery ?? []);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await readBody(req); // drain; the form body is not compared (see above)
    const url = new URL(req.url ?? '/', 'http://cassette');
    const record: CassetteRequestRecord = {
      time: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: MISMATCH_STATUS,
      played: null,
      expected: null,
    };
    requests.push(record);
    const expected = tape[next];
    const got = `${record.method} ${url.pathname}${url.search}`;
    if (!expected) {
      mismatch(res, { error: 'cassette exhausted', got, played: tape.length });
      return;
    }
    record.expected = expected.interaction.request.uri;
    if (!matches(match, ignored, expected, record)) {
      mismatch(res, {
        error: 'request does not match the next recorded interaction',
        expected: `${expected.method} ${expected.interaction.request.uri}`,
        expectedFrom: expected.source,
        got,
        match,
      });
      return;
    }
    next += 1;
    const { status, headers, body } = expected.interaction.response;
    record.status = status.code;
    record.played = expected.source;
    const bytes = Buffer.from(body.string, 'utf8');
    const out: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(headers)) {
      if (!DROPPED_HEADERS.has(name.toLowerCase())) out[name] = values;
    }
    out['Content-Length'] = [String(bytes.length)];
    res.writeHead(status.code, status.message, out);
    res.end(bytes);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) mismatch(res, { error: `cassette server bug: ${String(err)}` });
    });
  });
  const url = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    url,
    requests,
    remaining: () => tape.length - next,
    close: () => closeServer(server),
  };
}

function matches(
  mode: 'exact' | 'role',
  ignored: ReadonlySet<string>,
  expected: Tape,
  got: CassetteRequestRecord,
): boolean {
  if (expected.method !== got.method.toUpperCase()) return false;
  const gotToken = normalPath(got.path) === '/api/v1/access_token';
  if (mode === 'role') return expected.isToken === gotToken;
  if (normalPath(expected.path) !== normalPath(got.path)) return false;
  const relevant = (q: Record<string, string>): string =>
    JSON.stringify(
      Object.entries(q)
        .filter(([k]) => !ignored.has(k))
        .sort(),
    );
  return relevant(expected.query) === relevant(got.query);
}

function normalPath(p: string): string {
  return p.replace(/\/+$/, '').replace(/\.json$/, '') || '/';
}

function mismatch(res: ServerResponse, body: Record<string, unknown>): void {
  const bytes = Buffer.from(JSON.stringify(body, null, 2), 'utf8');
  res.writeHead(MISMATCH_STATUS, 'Cassette Mismatch', {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(bytes.length),
  });
  res.end(bytes);
}
