// Builds the dashboard once per test run when ui/src is newer than ui/build (or there is none),
// so the browser suite always drives the code under test.
import { ensureBuilt } from '../build.ts';

export default async function setup(): Promise<void> {
  await ensureBuilt();
}
