// The dashboard as its own process (server mode): `node ui/cli.ts` with UI_API_URL, UI_PORT, UI_HOST.
import { startUi } from './server.ts';

const apiUrl = process.env.UI_API_URL ?? 'http://127.0.0.1:8080';
const port = Number(process.env.UI_PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`UI_PORT must be a port number (0–65535), got ${JSON.stringify(process.env.UI_PORT)}`);
  process.exit(2);
}
const ui = await startUi({ apiUrl, port, host: process.env.UI_HOST ?? '127.0.0.1' });
console.log(`dashboard on ${ui.url} (API ${apiUrl})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void ui.close().then(() => process.exit(0));
  });
}
