// The image's HEALTHCHECK: probes the role's liveness endpoint. The role comes from ROLE_FILE
// (written by deploy/role.ts). api and all-in-one: GET /health on API_PORT; ui: GET / on UI_PORT.
// migrate, ingest and scorer serve no HTTP: Docker runs this check inside the container, so while
// the process lives the check passes (their liveness is the process itself; Kubernetes uses no
// HEALTHCHECK and the manifests give those roles no HTTP probes). Exit 0 healthy, 1 not.
import fs from 'node:fs';
import { ROLE_FILE, isRole } from './role.ts';

const role = fs.existsSync(ROLE_FILE) ? fs.readFileSync(ROLE_FILE, 'utf8').trim() : undefined;
const probe: Record<string, string | undefined> = {
  api: `http://127.0.0.1:${process.env.API_PORT || '8080'}/health`,
  'all-in-one': `http://127.0.0.1:${process.env.API_PORT || '8080'}/health`,
  ui: `http://127.0.0.1:${process.env.UI_PORT || '3000'}/`,
};
const url = isRole(role) ? probe[role] : undefined;
if (!url) process.exit(0);
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`${url}: ${(error as Error).message}`);
  process.exit(1);
}
