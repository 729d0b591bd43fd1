// Reads the betamax cassettes PRAW's maintainers recorded against the live Reddit API
// (../shared/data/reddit-api/cassettes/**): `{interactions: [{request, response, recorded_at}]}`, where
// headers are `name → [values]`, `response.status` is `{code, message}` and the body is a UTF-8 string
// in `response.body.string` (the exact bytes Reddit sent, after redaction of tokens).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { redditApiDir } from './paths.ts';

// praw/prawcore record each header as a list of values; asyncpraw as a plain string (one value).
const headers = z.record(z.string(), z.union([z.array(z.string()), z.string().transform((v) => [v])]));

const interaction = z.object({
  recorded_at: z.string().optional(),
  request: z.object({
    method: z.string(),
    uri: z.string(),
    headers,
    // A form body is a string, null, or (asyncpraw) a list of [key, value] pairs.
    body: z.union([z.string(), z.null(), z.array(z.tuple([z.string(), z.string()]))]),
  }),
  response: z.object({
    status: z.object({ code: z.number(), message: z.string() }),
    headers,
    body: z.object({ string: z.string() }),
  }),
});

const cassette = z.object({ interactions: z.array(interaction), recorded_at: z.string().optional() });

export type CassetteInteraction = z.infer<typeof interaction>;
export type Cassette = z.infer<typeof cassette>;

export function cassettesDir(): string {
  return path.join(redditApiDir(), 'cassettes');
}

/** Loads a cassette; a relative path is taken relative to the cassettes directory. */
export function loadCassette(file: string): Cassette {
  const full = path.isAbsolute(file) ? file : path.join(cassettesDir(), file);
  return cassette.parse(JSON.parse(fs.readFileSync(full, 'utf8')));
}

/** The form fields of a recorded request body, whichever of the three shapes it was stored in. */
const FALLBACK_429 =
  '<!doctype html><html><head><title>Too Many Requests</title></head><body><h1>whoa there, pardner!</h1>' +
  "<p>we're sorry, but you appear to be a bot and we've seen too many requests from you lately.</p></body></html>";

let html429: string | undefined;

/** Reddit's real 429 page (prawcore's recording); a short stand-in if the data is not there. */
export function tooManyRequestsHtml(): string {
  if (html429 !== undefined) return html429;
  try {
    const c = loadCassette('prawcore/TestSession.test_request__too__many_requests__with_retry_headers.json');
    html429 =
      c.interactions.find((i) => i.response.status.code === 429)?.response.body.string ?? FALLBACK_429;
  } catch {
    html429 = FALLBACK_429;
  }
  return html429;
}
