// JSON lines in, JSON lines out: each valid line comes back with every field it had plus
// `seriousness` and `seriousness_top_tokens`; a bad line is reported (with its line number) on
// the error stream and skipped, and the rest still gets scored. Lines are scored in batches.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { z } from 'zod';
import { redditRecordSchema, toPostInput, unwrapThing } from '../data/reddit-record.ts';
import type { PostInput } from '../data/post.ts';
import type { SeriousnessModel } from './library.ts';

/** A scoring line needs a title and a selftext (string, or null when unknown); the rest is optional. */
const scoringLineSchema = redditRecordSchema.extend({ selftext: z.string().nullable() });

export interface ScoreLinesOptions {
  /** How many explaining tokens to attach per post (0 = none). */
  topTokens: number;
  batchSize: number;
}

export interface ScoreLinesResult {
  scored: number;
  rejected: number;
}

interface Pending {
  record: Record<string, unknown>;
  post: PostInput;
}

function describeProblem(error: z.ZodError): string {
  return error.issues.map((issue) => `"${issue.path.join('.') || '(line)'}": ${issue.message}`).join('; ');
}

/** Parses one line into the object to echo back and the post to score, or explains why it cannot. */
export function parseScoringLine(line: string): { ok: true; value: Pending } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'expected a JSON object' };
  const parsed = scoringLineSchema.safeParse(unwrapThing(value));
  if (!parsed.success) return { ok: false, reason: describeProblem(parsed.error) };
  return { ok: true, value: { record: value as Record<string, unknown>, post: toPostInput(parsed.data) } };
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function scoreLines(
  model: SeriousnessModel,
  input: Readable,
  output: Writable,
  errors: Writable,
  options: ScoreLinesOptions,
): Promise<ScoreLinesResult> {
  const result: ScoreLinesResult = { scored: 0, rejected: 0 };
  let pending: Pending[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const scores = await model.scoreBatch(batch.map((p) => p.post));
    let text = '';
    batch.forEach(({ record, post }, i) => {
      const out: Record<string, unknown> = { ...record, seriousness: scores[i]?.seriousness ?? null };
      if (options.topTokens > 0) {
        out.seriousness_top_tokens = model
          .explain(post, options.topTokens)
          .map((t) => ({ token: t.token, weight: Math.round(t.weight * 1e4) / 1e4 }));
      }
      text += `${JSON.stringify(out)}\n`;
    });
    result.scored += batch.length;
    await write(output, text);
  };
  let lineNumber = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    const parsed = parseScoringLine(line);
    if (!parsed.ok) {
      result.rejected++;
      await write(errors, `line ${lineNumber}: rejected: ${parsed.reason}\n`);
      continue;
    }
    pending.push(parsed.value);
    if (pending.length >= options.batchSize) await flush();
  }
  await flush();
  return result;
}
