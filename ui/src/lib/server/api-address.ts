// How the dashboard's server side finds the API. startUi (ui/server.ts) hands the address over in
// the same process — the API's own in `npm start`, UI_API_URL in the `ui` role. The built app is a
// bundle of its own, separate from ui/server.ts's modules, so the hand-over goes through one
// process-wide symbol; both sides import it from here, so the key is written once.
const API_URL_KEY = Symbol.for('reddit-seriousness.ui.apiUrl');

type Slot = Record<symbol, string | undefined>;

export function handOverApiUrl(url: string): void {
  (globalThis as unknown as Slot)[API_URL_KEY] = url.replace(/\/+$/, '');
}

/** The handed-over address, if the process was started by startUi (not under `vite dev`). */
export function handedApiUrl(): string | undefined {
  return (globalThis as unknown as Slot)[API_URL_KEY];
}
