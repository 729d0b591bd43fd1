// The split-and-retry that isolates posts a model cannot score. onnxruntime cannot be made to fail
// on one post at will, so the model here is a stand-in with the library's `scoreBatch` contract.
import { describe, expect, it } from 'vitest';
import type { PostInput } from '../score/library.ts';
import { scoreIsolatingFailures } from '../score/isolating-failures.ts';

function standInModel(behaviour: (post: PostInput) => number | Error) {
  const calls: number[] = [];
  return {
    calls,
    async scoreBatch(posts: readonly PostInput[]) {
      calls.push(posts.length);
      const results = posts.map(behaviour);
      const failure = results.find((r) => r instanceof Error);
      if (failure) throw failure;
      return results.map((seriousness) => ({ seriousness: seriousness as number }));
    },
  };
}

const posts = (titles: string[]): PostInput[] => titles.map((title) => ({ title }));

describe('scoreIsolatingFailures', () => {
  it.each([
    { name: 'no poison', titles: ['a', 'b', 'c', 'd'], poison: [] as string[] },
    { name: 'one poison post among eight', titles: 'abcdefgh'.split(''), poison: ['f'] },
    { name: 'two poison posts', titles: 'abcdefgh'.split(''), poison: ['a', 'h'] },
    { name: 'all poison', titles: ['x', 'y'], poison: ['x', 'y'] },
    { name: 'a single poison post alone', titles: ['p'], poison: ['p'] },
  ])('$name: scores the rest and names each poison post', async ({ titles, poison }) => {
    const model = standInModel((p) =>
      poison.includes(p.title) ? new Error(`cannot score ${p.title}`) : 0.5,
    );
    const outcome = await scoreIsolatingFailures(model, posts(titles));
    expect(outcome.failed.map((f) => [f.post.title, f.reason])).toEqual(
      poison.map((t) => [t, `cannot score ${t}`]),
    );
    expect(outcome.scored.map((s) => s.post.title)).toEqual(titles.filter((t) => !poison.includes(t)));
  });

  it('runs one batch, not one call per post, when nothing fails', async () => {
    const model = standInModel(() => 0.25);
    await scoreIsolatingFailures(model, posts('abcdefghij'.split('')));
    expect(model.calls).toEqual([10]);
  });

  it('treats a score outside [0, 1] or NaN as a failure of that post only', async () => {
    const model = standInModel((p) => (p.title === 'nan' ? Number.NaN : p.title === 'big' ? 1.5 : 0.7));
    const outcome = await scoreIsolatingFailures(model, posts(['ok', 'nan', 'big']));
    expect(outcome.scored.map((s) => s.post.title)).toEqual(['ok']);
    expect(outcome.failed.map((f) => f.post.title)).toEqual(['nan', 'big']);
    expect(outcome.failed[0]?.reason).toMatch(/invalid score \(NaN\)/);
  });
});
