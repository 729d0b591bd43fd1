import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelDir } from '../config.ts';
import type { SeriousnessModel } from '../score/library.ts';
import { loadModel } from '../score/library.ts';
import { parseScoringLine, scoreLines } from '../score/score-lines.ts';
import { writeTinyOnnx } from './fixture.ts';

let modelPath = '';
beforeAll(() => {
  modelPath = writeTinyOnnx();
});
afterAll(() => fs.rmSync(path.dirname(modelPath), { recursive: true, force: true }));

const input = [
  JSON.stringify({
    id: 'a',
    title: 'Why is the sky blue?',
    selftext: 'Rayleigh scattering',
    extra: { nested: [1, 2] },
    score: 5,
  }),
  '{"title": "broken',
  JSON.stringify({ id: 'b', title: 'lol', selftext: null, subreddit: 'Jokes' }),
  JSON.stringify({ id: 'c', selftext: 'no title here' }),
  '',
  JSON.stringify([1, 2]),
  JSON.stringify({ kind: 't3', data: { id: 'd', title: 'Wrapped', selftext: '' } }),
].join('\n');

function runCli(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(modelDir, 'cli', 'score.ts'), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('parseScoringLine', () => {
  it.each([
    ['{"title": "x"', /not valid JSON/],
    ['[1]', /expected a JSON object/],
    ['"just a string"', /expected a JSON object/],
    ['{"selftext": ""}', /"title"/],
    ['{"title": "x"}', /"selftext"/],
    ['{"title": 3, "selftext": ""}', /"title"/],
  ])('rejects %s', (line, reason) => {
    const parsed = parseScoringLine(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('scoreLines', () => {
  let model: SeriousnessModel;
  beforeAll(async () => {
    model = await loadModel(modelPath);
  });
  afterAll(() => model.close());

  it('scores in batches, keeps order, and reports bad lines by number', async () => {
    const output = new PassThrough();
    const errors = new PassThrough();
    const chunks: string[] = [];
    const errorChunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString()));
    errors.on('data', (c: Buffer) => errorChunks.push(c.toString()));
    const result = await scoreLines(model, Readable.from([input]), output, errors, {
      topTokens: 0,
      batchSize: 2,
    });
    expect(result).toEqual({ scored: 3, rejected: 3 });
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id?: string; data?: { id: string } });
    expect(lines.map((l) => l.id ?? l.data?.id)).toEqual(['a', 'b', 'd']);
    expect(errorChunks.join('')).toMatch(/^line 2: .*\nline 4: .*\nline 6: /);
  });
});

describe('npm run score (CLI)', () => {
  it('writes every field back with seriousness and top tokens, rejecting bad lines without stopping', async () => {
    const { code, stdout, stderr } = await runCli(['--model', modelPath, '--top', '3'], input);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      id: 'a',
      title: 'Why is the sky blue?',
      selftext: 'Rayleigh scattering',
      extra: { nested: [1, 2] },
      score: 5,
    });
    for (const line of lines) {
      expect(line.seriousness).toBeGreaterThanOrEqual(0);
      expect(line.seriousness).toBeLessThanOrEqual(1);
      expect(Array.isArray(line.seriousness_top_tokens)).toBe(true);
      expect((line.seriousness_top_tokens as unknown[]).length).toBeLessThanOrEqual(3);
    }
    expect(lines[2]).toMatchObject({ kind: 't3', data: { id: 'd' } });
    expect(stderr).toContain('line 2: rejected: not valid JSON');
    expect(stderr).toContain('line 4: rejected: "title"');
    expect(stderr).toContain('line 6: rejected: expected a JSON object');
    expect(stderr).toMatch(/scored 3 posts .*rejected 3 lines/);
    expect(code).toBe(1);
  });

  it('exits 0 when every line is good, and 2 with a message on a bad option', async () => {
    const ok = await runCli(['--model', modelPath, '--top', '0'], '{"title":"a","selftext":""}\n');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).not.toHaveProperty('seriousness_top_tokens');
    const bad = await runCli(['--model', modelPath, '--batch', 'zero'], '');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch must be a positive integer');
  });
});
