// Environment of the UI server under `vite dev` (npm run ui:dev). Started by startUi — `npm start`
// or the `ui` role, which reads UI_API_URL in ui/config.ts — the address is handed over instead
// (src/lib/server/api-address.ts).
import { defineEnvVars } from '@sveltejs/kit/env';

export const variables = defineEnvVars({
  UI_API_URL: {
    description: 'Base URL of the Koa API (e.g. http://127.0.0.1:8080).',
    schema: (value: string | undefined) => {
      if (value === undefined || value === '') return undefined;
      try {
        new URL(value);
      } catch {
        throw new Error(`UI_API_URL must be a URL, got ${JSON.stringify(value)}`);
      }
      return value.replace(/\/+$/, '');
    },
  },
});
