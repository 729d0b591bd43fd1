// Generated Markdown and JSON go through the repository's Prettier settings before they are
// written, so `npm run format:check` stays clean right after `model:train` / `model:eval`.
import fs from 'node:fs';
import * as prettier from 'prettier';

export async function writeFormatted(file: string, text: string): Promise<void> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
}
