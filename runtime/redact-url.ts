// A database URL as it may be printed (the ready line, logs): the password replaced, whatever it
// contains (`@`, `:`, `/` and percent-escapes included), parsed as a URL rather than matched.

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a DATABASE_URL that is not a URL)';
  }
  if (parsed.host === '') return '(a DATABASE_URL that is not a URL)'; // 'user:pass@host' parses as a scheme
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}
