// The files of a corpus directory: every *.jsonl / *.ndjson under it, recursively, in sorted order
// so that every reader sees the same posts in the same order on every machine.
import fs from 'node:fs';
import path from 'node:path';

export function listDataFiles(dir: string): string[] {
  const out: string[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listDataFiles(full));
    else if (/\.(jsonl|ndjson)$/.test(entry.name)) out.push(full);
  }
  return out;
}
