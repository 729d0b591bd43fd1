// The system tools the tests run, as listed in .ci/system-tools.tsv (the file .ci/run installs
// from). A test file asks for its tools here: outside CI a missing tool skips the test with the
// reason in its title; under CI=true it is a failure, because CI installs every listed tool and a
// skip there would hide a broken install step (issue #19: wrk missing on a fresh machine).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const TOOLS_FILE = path.resolve(import.meta.dirname, '../.ci/system-tools.tsv');

export interface SystemTool {
  binary: string;
  /** Debian package that provides it, or undefined when it comes with the machine image. */
  debianPackage: string | undefined;
  /** The command that prints its version, or undefined when it has none (sh). */
  versionCommand: string | undefined;
  usedBy: string;
}

/** Parses the tab-separated tool list; `#` lines are comments. */
export function parseToolList(text: string): SystemTool[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line, index) => {
      const fields = line.split('\t');
      if (fields.length !== 4 || fields.some((f) => f.trim() === '')) {
        throw new Error(`${TOOLS_FILE}: entry ${index + 1} needs 4 tab-separated fields: ${line}`);
      }
      const [binary, pkg, version, usedBy] = fields as [string, string, string, string];
      return {
        binary,
        debianPackage: pkg === '-' ? undefined : pkg,
        versionCommand: version === '-' ? undefined : version,
        usedBy,
      };
    });
}

export function systemTools(): SystemTool[] {
  return parseToolList(fs.readFileSync(TOOLS_FILE, 'utf8'));
}

/** The absolute path of `binary` on PATH (or the path itself if it has a slash), if executable. */
export function findExecutable(binary: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const candidates = binary.includes('/')
    ? [binary]
    : searchPath
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, binary));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: try the next directory
    }
  }
  return undefined;
}

/** Whether a listed tool is there: a binary on PATH, a file by its path, or `INTERPRETER:MODULE` importable. */
export function toolInstalled(binary: string): boolean {
  const split = binary.lastIndexOf(':');
  if (split <= 0) {
    // Named by its path (a driver's jar, Debian's own python3): it only has to be there.
    if (path.isAbsolute(binary)) return fs.existsSync(binary);
    return findExecutable(binary) !== undefined;
  }
  const interpreter = binary.slice(0, split);
  const module = binary.slice(split + 1);
  if (!findExecutable(interpreter)) return false;
  return (
    spawnSync(interpreter, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 20_000 }).status === 0
  );
}

export interface ToolCheck {
  /** Why the tests that need these tools are skipped; undefined when every tool is there. */
  skipReason: string | undefined;
  /** `title` with " (skipped: …)" appended when skipped, so the reason shows in the report. */
  title(title: string): string;
}

const inCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Checks that every named tool is listed and installed. Outside CI a missing one yields a skip
 * reason; under CI it throws, failing the test file that asked.
 */
export function requireTools(...binaries: string[]): ToolCheck {
  const listed = new Map(systemTools().map((tool) => [tool.binary, tool]));
  const missing: string[] = [];
  for (const binary of binaries) {
    const tool = listed.get(binary);
    if (!tool) throw new Error(`${binary} is not listed in ${TOOLS_FILE}: add it, so that CI installs it`);
    if (!toolInstalled(binary)) {
      missing.push(
        tool.debianPackage
          ? `${binary} is not installed (apt-get install -y ${tool.debianPackage}, as .ci/run does)`
          : `${binary} is not installed (it comes with the machine image, not from Debian)`,
      );
    }
  }
  const skipReason = missing.length > 0 ? missing.join('; ') : undefined;
  if (skipReason && inCi()) throw new Error(`CI=true and a tool the tests need is missing: ${skipReason}`);
  return {
    skipReason,
    title: (title) => (skipReason ? `${title} (skipped: ${skipReason})` : title),
  };
}
