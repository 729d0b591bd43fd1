// The `ui` role: the dashboard on its own, on UI_HOST:UI_PORT, reading the API at UI_API_URL. It
// opens no database: everything it shows comes from the API.
import { start } from '../runtime/boot.ts';
import { stopOnSignals } from '../runtime/shutdown.ts';
import { loadUiConfig } from '../ui/config.ts';
import { startUi } from '../ui/server.ts';

const { config, log, exit } = start({ service: 'ui', sections: { ui: loadUiConfig } });
const ui = await startUi({
  apiUrl: config.ui.apiUrl,
  port: config.ui.port,
  host: config.ui.host,
  log: (line) => log.info(line),
}).catch((error: unknown) => exit(1, `start-up failed: ${(error as Error).message}`, error));
console.log(`dashboard on ${ui.url} (API ${config.ui.apiUrl})`);
stopOnSignals(log, () => [{ name: 'ui', run: () => ui.close() }]);
