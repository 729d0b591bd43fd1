// The only way the UI gets data: HTTP to the Koa API, at the address startUi handed over
// (./api-address.ts), or UI_API_URL under `vite dev`.
import { UI_API_URL } from '$app/env/private';
import { handedApiUrl } from './api-address.ts';

export function apiBase(): string {
  return handedApiUrl() ?? UI_API_URL ?? 'http://127.0.0.1:8080';
}

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** GET a JSON answer; non-2xx become ApiError with the API's own message; no answer → 503. */
export async function apiGet<T>(fetch: typeof globalThis.fetch, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${apiBase()}${path}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ApiError(503, `The API at ${apiBase()} does not answer (${(error as Error).message}).`);
  }
  if (!response.ok) {
    let message = `The API answered ${response.status}.`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message);
  }
  return (await response.json()) as T;
}
