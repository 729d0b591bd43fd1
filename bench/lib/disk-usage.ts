// Space a directory takes on disk: allocated blocks, as `du` counts them (files are sparse or
// preallocated, so their lengths say less).
import fs from 'node:fs';
import path from 'node:path';

export function diskUsageBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += diskUsageBytes(full);
    else total += fs.lstatSync(full).blocks * 512;
  }
  return total + fs.lstatSync(dir).blocks * 512;
}
