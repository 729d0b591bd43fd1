// The contract tests' fixture: the REST API over a seeded embedded engine (./harness.ts's dataset),
// through real HTTP, and the request helpers they share. Call setUpContractApi() once at the top of
// a test file; `db`, `api` and `data` are then that file's.
import { afterAll, beforeAll, expect } from 'vitest';
import type { EmbeddedDatabase } from '../../db/engine/embedded.ts';
import { openMigratedEmbedded } from '../../test/template-db.ts';
import type { ApiServer } from '../server.ts';
import { ErrorResponse } from '../schemas.ts';
import { loadDataset, startTestApi, type Dataset } from './harness.ts';

export let db: EmbeddedDatabase;
export let api: ApiServer;
export let data: Dataset;

export function setUpContractApi(): void {
  beforeAll(async () => {
    db = await openMigratedEmbedded();
    data = await loadDataset(db);
    api = await startTestApi(db);
  });
  afterAll(async () => {
    await api.close();
    await db.close();
  });
}

export const get = (path: string, headers: Record<string, string> = {}) => fetch(api.url + path, { headers });

export async function json<T>(
  path: string,
  schema: { parse(v: unknown): T },
  headers: Record<string, string> = {},
) {
  const res = await get(path, headers);
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return schema.parse(await res.json());
}

export async function expectError(path: string, status: number, code: string) {
  const res = await get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = ErrorResponse.parse(await res.json());
  expect(body.error.status).toBe(status);
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
  return body;
}
