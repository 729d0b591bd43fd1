// The API's configuration, read from the environment and validated at start-up (a bad value stops
// the process with a message naming the variable).
import { z } from 'zod';
import { parseEnv } from '../runtime/config-error.ts';
import { emptyAsUndefined, hostVariable, portVariable } from '../runtime/config.ts';

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

const EnvSchema = z.object({
  API_PORT: portVariable(8080),
  /** Where the API listens. Loopback for a laptop; the image sets 0.0.0.0. */
  API_HOST: hostVariable('127.0.0.1'),
  /** `*` (any origin), or a comma-separated list of origins such as `http://localhost:3000`. */
  API_CORS_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default('*')
      .transform((value) => value.split(',').map((o) => o.trim()))
      .refine((list) => (list.length === 1 && list[0] === '*') || list.every((o) => ORIGIN.test(o)), {
        error: 'must be * or a comma-separated list of origins like http://localhost:3000',
      }),
  ),
  /**
   * `on`: answers are reused until the data they were read from changes, where the engine
   * announces every change (embedded; ../db/data-changes.ts). `off`: every request reads.
   */
  API_CACHE: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('on')),
  /** Honour X-Forwarded-For / -Proto (behind a reverse proxy). */
  API_TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(['true', 'false']).default('false')),
  /** Serve Prometheus metrics at /metrics. */
  API_METRICS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('on')),
});

export type ApiConfig = Readonly<{
  port: number;
  host: string;
  /** `'*'` or the exact origins allowed. */
  corsOrigins: '*' | readonly string[];
  /** Reuse answers until their data changes (where a data-changes feed exists). */
  cache: boolean;
  trustProxy: boolean;
  metrics: boolean;
}>;

export const defaultApiConfig: ApiConfig = {
  port: 0,
  host: '127.0.0.1',
  corsOrigins: '*',
  cache: true,
  trustProxy: false,
  metrics: true,
};

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = parseEnv(EnvSchema, env);
  return {
    port: e.API_PORT,
    host: e.API_HOST,
    corsOrigins: e.API_CORS_ORIGINS.length === 1 && e.API_CORS_ORIGINS[0] === '*' ? '*' : e.API_CORS_ORIGINS,
    cache: e.API_CACHE === 'on',
    trustProxy: e.API_TRUST_PROXY === 'true',
    metrics: e.API_METRICS === 'on',
  } satisfies ApiConfig;
}
