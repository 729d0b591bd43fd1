// Environment of the UI server. In `npm start` the API address is handed over by startUi
// (ui/server.ts) instead; the variable is for running the UI as its own process.
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
