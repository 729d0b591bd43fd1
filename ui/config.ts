// The dashboard's section of the configuration, read from the environment and validated at
// start-up. In the all-in-one process the API's address comes from the API itself; on its own
// (the `ui` role) it is UI_API_URL.
import { z } from 'zod';
import { parseEnv } from '../runtime/config-error.ts';
import { emptyAsUndefined, hostVariable, portVariable } from '../runtime/config.ts';

const EnvSchema = z.object({
  UI_PORT: portVariable(3000),
  /** Where the dashboard listens. Loopback for a laptop; the image sets 0.0.0.0. */
  UI_HOST: hostVariable('127.0.0.1'),
  /** The `ui` role only: the API the dashboard reads (server-side rendering included). */
  UI_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('http://127.0.0.1:8080'),
  ),
});

export type UiConfig = Readonly<{ port: number; host: string; apiUrl: string }>;

export function loadUiConfig(env: NodeJS.ProcessEnv = process.env): UiConfig {
  const e = parseEnv(EnvSchema, env);
  return { port: e.UI_PORT, host: e.UI_HOST, apiUrl: e.UI_API_URL } satisfies UiConfig;
}
