// The explanation route with the committed ONNX model on the real embedded engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDatabase } from '../../db/engine/embedded.ts';
import { insertPosts } from '../../test/fixtures.ts';
import { defaultModelPath } from '../../model/config.ts';
import { ModelCache, activateModel } from '../../model/registry/models.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import { ErrorResponse, ExplanationResponse } from '../schemas.ts';
import type { ApiServer } from '../server.ts';
import { startTestApi } from './harness.ts';

let db: EmbeddedDatabase;
let models: ModelCache;
let api: ApiServer;
let version: string;

beforeAll(async () => {
  db = await openMigratedEmbedded();
  ({ version } = await activateModel(db, defaultModelPath));
  models = new ModelCache(db, 100);
  await insertPosts(db, [
    {
      id: 'abc123',
      createdAt: new Date(Date.now() - 60_000),
      subreddit: 'AskScience',
      title: 'Why is the sky blue?',
    },
  ]);
  api = await startTestApi(db, { models });
});
afterAll(async () => {
  await api.close();
  await models.close();
  await db.close();
});

describe('GET /posts/:id/explanation', () => {
  it("explains a post's score with the active model's strongest tokens", async () => {
    for (const id of ['abc123', 't3_abc123']) {
      const res = await fetch(`${api.url}/posts/${id}/explanation?top=5`);
      expect(res.status).toBe(200);
      const body = ExplanationResponse.parse(await res.json());
      expect(body).toMatchObject({ postId: 'abc123', modelVersion: version });
      expect(body.contributions.length).toBeGreaterThan(0);
      expect(body.contributions.length).toBeLessThanOrEqual(5);
    }
  });

  it('returns 404, not 500, for an unknown post, and 400 for a malformed id or top', async () => {
    const missing = await fetch(`${api.url}/posts/zzzzzz/explanation`);
    expect(missing.status).toBe(404);
    expect(ErrorResponse.parse(await missing.json()).error.code).toBe('not_found');
    for (const path of [
      '/posts/ABC/explanation',
      '/posts/abc123/explanation?top=0',
      '/posts/abc123/explanation?top=x',
    ]) {
      const res = await fetch(api.url + path);
      expect(res.status, path).toBe(400);
    }
  });
});
