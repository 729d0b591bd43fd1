// The Dockerfile, statically: dockerfile-utils' linter (the one in VS Code's Docker extension)
// for syntax and instruction errors, then the hadolint-style rules issue #8 asks for, written out
// (hadolint itself is in neither npm nor Debian). Nothing here builds the image: no Docker engine.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missing, optionalImport } from './optional.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8');

interface Instruction {
  stage: number;
  keyword: string;
  args: string;
}
/** Instructions with line continuations joined, comments dropped, numbered by build stage. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  let stage = -1;
  const out: Instruction[] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Z]+)\s+(.*)$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const keyword = match[1] as string;
    if (keyword === 'FROM') stage += 1;
    out.push({ stage, keyword, args: (match[2] as string).trim() });
  }
  return out;
}
const all = instructions(dockerfile);
const finalStage = Math.max(...all.map((i) => i.stage));
const final = all.filter((i) => i.stage === finalStage);

const utils = await optionalImport<{
  validate(content: string, settings?: object): { message: string; severity?: number }[];
}>('dockerfile-utils');
const skip = missing(utils);

describe('Dockerfile', () => {
  it.skipIf(skip)(`passes the dockerfile-utils linter${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const problems = (utils as Exclude<typeof utils, string>).validate(dockerfile, {
      deprecatedMaintainer: 1,
    });
    expect(problems.map((p) => p.message)).toEqual([]);
    // The linter does catch mistakes.
    expect(
      (utils as Exclude<typeof utils, string>).validate('FROM node:24-slim\nEXPOSE abc\n').length,
    ).toBeGreaterThan(0);
  });

  it('is multi-stage on a pinned official Node 24 slim base', () => {
    expect(all.filter((i) => i.keyword === 'FROM').length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-(bookworm-)?slim$/m);
    for (const from of all.filter((i) => i.keyword === 'FROM')) expect(from.args).not.toMatch(/:latest\b/);
  });

  it('final stage: production dependencies only, non-root, HEALTHCHECK, exec-form entry point', () => {
    const deps = all.filter((i) => i.keyword === 'RUN' && i.args.includes('npm ci'));
    expect(deps.length).toBe(1);
    expect(deps[0]?.args).toMatch(/--omit=dev/);
    const users = final.filter((i) => i.keyword === 'USER');
    expect(users.at(-1)?.args).toBe('node');
    expect(final.some((i) => i.keyword === 'HEALTHCHECK' && /CMD \[/.test(i.args))).toBe(true);
    expect(final.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe('["node", "deploy/role.ts"]');
    expect(final.find((i) => i.keyword === 'CMD')?.args).toMatch(/^\[/);
    // No dev tooling or test data copied into the final stage.
    for (const copy of final.filter((i) => i.keyword === 'COPY')) {
      expect(copy.args).not.toMatch(/\btest\b|bench\/|\.github|vitest|eslint/);
    }
    expect(final.some((i) => i.keyword === 'COPY' && /--from=ui-build/.test(i.args))).toBe(true);
  });

  it('hadolint-style rules: no ADD, no sudo, no apt upgrade, WORKDIR absolute, no secrets in ENV', () => {
    expect(all.some((i) => i.keyword === 'ADD')).toBe(false);
    expect(dockerfile).not.toMatch(/\bsudo\b|apt-get (dist-)?upgrade/);
    for (const w of all.filter((i) => i.keyword === 'WORKDIR')) expect(w.args).toMatch(/^\//);
    for (const e of all.filter((i) => i.keyword === 'ENV'))
      expect(e.args).not.toMatch(/PASSWORD|SECRET|DATABASE_URL/);
  });

  it('.dockerignore admits only what the image needs and excludes tests, data and secrets', () => {
    const lines = dockerignore
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('**');
    for (const pattern of ['**/test/', '**/*.test.ts', '**/node_modules/', '**/.env', 'model/data/'])
      expect(lines).toContain(pattern);
    for (const copy of final.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from'))) {
      for (const source of copy.args.split(/\s+/).slice(0, -1)) {
        expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
        const allowed = lines.some((l) => l === `!${source}` || l === `!${source.replace(/\/$/, '')}/`);
        expect(allowed, `${source} is admitted by .dockerignore`).toBe(true);
      }
    }
  });
});
